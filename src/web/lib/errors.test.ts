import { describe, expect, it } from 'vitest';
import { changedKeys } from './audit.js';
import { blockedReason, fieldErrors, fieldOfPath, isFormValidationError, isRetryable } from './errors.js';

const messages = { 'zh-CN': '编码已存在', en: 'This code is already in use' };

describe('fieldErrors', () => {
  it('places a code the caller ties to a field, in the current language', () => {
    const err = { code: 'duplicate_code', messages };
    expect(fieldErrors(err, 'zh-CN', ['code', 'name'], { duplicate_code: 'code' })).toEqual([
      { field: 'code', message: '编码已存在' },
    ]);
    expect(fieldErrors(err, 'en', ['code'], { duplicate_code: 'code' })[0]?.message).toBe(
      'This code is already in use',
    );
  });

  it('places schema issues by their path and a service error by details.field', () => {
    const err = {
      code: 'validation_failed',
      messages,
      details: {
        issues: [
          { path: 'body.phone', message: 'digits' },
          { path: 'body.nope', message: 'x' },
        ],
      },
    };
    expect(fieldErrors(err, 'zh-CN', ['phone', 'name']).map((f) => f.field)).toEqual(['phone']);
    const svc = { code: 'validation_failed', messages, details: { field: 'date', min: '2024-01-01' } };
    expect(fieldErrors(svc, 'zh-CN', ['date']).map((f) => f.field)).toEqual(['date']);
  });

  it('places nothing for errors about no field of the form (the page shows a banner)', () => {
    expect(fieldErrors({ code: 'forbidden', messages }, 'zh-CN', ['code'])).toEqual([]);
    expect(fieldErrors({ code: 'validation_failed', messages, details: 'odd' }, 'zh-CN', ['code'])).toEqual(
      [],
    );
  });

  it('reads Fastify validation paths', () => {
    expect(fieldOfPath('body.code')).toBe('code');
    expect(fieldOfPath('.parentId')).toBe('parentId');
    expect(fieldOfPath('querystring.page')).toBe('page');
    expect(fieldOfPath('body.days.0.date')).toBe('days');
  });
});

describe('audit diffs', () => {
  it('lists changed top-level keys, added and removed ones included', () => {
    expect(changedKeys({ name: 'A', code: 'X', n: 1 }, { name: 'B', code: 'X', extra: true })).toEqual([
      'name',
      'extra',
      'n',
    ]);
    expect(changedKeys(null, null)).toEqual([]);
    expect(changedKeys('a', 'b')).toEqual(['']);
  });
});

describe('isRetryable (重试 only where trying again can help)', () => {
  it('offers a retry for network, server and throttling failures', () => {
    for (const s of [0, 429, 500, 502, 503]) expect(isRetryable(s)).toBe(true);
  });
  it('never for refusals, missing records, conflicts or bad input', () => {
    for (const s of [400, 401, 403, 404, 409, 413, 415, 422]) expect(isRetryable(s)).toBe(false);
  });
});

describe('isFormValidationError', () => {
  it("recognises Ant Design's validation rejection only", () => {
    expect(isFormValidationError({ errorFields: [], values: {} })).toBe(true);
    expect(isFormValidationError(new Error('x'))).toBe(false);
    expect(isFormValidationError(null)).toBe(false);
  });
});

describe('blockedReason (a button the server would refuse now)', () => {
  const blocked = [
    {
      action: 'approve',
      code: 'unverified_branches',
      messages: { 'zh-CN': '以下 2 个支部尚未完成验证', en: '2 branches are not verified yet' },
    },
  ];
  it("gives the server's reason in the page's language", () => {
    expect(blockedReason(blocked, 'approve', 'zh-CN')).toBe('以下 2 个支部尚未完成验证');
    expect(blockedReason(blocked, 'approve', 'en')).toBe('2 branches are not verified yet');
  });
  it('is null for an action that is allowed, or when the answer lists nothing', () => {
    expect(blockedReason(blocked, 'publish', 'zh-CN')).toBeNull();
    expect(blockedReason(undefined, 'approve', 'en')).toBeNull();
  });
});
