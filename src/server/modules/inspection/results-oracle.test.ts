/**
 * The results and the democratic tally, as computed for speed (lean queries, sums in the
 * database, ranks by sorting), against the straightforward computation over the full rows —
 * every unit's explanation, composite and rank, on campaigns of random inputs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/kysely.js';
import { type Rating, ratings } from '../../../domain/inspection/ballots.js';
import { explainUnit } from '../../../domain/inspection/index.js';
import { tallyUnit, zeroCounts } from '../../../domain/inspection/tally.js';
import { makeOrg, makeUser } from '../../test/factories.js';
import { createTestDb, type TestDb } from '../../test/harness.js';
import * as ballotsRepo from '../inspection-ballots/ballots.repo.js';
import { democraticComponent } from '../inspection-ballots/ballots.service.js';
import * as repo from './inspection.repo.js';
import { computeResults } from './results.service.js';
import { weightsInForce } from './weights.js';

const AT = '2026-11-02T02:00:00.000Z';
let t: TestDb;
let db: Db;

beforeAll(async () => {
  t = await createTestDb();
  db = t.handle.db;
});
afterAll(async () => {
  await t.drop();
});

/** A small deterministic generator (the same campaign on every run and both databases). */
function random(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.floor((s / 2147483648) * n);
  };
}

