import { describe, expect, it } from 'vitest';
import { KeptAnswers } from './kept-answers.js';

describe('kept answers', () => {
  it('keep at most their byte budget, the least recently used going first', () => {
    const kept = new KeptAnswers(1_000);
    const view = kept.at('directory:1,points:1');
    view.keepAnswer('a', 'x'.repeat(200));
    view.keepAnswer('b', 'x'.repeat(200));
    expect(view.answer('a')?.body).toHaveLength(200);
    // 'a' was used last: a third answer pushes 'b' out.
    view.keepAnswer('c', 'x'.repeat(200));
    expect(view.answer('b')).toBeUndefined();
    expect(view.answer('a')).toBeDefined();
    expect(view.answer('c')).toBeDefined();
    expect(kept.size().bytes).toBeLessThanOrEqual(1_000);
    // An answer larger than the whole budget is served but not kept.
    view.keepAnswer('d', 'x'.repeat(600));
    expect(view.answer('d')).toBeUndefined();
  });

  it('forget everything at a newer stamp, and keep nothing for a request that read an older one', async () => {
    const kept = new KeptAnswers();
    const v1 = kept.at('directory:1,points:1');
    v1.keepAnswer('a', '{}');
    expect(await v1.fact('f', async () => 1)).toBe(1);
    const v2 = kept.at('directory:1,points:2');
    expect(v2.answer('a')).toBeUndefined();
    expect(await v2.fact('f', async () => 2)).toBe(2);
    // A request that began before the write: nothing kept is served to it, nothing it read is kept.
    const late = kept.at('directory:1,points:1');
    expect(late.answer('a')).toBeUndefined();
    late.keepAnswer('b', '{}');
    expect(await late.fact('g', async () => 'old')).toBe('old');
    const now = kept.at('directory:1,points:2');
    expect(now.answer('b')).toBeUndefined();
    expect(await now.fact('f', async () => 3)).toBe(2);
    expect(await now.fact('g', async () => 'new')).toBe('new');
  });
});
