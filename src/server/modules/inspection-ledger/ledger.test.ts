import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawSample, parseManifest } from '../../../domain/inspection/sampling.js';
import { makeOrg } from '../../test/factories.js';
import { type BallotFixture, createBallotFixture } from '../inspection-ballots/ballots.fixtures.js';
import { ledgerComponent, nodeSha256 } from './ledger.service.js';

let f: BallotFixture;
const base = () => `/api/v1/inspection/campaigns/${f.campaignId}/ledger`;

beforeAll(async () => {
  f = await createBallotFixture({ teamsPerUnit: [5, 2] });
  // A team closed before the draw date is not in the population; one opened after it neither.
  const closed = await makeOrg(f.t.db, 'team', f.units[0] ?? null, '已撤销班组');
  await f.t.db.updateTable('org').set({ active_to: '2026-01-31' }).where('id', '=', closed.id).execute();
  const later = await makeOrg(f.t.db, 'team', f.units[0] ?? null, '新班组');
  await f.t.db.updateTable('org').set({ active_from: '2026-12-01' }).where('id', '=', later.id).execute();
});
afterAll(async () => {
  await f.t.close();
});

describe('ledger spot-check', () => {
  it('wants the manifest frozen before the seed, and the seed before the draw', async () => {
    expect(
      (await f.affairs.inject({ method: 'PUT', url: `${base()}/seed`, payload: { seed: '123' } })).json()
        .error.code,
    ).toBe('manifest_not_frozen');
    expect((await f.affairs.post(`${base()}/draw`)).body.error.code).toBe('manifest_not_frozen');
    expect((await f.inspector.post(`${base()}/freeze`, {})).status).toBe(403);
    expect((await f.outsider.get(base())).status).toBe(403);
  });

  it('freezes the manifest of the teams active on the draw date, hashed like sha256sum would', async () => {
    const res = await f.affairs.post(`${base()}/freeze`, { drawDate: '2026-03-16' });
    expect(res.status).toBe(200);
    const v = res.body;
    expect(v.state).toBe('frozen');
    expect(v.manifestSha256).toBe(createHash('sha256').update(v.manifestText, 'utf8').digest('hex'));
    const m = parseManifest(v.manifestText);
    expect(m.units.map((u) => u.teams.length)).toEqual([5, 2]);
    expect(m.units[0]?.teams.map((t) => t.code)).toEqual((f.teams[0] ?? []).map((t) => t.code).sort());
    expect(v.manifestText).not.toContain('已撤销班组');
    expect(v.manifestText).not.toContain('新班组');
    expect((await f.affairs.post(`${base()}/freeze`, {})).body.error.code).toBe('manifest_frozen');
    expect((await f.affairs.post(`${base()}/draw`)).body.error.code).toBe('seed_missing');
  });

  it('records the seed, draws by SHA-256 of "<seed>:<code>", then locks the seed', async () => {
    const put = (seed: string) =>
      f.affairs.inject({ method: 'PUT', url: `${base()}/seed`, payload: { seed } });
    expect((await put('1 2')).statusCode).toBe(400);
    expect((await put('111')).statusCode).toBe(200);
    expect((await put('20261207')).json().seed).toBe('20261207');
    const drawn = (await f.affairs.post(`${base()}/draw`)).body;
    expect(drawn.state).toBe('drawn');
    const expected = await drawSample(parseManifest(drawn.manifestText).units, '20261207', 3, nodeSha256);
    for (const [i, u] of drawn.units.entries()) {
      const sampled = u.teams
        .filter((t: { sampled: boolean }) => t.sampled)
        .map((t: { code: string }) => t.code);
      expect(sampled).toEqual(expected[i]?.teams.filter((t) => t.sampled).map((t) => t.code));
    }
    expect(drawn.units[0].teams.filter((t: { sampled: boolean }) => t.sampled)).toHaveLength(3);
    expect(drawn.units[1].teams.filter((t: { sampled: boolean }) => t.sampled)).toHaveLength(2);
    const locked = await put('999');
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.code).toBe('seed_locked');
    expect((await f.affairs.get(base())).body.seed).toBe('20261207');
  });

  it('publishes the manifest, seed and sample to anyone, enough to re-draw', async () => {
    const res = await f.t.app.inject({ method: 'GET', url: `/api/v1/ledger-draw/${f.campaignId}` });
    expect(res.statusCode).toBe(200);
    const pub = res.json();
    const again = await drawSample(parseManifest(pub.manifestText).units, pub.seed, 3, nodeSha256);
    expect(pub.sample.map((u: { teamCodes: string[] }) => u.teamCodes)).toEqual(
      again.map((u) => u.teams.filter((t) => t.sampled).map((t) => t.code)),
    );
    expect((await f.t.app.inject({ method: 'GET', url: '/api/v1/ledger-draw/999999' })).statusCode).toBe(404);
  });

  it('scores sampled ledgers by deductions and gives the unit the mean over its scored sample', async () => {
    const view = (await f.affairs.get(base())).body;
    const [s1, s2] = view.units[0].teams.filter((t: { sampled: boolean }) => t.sampled);
    const notSampled = view.units[0].teams.find((t: { sampled: boolean }) => !t.sampled);
    const score = (c: typeof f.affairs, teamId: number, deductions: unknown[]) =>
      c.inject({ method: 'PUT', url: `${base()}/teams/${teamId}/score`, payload: { deductions } });
    expect((await score(f.inspector, notSampled.teamId, [])).json().error.code).toBe('team_not_sampled');
    expect((await score(f.inspector, s1.teamId, [{ points: 2.5, note: '' }])).statusCode).toBe(400);
    expect((await score(f.outsider, s1.teamId, [])).statusCode).toBe(403);
    expect((await ledgerComponent(f.t.db, f.campaignId)).get(f.units[0]?.id ?? 0)).toEqual({
      score: null,
      sampled: 3,
    });
    await score(f.inspector, s1.teamId, [
      { points: 2.5, note: '学习记录缺 3 月' },
      { points: 1, note: '签到表不全' },
    ]);
    const after = (await score(f.affairs, s2.teamId, [{ points: 0.33, note: '台帐未编页码' }])).json();
    const teams = after.units[0].teams;
    expect(teams.find((t: { teamId: number }) => t.teamId === s1.teamId).score).toBe(96.5);
    // (96.50 + 99.67) / 2 = 98.085 → 98.09 (half up)
    expect(after.units[0].component).toBe(98.09);
    const comp = await ledgerComponent(f.t.db, f.campaignId);
    expect(comp.get(f.units[0]?.id ?? 0)).toEqual({ score: 98.09, sampled: 3 });
    expect(comp.get(f.units[1]?.id ?? 0)).toEqual({ score: null, sampled: 2 });
    const audit = await f.t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'inspection.ledger%')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'inspection.ledger.freeze',
      'inspection.ledger.seed',
      'inspection.ledger.seed',
      'inspection.ledger.draw',
      'inspection.ledger.score',
      'inspection.ledger.score',
    ]);
  });
});
