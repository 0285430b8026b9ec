import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawPeerRaters } from '../../../domain/branch-eval/peer-draw.js';
import {
  approvedPlans,
  BASE,
  createFixture,
  type Fixture,
  runMonth,
  type Who,
} from './branch-eval.fixtures.js';

/**
 * SPEC §3's drawn peer raters: the month stores the seed its raters were drawn from (the draw
 * reproduces from it); the rater sees the rated branch's notes and evidence, never its self
 * score; a branch left with fewer raters than the minimum gets no peer component, and its
 * explanation says so.
 */
let f: Fixture;
const M = '2026-01';
const put = (who: Who, url: string, payload: object) => f.c(who).inject({ method: 'PUT', url, payload });
const id = (i: number) => f.branches[i - 1]?.id ?? 0;

beforeAll(async () => {
  f = await createFixture();
  await approvedPlans(f, '2026-Q1');
});
afterAll(() => f.t.close());

describe('the monthly draw of peer raters', () => {
  it('stores the seed with the month when it opens, and the stored raters reproduce from it', async () => {
    await f.at(`${M}-10T02:00:00.000Z`);
    const saved = await put('sec1', `${BASE}/branches/${id(1)}/months/${M}/self`, {
      entries: [
        { code: 'E1', score: 2600, note: '本月联合开展安全生产主题党日', fileIds: [f.fileOf.get(id(1))] },
      ],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const month = await f.t.db
      .selectFrom('be_month')
      .selectAll()
      .where('month', '=', M)
      .executeTakeFirstOrThrow();
    expect(month.peer_seed).toEqual(expect.any(String));
    const stored = await f.t.db
      .selectFrom('be_peer_assignment')
      .select(['rated_branch_id', 'rater_branch_id'])
      .where('month_id', '=', month.id)
      .execute();
    const redrawn = drawPeerRaters(
      f.branches.map((b) => ({ id: b.id, committees: [f.countyA.id, f.root.id] })),
      { perBranch: 6, minRaters: 5, seed: month.peer_seed ?? '' },
    );
    const asPairs = (rows: { rated: number; rater: number }[]) =>
      rows.map((r) => `${r.rater}>${r.rated}`).sort();
    expect(asPairs(stored.map((r) => ({ rated: r.rated_branch_id, rater: r.rater_branch_id })))).toEqual(
      asPairs(redrawn.assignment.flatMap((a) => a.raters.map((rater) => ({ rated: a.rated, rater })))),
    );
  });

  it('shows the rater the rated branch’s notes and evidence, never its self score, and lets it open that evidence', async () => {
    await f.at(`${M}-12T02:00:00.000Z`);
    const tasks = await f.c('sec2').get(`${BASE}/peer?month=${M}`);
    expect(tasks.status).toBe(200);
    const sheet = tasks.body.items.find((x: { ratedBranchId: number }) => x.ratedBranchId === id(1));
    const e1 = sheet.context.find((c: { code: string }) => c.code === 'E1');
    expect(e1.note).toBe('本月联合开展安全生产主题党日');
    const fileId = f.fileOf.get(id(1));
    expect(e1.evidence.files.map((x: { id: number }) => x.id)).toEqual([fileId]);
    expect(JSON.stringify(sheet)).not.toContain('2600');
    expect((await f.c('sec2').get(`/api/v1/files/${fileId}/meta`)).status).toBe(200);
    // A branch of county B rates nobody in county A: the file stays closed to it.
    expect((await f.c('secB1').get(`/api/v1/files/${fileId}/meta`)).status).toBe(403);
  });

  it('gives a branch left with fewer raters than the minimum no peer component, and says so', async () => {
    const url = `${BASE}/months/${M}/assignments`;
    const set = await put('office', `${url}/${id(1)}`, {
      orgId: f.countyA.id,
      raterBranchIds: [id(2), id(3), id(4)],
    });
    expect(set.statusCode, set.body).toBe(200);
    const spec = { B1: 2500, E1: 2600, E2: 1800 };
    await runMonth(f, M, [spec, spec, spec, spec, spec, spec], {
      verifyOn: '2026-02-02',
      peer: async () => {
        for (let rater = 2; rater <= 6; rater++) {
          const tasks = await f.c(`sec${rater}`).get(`${BASE}/peer?month=${M}`);
          for (const task of tasks.body.items as { ratedBranchId: number }[]) {
            const r = await put(`sec${rater}`, `${BASE}/peer/${M}/${task.ratedBranchId}`, {
              raterBranchId: id(rater),
              scores: { E1: 1000, E2: 1000 },
            });
            expect(r.statusCode, r.body).toBe(200);
          }
        }
      },
    });
    const a1 = await f.c('committee').get(`${BASE}/branches/${id(1)}/months/${M}/score`);
    expect(a1.status, JSON.stringify(a1.body)).toBe(200);
    expect(a1.body.peerWithheld).toEqual({ raters: 3, required: 5 });
    const e1 = a1.body.indicators.find((i: { code: string }) => i.code === 'E1');
    expect(e1.weightsUsed).toEqual({ self: 20, peer: 0, verified: 80 });
    expect(e1.score).toBe(2600);
    const a2 = await f.c('committee').get(`${BASE}/branches/${id(2)}/months/${M}/score`);
    expect(a2.body.peerWithheld).toBeNull();
    const e1b = a2.body.indicators.find((i: { code: string }) => i.code === 'E1');
    expect(e1b.weightsUsed).toEqual({ self: 20, peer: 30, verified: 50 });
    expect(e1b.score).toBeLessThan(2600);
  });
});
