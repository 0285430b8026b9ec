import { describe, expect, it } from 'vitest';
import { createTurns } from './turns.js';

describe('ballot turns', () => {
  it('runs at most `concurrency` at once, in arrival order, and lets other work in between', async () => {
    const turns = createTurns(1);
    const log: string[] = [];
    let inside = 0;
    let most = 0;
    const ballot = (name: string) =>
      turns.run(async () => {
        inside += 1;
        most = Math.max(most, inside);
        log.push(name);
        await Promise.resolve();
        inside -= 1;
      });
    const all = Promise.all(['a', 'b', 'c', 'd'].map(ballot));
    // Another request arriving meanwhile: it runs before the burst is through, not after it.
    setImmediate(() => log.push('other'));
    expect(turns.pending).toBe(4);
    await all;
    expect(most).toBe(1);
    expect(log.filter((x) => x !== 'other')).toEqual(['a', 'b', 'c', 'd']);
    expect(log.indexOf('other')).toBeGreaterThan(0);
    expect(log.indexOf('other')).toBeLessThan(log.length - 1);
    expect(turns.pending).toBe(0);
  });

  it('passes results and errors through and frees the turn either way', async () => {
    const turns = createTurns(2);
    await expect(turns.run(async () => 7)).resolves.toBe(7);
    await expect(
      turns.run(async () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    const ran: number[] = [];
    await Promise.all([1, 2, 3].map((i) => turns.run(async () => ran.push(i))));
    expect(ran).toEqual([1, 2, 3]);
    expect(turns.pending).toBe(0);
  });
});
