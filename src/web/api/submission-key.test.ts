import { describe, expect, it } from 'vitest';
import { newSubmissionKey, RETRY_MS, SETTLE_MS, SubmissionKeys } from './submission-key.js';

describe('submission keys (one idempotency key per form submission)', () => {
  it('are random, 32 hex digits', () => {
    const a = newSubmissionKey();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(newSubmissionKey()).not.toBe(a);
  });

  it('a double click (the same content while the first is in flight) shares the key', () => {
    const keys = new SubmissionKeys(() => 1000);
    const first = keys.begin('POST /points/activities {"a":1}');
    const second = keys.begin('POST /points/activities {"a":1}');
    expect(second.key).toBe(first.key);
    expect(keys.begin('POST /points/activities {"a":2}').key).not.toBe(first.key);
  });

  it('a late second click just after the answer shares it; a later submission does not', () => {
    let now = 1000;
    const keys = new SubmissionKeys(() => now);
    const first = keys.begin('s');
    first.end(true);
    now += SETTLE_MS - 1;
    const late = keys.begin('s');
    expect(late.key).toBe(first.key);
    late.end(true);
    now += SETTLE_MS + 1;
    expect(keys.begin('s').key).not.toBe(first.key);
  });

  it('a retry after a failure keeps the key for a while', () => {
    let now = 0;
    const keys = new SubmissionKeys(() => now);
    const first = keys.begin('s');
    first.end(false);
    now += RETRY_MS - 1;
    const retry = keys.begin('s');
    expect(retry.key).toBe(first.key);
    retry.end(true);
    now += RETRY_MS + 1;
    expect(keys.begin('s').key).not.toBe(first.key);
  });
});
