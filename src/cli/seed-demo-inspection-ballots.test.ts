import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BallotFixture,
  createBallotFixture,
  insertCampaign,
} from '../server/modules/inspection-ballots/ballots.fixtures.js';
import { democraticComponent } from '../server/modules/inspection-ballots/ballots.service.js';
import { ledgerComponent } from '../server/modules/inspection-ledger/ledger.service.js';
import { seedDemoInspectionBallots } from './seed-demo-inspection-ballots.js';

let f: BallotFixture;
beforeAll(async () => {
  f = await createBallotFixture();
});
afterAll(() => f?.t.close());

describe('the demo of ballots and ledger samples', () => {
  it('does nothing without campaigns', async () => {
    const g = await createBallotFixture();
    try {
      await g.t.db.deleteFrom('insp_unit').execute();
      await g.t.db.deleteFrom('insp_campaign').execute();
      expect(await seedDemoInspectionBallots(g.t.db, '2026-12-07')).toEqual({ campaigns: 0, ballots: 0 });
    } finally {
      await g.t.close();
    }
  });

  it("closes last year's box with tallies (one unit void) and opens this year's, each with a drawn sample; once", async () => {
    const creator = await f.t.db.selectFrom('app_user').select('id').executeTakeFirstOrThrow();
    const last = await insertCampaign(f.t.db, f.root.id, creator.id, f.units, 2025);
    await f.t.db.updateTable('insp_campaign').set({ state: 'published' }).where('id', '=', last).execute();
    const r = await seedDemoInspectionBallots(f.t.db, '2026-12-07');
    expect(r.campaigns).toBe(2);
    const [a, b] = f.units.map((u) => u.id) as [number, number];
    const dem = await democraticComponent(f.t.db, last);
    expect(dem.get(a)?.score).toBeGreaterThan(40);
    expect(dem.get(b)).toEqual({ score: null, ballots: 3 });
    expect((await ledgerComponent(f.t.db, last)).get(a)?.score).toBeGreaterThan(90);
    const box = await f.t.db
      .selectFrom('insp_ballot_box')
      .select('state')
      .where('campaign_id', '=', f.campaignId)
      .executeTakeFirst();
    expect(box?.state).toBe('open');
    const ledger = await f.t.db
      .selectFrom('insp_ledger')
      .select('drawn_at')
      .where('campaign_id', '=', f.campaignId)
      .executeTakeFirst();
    expect(ledger?.drawn_at).not.toBeNull();
    expect(await seedDemoInspectionBallots(f.t.db, '2026-12-07')).toEqual({ campaigns: 0, ballots: 0 });
  });
});
