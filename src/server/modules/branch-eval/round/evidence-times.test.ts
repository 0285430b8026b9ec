import { CompiledQuery, type KyselyPlugin, type PluginTransformQueryArgs } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../../test/harness.js';
import { approvedPlans, createFixture, type Fixture, runMonth } from '../branch-eval.fixtures.js';
import { evidenceTimesOfMonth } from './round.repo.js';

/**
 * The evidence times the month approval reads (`evidenceTimesOfMonth`): only the asked month's,
 * read from the month's self scores rather than from every month's links.
 */
let f: Fixture;
const specs = [0, 1, 2, 3, 4, 5].map(() => ({ B1: 2000, E1: 1500, E2: 1500 }));

beforeAll(async () => {
  f = await createFixture();
  await approvedPlans(f, '2026-Q1');
  await runMonth(f, '2026-02', specs, { verifyOn: '2026-03-02', approve: false });
  await runMonth(f, '2026-03', specs, { verifyOn: '2026-04-01', approve: false });
}, 60_000);
afterAll(() => f.t.close());

async function monthId(month: string) {
  return (
    await f.t.db
      .selectFrom('be_month')
      .select('id')
      .where('org_id', '=', f.countyA.id)
      .where('month', '=', month)
      .executeTakeFirstOrThrow()
  ).id;
}

describe('evidenceTimesOfMonth', () => {
  it("gives each branch month of the month its file's upload time, and no other month's", async () => {
    const uploaded = new Map(
      (await f.t.db.selectFrom('file_upload').select(['id', 'uploaded_at']).execute()).map((u) => [
        u.id,
        u.uploaded_at,
      ]),
    );
    for (const month of ['2026-02', '2026-03']) {
      const id = await monthId(month);
      const bms = await f.t.db
        .selectFrom('be_branch_month')
        .select(['id', 'branch_id'])
        .where('month_id', '=', id)
        .execute();
      const expected = bms
        .map((bm) => ({ branch_month_id: bm.id, at: uploaded.get(f.fileOf.get(bm.branch_id) ?? 0) }))
        .sort((a, b) => a.branch_month_id - b.branch_month_id);
      expect(expected).toHaveLength(6);
      const got = (await evidenceTimesOfMonth(f.t.db, id)).sort(
        (a, b) => a.branch_month_id - b.branch_month_id,
      );
      expect(got).toEqual(expected);
    }
  });

  it.runIf(testDialect === 'sqlite')(
    'on SQLite, reads the links by self score, not every self-score link by entity type',
    async () => {
      const nodes: PluginTransformQueryArgs[] = [];
      const capture: KyselyPlugin = {
        transformQuery: (args) => {
          nodes.push(args);
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      await evidenceTimesOfMonth(f.t.db.withPlugin(capture), await monthId('2026-03'));
      expect(nodes).toHaveLength(3);
      const plans: string[] = [];
      for (const n of nodes) {
        const c = f.t.db.getExecutor().compileQuery(n.node, n.queryId);
        const r = await f.t.db.executeQuery<{ detail: string }>(
          CompiledQuery.raw(`EXPLAIN QUERY PLAN ${c.sql}`, [...c.parameters]),
        );
        plans.push(r.rows.map((row) => row.detail).join('\n'));
      }
      for (const plan of plans) {
        // No table read whole, and the links and references looked up by self score.
        expect(plan).not.toMatch(/^SCAN /m);
        expect(plan).not.toMatch(/\(entity_type=\?\)/);
        expect(plan).not.toMatch(/\(ref_type=\?\)/);
        expect(plan).toMatch(/be_branch_month\S* \(month_id=\?\)/);
      }
    },
  );
});
