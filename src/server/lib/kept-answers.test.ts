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

describe('one computation per miss', () => {
  /** A computation that finishes when told to, counting how often it ran. */
  const gate = () => {
    let open: (v: string) => void = () => {};
    let fail: (e: Error) => void = () => {};
    let runs = 0;
    const compute = () => {
      runs++;
      return new Promise<string>((resolve, reject) => {
        open = resolve;
        fail = reject;
      });
    };
    return { compute, open: (v: string) => open(v), fail: (e: Error) => fail(e), runs: () => runs };
  };

  it('is shared by the requests of one stamp that miss the same key together, and kept', async () => {
    const kept = new KeptAnswers();
    const g = gate();
    const stamp = 'branch_eval:1,directory:1,points:1';
    const waiting = Array.from({ length: 5 }, () => kept.at(stamp).answerOf('page', g.compute));
    const other = kept.at(stamp).answerOf('another page', async () => '"other"');
    expect(g.runs()).toBe(1);
    expect(kept.computing()).toBe(2);
    g.open('{"n":1}');
    const answers = await Promise.all(waiting);
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]?.body).toBe('{"n":1}');
    expect((await other).body).toBe('"other"');
    expect(kept.computing()).toBe(0);
    // Kept: a later request computes nothing.
    expect((await kept.at(stamp).answerOf('page', async () => 'recomputed')).body).toBe('{"n":1}');
    // Facts too.
    let loads = 0;
    const load = async () => {
      loads++;
      return loads;
    };
    const facts = await Promise.all([1, 2, 3].map(() => kept.at(stamp).fact('f', load)));
    expect(facts).toEqual([1, 1, 1]);
    expect(loads).toBe(1);
  });

  it('is never shared across a write: a request that read the newer stamp computes on its own', async () => {
    const kept = new KeptAnswers();
    const before = gate();
    const first = kept.at('branch_eval:1,points:1').answerOf('page', before.compute);
    // A write commits; a request reads the new stamp while the old computation is still running.
    const after = kept.at('branch_eval:2,points:1').answerOf('page', async () => '"after"');
    expect(before.runs()).toBe(1);
    expect((await after).body).toBe('"after"');
    before.open('"before"');
    expect((await first).body).toBe('"before"');
    // The old computation, finished late, was served to its own request only and not kept.
    expect((await kept.at('branch_eval:2,points:1').answerOf('page', async () => 'x')).body).toBe('"after"');
    // A request of the old stamp starting now neither sees the newer answer nor keeps its own.
    expect((await kept.at('branch_eval:1,points:1').answerOf('page', async () => '"old"')).body).toBe(
      '"old"',
    );
    expect((await kept.at('branch_eval:2,points:1').answerOf('page', async () => 'x')).body).toBe('"after"');
  });

  it('hands a failure to nobody else: the waiting requests compute for themselves', async () => {
    const kept = new KeptAnswers();
    const g = gate();
    const stamp = 'points:1';
    const first = kept.at(stamp).answerOf('page', g.compute);
    let own = 0;
    const waiting = [1, 2].map(() =>
      kept.at(stamp).answerOf('page', async () => {
        own++;
        return '"own"';
      }),
    );
    g.fail(new Error('lost connection'));
    await expect(first).rejects.toThrow('lost connection');
    expect((await Promise.all(waiting)).map((a) => a.body)).toEqual(['"own"', '"own"']);
    expect(own).toBe(2);
    expect(kept.computing()).toBe(0);
    // Nothing of the failure is kept.
    expect((await kept.at(stamp).answerOf('page', async () => '"next"')).body).toBe('"own"');
  });
});
