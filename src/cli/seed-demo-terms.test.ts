import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/kysely.js';
import type { TestDb } from '../server/test/harness.js';
import { demoTestDb } from '../test-support/demo-db.js';

/** The demo's 节气 calendar on 7 December 2026 (大雪 running since 10:53 that morning). */
describe('the demo solar-term calendar', () => {
  let t: TestDb;
  let db: Db;
  let summary = '';
  beforeAll(async () => {
    // The run seeds this day once; the journey of the same day (terms-checkin) reads a copy.
    const seeded = await demoTestDb({ today: '2026-12-07' });
    t = seeded;
    db = t.handle.db;
    summary = seeded.summary;
  }, 600_000);
  afterAll(() => t?.drop());

  it('sums up every inspection’s ballot box and the ballots cast, last year’s closed box too', async () => {
    const cast = await db
      .selectFrom('insp_ballot_code')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('used', '=', 1)
      .executeTakeFirstOrThrow();
    expect(Number(cast.n)).toBeGreaterThan(0);
    expect(summary).toContain(
      `ballot boxes and ledger samples of 2 inspections (${Number(cast.n)} ballots cast)`,
    );
  });

  it('publishes this year’s calendar and assigns every task to every branch', async () => {
    const cal = await db.selectFrom('terms_calendar').selectAll().executeTakeFirstOrThrow();
    expect(cal).toMatchObject({ year: 2026, state: 'published', library_version: 'tyme4ts@1.5.2' });
    const branches = await db.selectFrom('org').select('id').where('kind', '=', 'branch').execute();
    const tasks = await db.selectFrom('terms_task').select('id').execute();
    const assigned = await db.selectFrom('terms_assignment').select('id').execute();
    expect(assigned.length).toBe(branches.length * tasks.length);
  });

  it('has check-ins up to today, some late, some missing, none in the future', async () => {
    const rows = await db
      .selectFrom('terms_checkin')
      .innerJoin('terms_assignment', 'terms_assignment.id', 'terms_checkin.assignment_id')
      .innerJoin('terms_term', (j) =>
        j
          .onRef('terms_term.calendar_id', '=', 'terms_assignment.calendar_id')
          .onRef('terms_term.position', '=', 'terms_assignment.position'),
      )
      .select(['terms_checkin.late', 'terms_checkin.checked_in_at', 'terms_term.starts_at'])
      .execute();
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.some((r) => r.late === 1)).toBe(true);
    for (const r of rows) {
      expect(r.checked_in_at >= r.starts_at).toBe(true);
      expect(r.checked_in_at < '2026-12-07T16:00:00.000Z').toBe(true);
    }
    const started = await db
      .selectFrom('terms_assignment')
      .innerJoin('terms_term', (j) =>
        j
          .onRef('terms_term.calendar_id', '=', 'terms_assignment.calendar_id')
          .onRef('terms_term.position', '=', 'terms_assignment.position'),
      )
      .select('terms_assignment.id')
      .where('terms_term.starts_at', '<', '2026-12-07T00:00:00.000Z')
      .execute();
    expect(rows.length).toBeLessThan(started.length);
  });

  it('leaves the demo secretary’s running term open to check in', async () => {
    const branch = await db
      .selectFrom('app_user')
      .innerJoin('role_grant', 'role_grant.user_id', 'app_user.id')
      .select('role_grant.org_id')
      .where('app_user.account', '=', 'secretary')
      .executeTakeFirstOrThrow();
    const open = await db
      .selectFrom('terms_assignment')
      .leftJoin('terms_checkin', 'terms_checkin.assignment_id', 'terms_assignment.id')
      .select('terms_assignment.id')
      .where('terms_assignment.org_id', '=', branch.org_id)
      .where('terms_assignment.position', '=', 22)
      .where('terms_checkin.assignment_id', 'is', null)
      .execute();
    expect(open.length).toBeGreaterThan(0);
  });
});