/** A campaign with random inputs: some units without a self-check, some with few inspectors or ballots. */
async function randomCampaign(seed: number, unitCount: number, boxState: 'open' | 'closed') {
  const r = random(seed);
  const root = await makeOrg(db, 'committee', null, `党委${seed}`);
  const owner = await makeUser(db, [{ role: 'affairs', orgId: root.id }]);
  const inspectors = [];
  for (let i = 0; i < 7; i++) inspectors.push(await makeUser(db, [{ role: 'inspector', orgId: root.id }]));
  const units = [];
  for (let i = 0; i < unitCount; i++) units.push(await makeOrg(db, 'department', null, `单位${seed}-${i}`));
  const c = await db
    .insertInto('insp_campaign')
    .values({
      org_id: root.id,
      year: 2000 + seed,
      title: `考核${seed}`,
      state: 'review',
      created_by: owner.id,
      created_at: AT,
      updated_at: AT,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('insp_unit')
    .values(units.map((u, i) => ({ campaign_id: c.id, org_id: u.id, sort_order: r(3) === 0 ? 0 : i })))
    .execute();
  const crit: { id: number; max: number }[] = [];
  for (let k = 0; k < 6; k++) {
    const max = 500 + 100 * r(20);
    const row = await db
      .insertInto('insp_criterion')
      .values({
        campaign_id: c.id,
        code: `K${k}`,
        name: `细则${k}`,
        max_points: max,
        what_to_check: '',
        sort_order: k,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    crit.push({ id: row.id, max });
  }
  for (const u of units) {
    const submitted = r(5) !== 0;
    await db
      .insertInto('insp_unit_state')
      .values({
        campaign_id: c.id,
        org_id: u.id,
        self_submitted_at: submitted ? AT : null,
        self_submitted_by: submitted ? owner.id : null,
        review_done_at: r(4) === 0 ? null : AT,
        review_done_by: owner.id,
      })
      .execute();
    for (const k of crit) {
      if (r(6) === 0) continue;
      await db
        .insertInto('insp_self_score')
        .values({
          campaign_id: c.id,
          criterion_id: k.id,
          org_id: u.id,
          score: r(k.max + 1),
          note: null,
          updated_by: owner.id,
          updated_at: AT,
        })
        .execute();
    }
    const heard = r(8);
    for (const insp of inspectors.slice(0, heard)) {
      await db
        .insertInto('insp_hearing_score')
        .values({
          campaign_id: c.id,
          org_id: u.id,
          inspector_id: insp.id,
          score: 5000 + r(5001),
          note: null,
          updated_at: AT,
        })
        .execute();
    }
    for (let j = r(5); j > 0; j--) {
      const k = crit[r(crit.length)] as { id: number; max: number };
      await db
        .insertInto('insp_finding')
        .values({
          campaign_id: c.id,
          criterion_id: k.id,
          org_id: u.id,
          deduction: 50 * (1 + r(12)),
          note: '问题',
          created_by: owner.id,
          created_at: AT,
        })
        .execute();
    }
  }
  // The ballot box: three items, counts per unit × item × rating, every ballot rating every item.
  await db
    .insertInto('insp_ballot_box')
    .values({ campaign_id: c.id, state: boxState, opened_on: '2026-11-01', closed_on: null })
    .execute();
  await ballotsRepo.replaceItems(
    db,
    c.id,
    [1, 2, 3].map((i) => ({ zh: `项${i}`, en: `Item ${i}` })),
  );
  await ballotsRepo.createZeroCounts(
    db,
    c.id,
    units.map((u) => u.id),
    [1, 2, 3],
  );
  for (const u of units) {
    const ballots = r(4) === 0 ? r(5) : r(40);
    for (const item of [1, 2, 3]) {
      const add = new Map<string, number>();
      for (let b = 0; b < ballots; b++) {
        const key = ballotsRepo.countKey(item, ratings[r(4)] as Rating);
        add.set(key, (add.get(key) ?? 0) + 1);
      }
      await ballotsRepo.addToUnitCounts(db, c.id, u.id, add);
    }
  }
  return (await repo.findCampaign(db, c.id)) as repo.CampaignRow;
}

/** The democratic component the plain way: every count row read, each unit tallied by the domain. */
async function democraticByHand(campaignId: number, closed: boolean) {
  const counts = await ballotsRepo.readCounts(db, campaignId);
  const items = (await ballotsRepo.listItems(db, campaignId)).map((i) => i.item_no);
  const units = await ballotsRepo.campaignUnitIds(db, campaignId);
  return new Map(
    units.map((unitId) => {
      const tally = tallyUnit(
        items.map((itemNo) => ({ itemNo, counts: counts.get(unitId)?.get(itemNo) ?? zeroCounts() })),
      );
      const score = closed && tally.meanHundredths !== null ? tally.meanHundredths / 100 : null;
      return [unitId, { score, ballots: tally.ballots }];
    }),
  );
}

/** The results the plain way: the full rows the pages read, each unit explained, ranked by counting. */
async function resultsByHand(c: repo.CampaignRow, closed: boolean) {
  const units = await repo.campaignUnits(db, c.id);
  const crit = await repo.criteria(db, c.id);
  const w = await weightsInForce(db, c.id);
  const democratic = await democraticByHand(c.id, closed);
  const byUnit = new Map<number, { composite: number | null; explanation: unknown }>();
  for (const u of units) {
    const selfs = await repo.selfScores(db, c.id, u.org_id);
    const hearing = await repo.hearingScores(db, c.id, u.org_id);
    const finds = await repo.findings(db, c.id, u.org_id);
    const deductions = new Map<string, number[]>();
    for (const f of finds)
      deductions.set(f.criterion_code, [...(deductions.get(f.criterion_code) ?? []), f.deduction]);
    const d = democratic.get(u.org_id);
    const e = explainUnit(
      {
        criteria: crit.map((k) => ({ code: k.code, max: k.max_points })),
        selfScores: new Map(
          selfs.map((s) => [crit.find((k) => k.id === s.criterion_id)?.code ?? '', s.score]),
        ),
        selfSubmitted: u.self_submitted_at !== null,
        reportScores: hearing.map((h) => h.score),
        deductions,
        democratic: d ? { ...d, score: d.score === null ? null : Math.round(d.score * 100) } : null,
        // No ledger sample in these campaigns: the component is void, as the ledger module says.
        ledger: { score: null, sampled: 0 },
      },
      w.weights,
      w.version,
    );
    byUnit.set(u.org_id, { composite: e.composite, explanation: e });
  }
  const composites = [...byUnit.values()].map((x) => x.composite).filter((x): x is number => x !== null);
  const rankOf = (s: number | null) => (s === null ? null : 1 + composites.filter((x) => x > s).length);
  return { units, byUnit, rankOf };
}

describe('results computed for speed agree with the plain computation', () => {
  for (const [seed, state] of [
    [11, 'closed'],
    [23, 'closed'],
    [37, 'open'],
  ] as const) {
    it(`campaign ${seed} (box ${state}): every unit's explanation, composite and rank`, async () => {
      const c = await randomCampaign(seed, 24, state);
      const closed = state === 'closed';
      expect(await democraticComponent(db, c.id)).toEqual(await democraticByHand(c.id, closed));
      const fast = await computeResults(db, c);
      const hand = await resultsByHand(c, closed);
      expect(fast.rows).toHaveLength(hand.units.length);
      for (const row of fast.rows) {
        const h = hand.byUnit.get(row.unitId);
        expect(fast.explanations.get(row.unitId)).toEqual(h?.explanation);
        expect(row.composite).toBe(h?.composite);
        expect(row.rank).toBe(hand.rankOf(h?.composite ?? null));
      }
      // Not all alike: the inputs gave ties, voids and a spread of composites to compare.
      expect(new Set(fast.rows.map((r) => r.composite)).size).toBeGreaterThan(10);
      if (closed) expect(fast.rows.some((r) => r.components.democratic !== null)).toBe(true);
      expect(fast.rows.some((r) => r.voided.includes('democratic'))).toBe(true);
    });
  }
});
