import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles } from '../../domain/access/roles.js';
import { type RegisteredRoute, registeredRoutes } from '../app.js';
import {
  approvedPlans,
  createFixture,
  type Fixture,
  multipart,
  png,
  runMonth,
} from '../modules/branch-eval/branch-eval.fixtures.js';
import { insertInspectingCampaign } from '../modules/inspection/inspection.fixtures.js';
import { createAdoptedScheme, readXlsx, sheetValues, XLSX_MIME } from '../modules/points/points.fixtures.js';
import { makeOrg, makeUser, TEST_PASSWORD } from '../test/factories.js';
import { type Client, type Json, login } from '../test/harness.js';

/**
 * Every registered route, walked from the app itself, so a new endpoint cannot be left out:
 * each must be classified below or this file fails.
 *
 * - `public`: answers without a session (the short allow-list);
 * - `key`: the integration API, which wants its key instead of a session (401 without it);
 * - `open`: any signed-in user; it holds no one's data (blank templates, the calendar);
 * - `self`: any signed-in user; it works on the caller's own things only;
 * - `global`: needs a role but names no org (lists cut to the caller's grants, installation-wide);
 * - `scoped`: names an org, branch, member or a record of one, all under county A;
 * - `root`: names a record of the root committee (the points scheme, the indicator library).
 *
 * Everything but `public` answers 401 without a session. `global`, `scoped` and `root` routes
 * refuse a signed-in user with no grants. `scoped` routes refuse a user holding every role at
 * county B (a sibling of A) and let through one holding every role at county A; `root` routes
 * refuse every role at another top-level committee and let through every role at the root — so
 * each refusal is about scope, not a bad request. "Refuse" is 403/404, or a 200 that shows
 * nothing: an empty list, a spreadsheet without county A's member. Requests are filled from the
 * route's own schema with values from a table keyed by name.
 */
type Kind = 'public' | 'key' | 'open' | 'self' | 'global' | 'scoped' | 'root';

const ROUTES: Record<string, Kind> = {
  'GET /api/health': 'public',
  'GET /api/openapi.json': 'public',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'self',
  'GET /api/v1/auth/me': 'self',
  'GET /api/v1/auth/session': 'public',
  'POST /api/v1/auth/password': 'self',
  'GET /api/v1/orgs': 'global',
  'POST /api/v1/orgs': 'scoped',
  'GET /api/v1/orgs/:id': 'scoped',
  'PATCH /api/v1/orgs/:id': 'scoped',
  'POST /api/v1/orgs/:id/move': 'scoped',
  'POST /api/v1/orgs/:id/deactivate': 'scoped',
  'GET /api/v1/members': 'global',
  'POST /api/v1/members': 'scoped',
  'GET /api/v1/members/:id': 'scoped',
  'PATCH /api/v1/members/:id': 'scoped',
  'POST /api/v1/members/:id/transfer': 'scoped',
  'POST /api/v1/members/:id/deactivate': 'scoped',
  'GET /api/v1/users': 'global',
  'POST /api/v1/users': 'global',
  'GET /api/v1/users/:id': 'scoped',
  'PATCH /api/v1/users/:id': 'scoped',
  'POST /api/v1/users/:id/reset-password': 'scoped',
  'POST /api/v1/users/:id/unlock-login': 'scoped',
  'POST /api/v1/users/:id/grants': 'scoped',
  'DELETE /api/v1/users/:id/grants/:grantId': 'scoped',
  'GET /api/v1/audit': 'global',
  'POST /api/v1/audit/verify': 'global',
  'GET /api/v1/calendar/years/:year': 'open',
  'PUT /api/v1/calendar/years/:year': 'global',
  'GET /api/v1/calendar/working-day': 'open',
  'GET /api/v1/calendar/today': 'open',
  'GET /api/v1/io/templates/members.xlsx': 'open',
  'GET /api/v1/io/templates/orgs.xlsx': 'open',
  'POST /api/v1/io/import/members/preview': 'global',
  'POST /api/v1/io/import/members/commit': 'global',
  'POST /api/v1/io/import/orgs/preview': 'global',
  'POST /api/v1/io/import/orgs/commit': 'global',
  'GET /api/v1/members/export.xlsx': 'scoped',
  'POST /api/v1/files': 'scoped',
  'GET /api/v1/files/:id/meta': 'scoped',
  'GET /api/v1/files/:id': 'scoped',
  'GET /api/v1/points/schemes': 'global',
  'POST /api/v1/points/schemes': 'root',
  'GET /api/v1/points/schemes/:id': 'root',
  'PUT /api/v1/points/schemes/:id/draft': 'root',
  'POST /api/v1/points/schemes/:id/adopt': 'root',
  'GET /api/v1/points/entries': 'global',
  'POST /api/v1/points/entries': 'scoped',
  'GET /api/v1/points/entries/:id': 'scoped',
  'PATCH /api/v1/points/entries/:id': 'scoped',
  'POST /api/v1/points/entries/:id/actions': 'scoped',
  'POST /api/v1/points/entries/bulk': 'scoped',
  'POST /api/v1/points/declarations': 'self',
  'POST /api/v1/points/activities': 'scoped',
  'GET /api/v1/points/activities': 'global',
  'GET /api/v1/points/activities/:id': 'scoped',
  'GET /api/v1/points/review/counts': 'global',
  'GET /api/v1/points/schemes/:id/quarters/:quarter': 'root',
  'POST /api/v1/points/schemes/:id/quarters/:quarter/close': 'root',
  'POST /api/v1/points/schemes/:id/quarters/:quarter/reopen': 'root',
  'POST /api/v1/points/schemes/:id/quarters/:quarter/publish': 'root',
  'GET /api/v1/points/board': 'root',
  'GET /api/v1/points/schemes/:id/quarters/:quarter/members/:memberId/explain': 'scoped',
  'GET /api/v1/points/me': 'self',
  'GET /api/v1/points/schemes/:id/year': 'root',
  'POST /api/v1/points/schemes/:id/year/compute': 'root',
  'POST /api/v1/points/schemes/:id/year/submit': 'root',
  'POST /api/v1/points/schemes/:id/year/return': 'root',
  'POST /api/v1/points/schemes/:id/year/approve': 'root',
  'POST /api/v1/points/schemes/:id/year/publish': 'root',
  'GET /api/v1/points/schemes/:id/year/results': 'root',
  'GET /api/v1/points/schemes/:id/year/results/export.xlsx': 'root',
  'GET /api/v1/points/schemes/:id/year/me': 'self',
  'GET /api/v1/points/actions': 'global',
  'POST /api/v1/points/actions/:id/done': 'scoped',
  'POST /api/v1/points/appeals': 'self',
  'GET /api/v1/points/appeals': 'self',
  'GET /api/v1/points/appeals/:id': 'scoped',
  'POST /api/v1/points/appeals/:id/actions': 'scoped',
  'POST /api/v1/points/schemes/:id/trial': 'root',
  'GET /api/v1/points/templates/items.xlsx': 'open',
  'GET /api/v1/points/schemes/:id/items/export.xlsx': 'root',
  'GET /api/v1/points/schemes/:id/templates/entries.xlsx': 'root',
  'POST /api/v1/points/schemes/:id/items/import/preview': 'root',
  'POST /api/v1/points/schemes/:id/items/import/commit': 'root',
  'POST /api/v1/points/schemes/:id/entries/import/preview': 'scoped',
  'POST /api/v1/points/schemes/:id/entries/import/commit': 'scoped',
  'GET /api/v1/points/board/export.xlsx': 'root',
  'GET /api/v1/todo': 'self',
  'GET /api/v1/branch-eval/indicators': 'scoped',
  'POST /api/v1/branch-eval/indicators': 'scoped',
  'PATCH /api/v1/branch-eval/indicators/:id': 'root',
  'GET /api/v1/branch-eval/indicators/template.xlsx': 'open',
  'GET /api/v1/branch-eval/indicators/export.xlsx': 'scoped',
  'POST /api/v1/branch-eval/indicators/import/preview': 'scoped',
  'POST /api/v1/branch-eval/indicators/import/commit': 'scoped',
  'GET /api/v1/branch-eval/templates': 'scoped',
  'POST /api/v1/branch-eval/templates': 'scoped',
  'GET /api/v1/branch-eval/templates/:id': 'scoped',
  'PATCH /api/v1/branch-eval/templates/:id': 'scoped',
  'GET /api/v1/branch-eval/plans': 'scoped',
  'POST /api/v1/branch-eval/plans/generate': 'scoped',
  'POST /api/v1/branch-eval/plans/copy': 'scoped',
  'POST /api/v1/branch-eval/plans/approve-quarter': 'scoped',
  'GET /api/v1/branch-eval/branches/:branchId/plans/:quarter': 'scoped',
  'GET /api/v1/branch-eval/plan-indicators': 'scoped',
  'GET /api/v1/branch-eval/plans/:id': 'scoped',
  'PATCH /api/v1/branch-eval/plans/:id': 'scoped',
  'POST /api/v1/branch-eval/plans/:id/approve': 'scoped',
  'POST /api/v1/branch-eval/plans/:id/reopen': 'scoped',
  'GET /api/v1/branch-eval/months': 'scoped',
  'GET /api/v1/branch-eval/months/:month': 'scoped',
  'GET /api/v1/branch-eval/months/:month/branches': 'scoped',
  'POST /api/v1/branch-eval/months/:month/approve': 'scoped',
  'POST /api/v1/branch-eval/months/:month/publish': 'scoped',
  'GET /api/v1/branch-eval/months/:month/assignments': 'scoped',
  'POST /api/v1/branch-eval/months/:month/assignments/generate': 'scoped',
  'PUT /api/v1/branch-eval/months/:month/assignments/:ratedBranchId': 'scoped',
  'GET /api/v1/branch-eval/months/:month/peer-scores/:ratedBranchId': 'scoped',
  'GET /api/v1/branch-eval/peer': 'self',
  'PUT /api/v1/branch-eval/peer/:month/:ratedBranchId': 'scoped',
  'GET /api/v1/branch-eval/branches/:branchId/months/:month': 'scoped',
  'PUT /api/v1/branch-eval/branches/:branchId/months/:month/self': 'scoped',
  'PUT /api/v1/branch-eval/branches/:branchId/months/:month/verification': 'scoped',
  'POST /api/v1/branch-eval/branches/:branchId/months/:month/actions': 'scoped',
  'GET /api/v1/branch-eval/rounds/mine': 'self',
  'GET /api/v1/branch-eval/branches/:branchId/months/:month/linkable': 'scoped',
  'GET /api/v1/branch-eval/branches/:branchId/innovation-projects': 'scoped',
  'POST /api/v1/branch-eval/branches/:branchId/months/:month/innovation-projects': 'scoped',
  'DELETE /api/v1/branch-eval/branches/:branchId/months/:month/innovation-projects/:projectId': 'scoped',
  'GET /api/v1/branch-eval/months/:month/rankings': 'scoped',
  'GET /api/v1/branch-eval/months/:month/rankings/indicators/:code': 'scoped',
  'GET /api/v1/branch-eval/months/:month/rankings.xlsx': 'scoped',
  'GET /api/v1/branch-eval/months/:month/report': 'scoped',
  'GET /api/v1/branch-eval/months/:month/charts/categories': 'scoped',
  'GET /api/v1/branch-eval/charts/movement': 'scoped',
  'GET /api/v1/branch-eval/branches/:branchId/months/:month/score': 'scoped',
  'POST /api/v1/branch-eval/branches/:branchId/months/:month/rectify': 'scoped',
  'GET /api/v1/branch-eval/quarters/:quarter/scores': 'scoped',
  'GET /api/v1/branch-eval/years/:year/grades': 'scoped',
  'GET /api/v1/branch-eval/years/:year/grades.xlsx': 'scoped',
  'GET /api/v1/branch-eval/years/:year/grade-rule': 'scoped',
  'POST /api/v1/branch-eval/years/:year/grade-rule': 'scoped',
  'GET /api/v1/branch-eval/integration-keys': 'global',
  'POST /api/v1/branch-eval/integration-keys': 'scoped',
  'POST /api/v1/branch-eval/integration-keys/:id/revoke': 'scoped',
  'GET /api/integration/v1/branch-eval/months': 'key',
  'GET /api/integration/v1/branch-eval/months/:month': 'key',
  'GET /api/integration/v1/branch-eval/months/:month/rankings.xlsx': 'key',
  'GET /api/integration/v1/branch-eval/months/:month/rankings': 'key',
  'GET /api/integration/v1/branch-eval/months/:month/rankings/total': 'key',
  'GET /api/integration/v1/branch-eval/months/:month/rankings/indicators/:code': 'key',
  'GET /api/integration/v1/branch-eval/years/:year/grades': 'key',
  'GET /api/v1/branch-eval/corrections': 'scoped',
  'POST /api/v1/branch-eval/corrections': 'scoped',
  // Annual inspection: democratic evaluation and ledger spot-check (a campaign of county A).
  'GET /api/v1/inspection/campaigns/:id/ballots': 'scoped',
  'PUT /api/v1/inspection/campaigns/:id/ballots/items': 'scoped',
  'POST /api/v1/inspection/campaigns/:id/ballots/batches': 'scoped',
  'POST /api/v1/inspection/campaigns/:id/ballots/open': 'scoped',
  'POST /api/v1/inspection/campaigns/:id/ballots/close': 'scoped',
  'GET /api/v1/inspection/campaigns/:id/ballots/units/:unitId/used-codes': 'scoped',
  'GET /api/v1/inspection/campaigns/:id/ballots/paper': 'scoped',
  'POST /api/v1/inspection/campaigns/:id/ballots/paper': 'scoped',
  'POST /api/v1/ballot/check': 'public',
  'POST /api/v1/ballot/cast': 'public',
  'GET /api/v1/ballot/counted/:id': 'public',
  'GET /api/v1/inspection/campaigns/:id/ledger': 'scoped',
  'POST /api/v1/inspection/campaigns/:id/ledger/freeze': 'scoped',
  'PUT /api/v1/inspection/campaigns/:id/ledger/seed': 'scoped',
  'POST /api/v1/inspection/campaigns/:id/ledger/draw': 'scoped',
  'PUT /api/v1/inspection/campaigns/:id/ledger/teams/:teamId/score': 'scoped',
  'GET /api/v1/ledger-draw/:id': 'public',
  'GET /api/v1/branch-eval/corrections/:id': 'scoped',
  'POST /api/v1/branch-eval/corrections/:id/approve': 'scoped',
  'POST /api/v1/branch-eval/corrections/:id/reject': 'scoped',
  'GET /api/v1/branch-eval/months/:month/result-versions': 'scoped',
  'GET /api/v1/branch-eval/months/:month/result-versions/:version': 'scoped',
  'GET /api/v1/terms/calendars': 'global',
  'POST /api/v1/terms/calendars': 'scoped',
  'GET /api/v1/terms/calendars/:id': 'scoped',
  'PUT /api/v1/terms/calendars/:id/tasks': 'scoped',
  'POST /api/v1/terms/calendars/:id/publish': 'scoped',
  'POST /api/v1/terms/calendars/:id/terms/:position/correct': 'scoped',
  'POST /api/v1/terms/calendars/:id/assignments': 'scoped',
  'GET /api/v1/terms/calendars/:id/matrix': 'scoped',
  'GET /api/v1/terms/calendars/:id/matrix.xlsx': 'scoped',
  'GET /api/v1/terms/assignments': 'self',
  'GET /api/v1/terms/assignments/:id': 'scoped',
  'POST /api/v1/terms/assignments/:id/checkin': 'scoped',
  'GET /api/v1/terms/current': 'self',
  'GET /api/v1/inspection/campaigns': 'global',
  'POST /api/v1/inspection/campaigns': 'scoped',
  'GET /api/v1/inspection/campaigns/:id': 'scoped',
  'PATCH /api/v1/inspection/campaigns/:id': 'scoped',
  'PUT /api/v1/inspection/campaigns/:id/units': 'scoped',
  'PUT /api/v1/inspection/campaigns/:id/inspectors': 'scoped',
  'GET /api/v1/inspection/campaigns/:id/inspector-candidates': 'scoped',
  'POST /api/v1/inspection/campaigns/:id/transition': 'scoped',
  'POST /api/v1/inspection/campaigns/:id/weights': 'scoped',
  'PUT /api/v1/inspection/campaigns/:id/criteria': 'scoped',
  'GET /api/v1/inspection/campaigns/:id/criteria.xlsx': 'scoped',
  'POST /api/v1/inspection/campaigns/:id/criteria/import/preview': 'scoped',
  'POST /api/v1/inspection/campaigns/:id/criteria/import/commit': 'scoped',
  'GET /api/v1/inspection/campaigns/:id/units/:unitId/self-check': 'scoped',
  'PUT /api/v1/inspection/campaigns/:id/units/:unitId/self-check': 'scoped',
  'GET /api/v1/inspection/campaigns/:id/units/:unitId/evidence-records': 'scoped',
  'GET /api/v1/inspection/campaigns/:id/units/:unitId/inspection': 'scoped',
  'PUT /api/v1/inspection/campaigns/:id/units/:unitId/hearing': 'scoped',
  'POST /api/v1/inspection/campaigns/:id/units/:unitId/findings': 'scoped',
  'DELETE /api/v1/inspection/findings/:id': 'scoped',
  'POST /api/v1/inspection/campaigns/:id/units/:unitId/review-done': 'scoped',
  'POST /api/v1/inspection/findings/:id/rectification': 'scoped',
  'GET /api/v1/inspection/rectifications': 'global',
  'POST /api/v1/inspection/rectifications/:id/close': 'scoped',
  'GET /api/v1/inspection/campaigns/:id/results': 'scoped',
  'GET /api/v1/inspection/campaigns/:id/results/units/:unitId': 'scoped',
  'GET /api/v1/inspection/campaigns/:id/results.xlsx': 'scoped',
  'GET /api/v1/inspection/campaigns/:id/charts/components': 'scoped',
  'GET /api/v1/projects': 'global',
  'GET /api/v1/projects/board': 'global',
  'GET /api/v1/projects/gantt': 'global',
  'GET /api/v1/projects/charts': 'global',
  'GET /api/v1/projects/export.xlsx': 'global',
  'GET /api/v1/projects/library': 'global',
  'GET /api/v1/projects/:id/panel-candidates': 'scoped',
  'GET /api/v1/projects/plan/templates': 'scoped',
  'POST /api/v1/projects/plan/templates': 'scoped',
  'POST /api/v1/projects/plan/draft': 'scoped',
  'POST /api/v1/projects/plan/issue': 'scoped',
  'POST /api/v1/projects': 'scoped',
  'GET /api/v1/projects/:id': 'scoped',
  'PATCH /api/v1/projects/:id': 'scoped',
  'POST /api/v1/projects/:id/actions': 'scoped',
  'GET /api/v1/projects/:id/linkable': 'scoped',
  'POST /api/v1/projects/:id/milestones/:milestoneId/reports': 'scoped',
  'POST /api/v1/projects/:id/milestones/:milestoneId/changes': 'scoped',
  'POST /api/v1/projects/:id/changes/:changeId/decide': 'scoped',
  'POST /api/v1/projects/:id/comments': 'scoped',
  'PUT /api/v1/projects/:id/panel': 'scoped',
  // A panel member's own score sheet: only the member named on the panel may file it.
  'POST /api/v1/projects/:id/scores': 'self',
  'GET /api/v1/projects/rules': 'scoped',
  'PUT /api/v1/projects/rules': 'scoped',
  'POST /api/v1/projects/:id/adopt': 'scoped',
};

const MISSING = 999_999;

/**
 * Answers other than a plain refusal (or, inside, other than getting through), each with why:
 * a state or input check that runs before the permission check and tells nothing of the record.
 */
const emptySheet = { nobody: '400 empty_sheet', outside: '400 empty_sheet' };
const PINNED: Record<string, Partial<Record<'nobody' | 'outside' | 'inside', string>>> = {
  // Imports read the sheet first (an empty one is refused before anything is looked up), then
  // check the permission row by row: io.test.ts and points-io.test.ts cover those refusals.
  'POST /api/v1/io/import/members/preview': emptySheet,
  'POST /api/v1/io/import/members/commit': emptySheet,
  'POST /api/v1/io/import/orgs/preview': emptySheet,
  'POST /api/v1/io/import/orgs/commit': emptySheet,
  'POST /api/v1/points/schemes/:id/entries/import/preview': emptySheet,
  'POST /api/v1/points/schemes/:id/entries/import/commit': emptySheet,
  // The quarter's state is checked before the caller: "still open" is all it tells.
  'GET /api/v1/points/schemes/:id/quarters/:quarter/members/:memberId/explain': {
    nobody: '409 quarter_open',
    outside: '409 quarter_open',
  },
  // The year's state machine answers first: a draft year cannot be returned, approved or published.
  'POST /api/v1/points/schemes/:id/year/return': {
    nobody: '409 invalid_transition',
    outside: '409 invalid_transition',
  },
  'POST /api/v1/points/schemes/:id/year/approve': {
    nobody: '409 invalid_transition',
    outside: '409 invalid_transition',
  },
  'POST /api/v1/points/schemes/:id/year/publish': {
    nobody: '409 invalid_transition',
    outside: '409 invalid_transition',
  },
  // Every role at county A includes the secretary of A1, the branch serving the campaign's unit:
  // the inspection refuses them as scoring their own unit (inspection.test.ts covers the team).
  'PUT /api/v1/inspection/campaigns/:id/units/:unitId/hearing': { inside: '403 own_unit' },
  'POST /api/v1/inspection/campaigns/:id/units/:unitId/findings': { inside: '403 own_unit' },
  'POST /api/v1/inspection/campaigns/:id/units/:unitId/review-done': { inside: '403 own_unit' },
  'DELETE /api/v1/inspection/findings/:id': { inside: '403 own_unit' },
};
function pinned(
  r: RegisteredRoute,
  who: 'nobody' | 'outside' | 'inside',
  res: { status: number; code?: string },
) {
  return PINNED[keyOf(r)]?.[who] === `${res.status} ${res.code ?? ''}`.trim();
}

const keyOf = (r: Pick<RegisteredRoute, 'method' | 'url'>) => `${r.method} ${r.url}`;

let f: Fixture;
let routes: readonly RegisteredRoute[];
let anon: (method: string, url: string) => Promise<{ status: number; body: Json }>;
let nobody: Client;
/** Every role at county B / at county A: `scoped` routes. */
let outsider: Client;
let insider: Client;
/** Every role at another top-level committee / at the root: `root` routes. */
let stranger: Client;
let rootInsider: Client;
/** County A's member: a refused call that answers 200 must not show them. */
const sentinels: string[] = [];
/** Spreadsheets the import routes are sent: the blank templates. */
const uploads = new Map<RegExp, Buffer>();
/** Values by name: path parameters, required query fields and body fields. */
const V: Record<string, unknown> = {};
/** `:id` names a different record under each collection: keyed by the path segment before it. */
const ID: Record<string, number> = {};
type Schema = {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  pattern?: string;
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
};
interface OpenApiOp {
  parameters?: { in: string; name: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
let ops: Record<string, Record<string, OpenApiOp>> = {};

beforeAll(async () => {
  f = await createFixture();
  const t = f.t;
  routes = registeredRoutes(t.app);
  const doc = t.app.swagger() as unknown as { paths: typeof ops };
  ops = doc.paths;
  await approvedPlans(f, '2026-Q1');
  await runMonth(
    f,
    '2026-01',
    [2900, 2800, 2700, 2600, 2500, 2400].map((B1) => ({ B1, E1: 2500, E2: 1500 })),
    {
      verifyOn: '2026-02-02',
    },
  );
  const A = f.countyA;
  const a1 = f.branches[0];
  const a2 = f.branches[1];
  if (!a1 || !a2) throw new Error('no branches');
  const rootCommittee = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'committee', orgId: f.root.id }])).account,
    TEST_PASSWORD,
  );
  const schemeId = await createAdoptedScheme(f.c('affairs'), rootCommittee, f.root.id, 2026);
  const member = await t.db
    .selectFrom('member')
    .select(['id', 'name', 'employee_no'])
    .where('branch_id', '=', a1.id)
    .executeTakeFirstOrThrow();
  const entry = await f.c('sec1').post('/api/v1/points/entries', {
    schemeId,
    memberId: member.id,
    itemCode: 'J02',
    occurredOn: '2026-01-20',
    points: 100,
    submit: true,
  });
  expect(entry.status, JSON.stringify(entry.body)).toBe(200);
  const activity = await f.c('sec1').post('/api/v1/points/activities', {
    schemeId,
    branchId: a1.id,
    title: '主题党日',
    kind: '主题党日',
    itemCode: 'J02',
    occurredOn: '2026-01-20',
    points: 100,
    memberIds: [member.id],
  });
  expect(activity.status, JSON.stringify(activity.body)).toBe(200);
  const secUser = await t.db
    .selectFrom('app_user')
    .select('id')
    .where('account', '=', f.accounts.get('sec1') ?? '')
    .executeTakeFirstOrThrow();
  const grant = await t.db
    .selectFrom('role_grant')
    .select('id')
    .where('user_id', '=', secUser.id)
    .executeTakeFirstOrThrow();
  const indicator = await t.db.selectFrom('be_indicator').select('id').executeTakeFirstOrThrow();
  const plan = await t.db
    .selectFrom('be_plan')
    .select('id')
    .where('branch_id', '=', a1.id)
    .executeTakeFirstOrThrow();
  const key = await f.c('admin').post('/api/v1/branch-eval/integration-keys', { orgId: A.id, name: '对标' });
  expect(key.status, JSON.stringify(key.body)).toBe(200);
  const correction = await f.c('office').post('/api/v1/branch-eval/corrections', {
    branchId: a1.id,
    month: '2026-01',
    items: [{ code: 'B1', verified: 2950 }],
    reason: '复核',
  });
  expect(correction.status, JSON.stringify(correction.body)).toBe(200);
  // A published 节气 calendar of county A with one task assigned to A1.
  const calendar = await f.c('affairs').post('/api/v1/terms/calendars', { orgId: A.id, year: 2026 });
  expect(calendar.status, JSON.stringify(calendar.body)).toBe(200);
  expect((await f.c('affairs').post(`/api/v1/terms/calendars/${calendar.body.id}/publish`)).status).toBe(200);
  const termTask = calendar.body.tasks[0].id;
  const assigned = await f.c('affairs').post(`/api/v1/terms/calendars/${calendar.body.id}/assignments`, {
    taskIds: [termTask],
    mode: 'orgs',
    orgIds: [a1.id],
  });
  expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
  const termAssignment = await t.db
    .selectFrom('terms_assignment')
    .select('id')
    .where('org_id', '=', a1.id)
    .executeTakeFirstOrThrow();
  // An inspection campaign of county A's committee, on site, with one unit (served by A1) and a
  // team under it for the ledger spot-check.
  const insp = await insertInspectingCampaign(t.db, A.id, a1.id, secUser.id);
  const campaignUnit = await t.db
    .selectFrom('org')
    .selectAll()
    .where('id', '=', insp.unitId)
    .executeTakeFirstOrThrow();
  const campaignTeam = await makeOrg(t.db, 'team', campaignUnit, '检查对象班组');
  const project = await f.c('sec1').post('/api/v1/projects', {
    orgId: a1.id,
    year: 2026,
    origin: 'proposed',
    title: '党员服务队',
    milestones: [{ name: '调研', deliverable: '报告', due: '2026-06-30' }],
  });
  expect(project.status, JSON.stringify(project.body)).toBe(200);
  const milestone = await t.db
    .selectFrom('pj_milestone')
    .select('id')
    .where('project_id', '=', project.body.id)
    .executeTakeFirstOrThrow();
  Object.assign(ID, {
    calendars: calendar.body.id,
    assignments: termAssignment.id,
    campaigns: insp.campaignId,
    findings: insp.findingId,
    rectifications: insp.rectificationId,
    projects: project.body.id,
    orgs: a1.id,
    members: member.id,
    users: secUser.id,
    files: f.fileOf.get(a1.id) ?? 0,
    schemes: schemeId,
    entries: entry.body.id,
    activities: activity.body.activityId,
    indicators: indicator.id,
    templates: f.templateId,
    plans: plan.id,
    'integration-keys': key.body.id,
    corrections: correction.body.id,
    'ledger-draw': insp.campaignId,
    counted: insp.campaignId,
    // No published quarter yet: these name records that do not exist, so only 403/404 is checked.
    actions: MISSING,
    appeals: MISSING,
  });
  Object.assign(V, {
    unitId: insp.unitId,
    teamId: campaignTeam.id,
    milestoneId: milestone.id,
    changeId: MISSING,
    grantId: grant.id,
    orgId: A.id,
    parentId: A.id,
    rootOrgId: f.root.id,
    branchId: a1.id,
    toBranchId: a2.id,
    ratedBranchId: a2.id,
    raterBranchId: a1.id,
    raterBranchIds: [a1.id],
    memberId: member.id,
    memberIds: [member.id],
    projectId: project.body.id,
    entryId: entry.body.id,
    ids: [entry.body.id],
    schemeId,
    templateId: f.templateId,
    year: 2026,
    month: '2026-01',
    from: '2026-01',
    to: '2026-01',
    quarter: '2026-Q1',
    fromQuarter: '2026-Q1',
    version: 1,
    code: 'B1',
    itemCode: 'J02',
    date: '2026-02-02',
    occurredOn: '2026-01-20',
    rowVersion: entry.body.rowVersion,
    expectedVersion: 0,
    points: 100,
    status: 'full',
    password: 'Sweep-pass-2026',
    position: 5,
    startsAt: '2026-03-20 22:45',
    taskIds: [termTask],
    orgIds: [a1.id],
    newPassword: 'Sweep-pass-2026',
  });
  sentinels.push(member.name, member.employee_no);

  const anyone = await makeUser(t.db, []);
  nobody = await login(t.app, anyone.account, TEST_PASSWORD);
  const everyRole = (orgId: number) => roles.map((role) => ({ role, orgId }));
  const everything = async (orgId: number) =>
    login(t.app, (await makeUser(t.db, everyRole(orgId))).account, TEST_PASSWORD);
  outsider = await everything(f.countyB.id);
  insider = await everything(A.id);
  // On the inspection team, so the sweep reaches the check that they belong to the unit.
  const insiderUser = await t.db
    .selectFrom('app_user')
    .select('id')
    .where('account', '=', insider.account)
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('insp_inspector')
    .values({ campaign_id: insp.campaignId, user_id: insiderUser.id })
    .execute();
  stranger = await everything((await makeOrg(t.db, 'committee', null, '另一党委')).id);
  rootInsider = await everything(f.root.id);
  for (const [re, url] of [
    [/\/io\/import\/members\//, '/api/v1/io/templates/members.xlsx'],
    [/\/io\/import\/orgs\//, '/api/v1/io/templates/orgs.xlsx'],
    [/\/items\/import\//, '/api/v1/points/templates/items.xlsx'],
    [/\/entries\/import\//, `/api/v1/points/schemes/${schemeId}/templates/entries.xlsx`],
    [/\/indicators\/import\//, '/api/v1/branch-eval/indicators/template.xlsx'],
  ] as const) {
    const res = await rootInsider.inject({ method: 'GET', url });
    expect(res.statusCode, url).toBe(200);
    uploads.set(re, res.rawPayload);
  }
  anon = async (method, url) => {
    const res = await t.app.inject({ method: method as 'GET', url });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
  };
}, 180_000);
afterAll(() => f?.t.close());

const CANDIDATE_STRINGS = ['2026-02-02', '2026-01', '2026-Q1', 'B1', 'x'];

/** A value that satisfies `s`, preferring the table's value for the field's name. */
function sample(s: Schema | undefined, name: string): unknown {
  const v = V[name];
  const kind = Array.isArray(v) ? 'array' : typeof v === 'number' ? 'integer' : typeof v;
  const untyped = !s?.type && !s?.oneOf && !s?.anyOf;
  if (v !== undefined && (untyped || s?.type === kind || (s.type === 'number' && kind === 'integer')))
    return v;
  if (!s) return 'x';
  const option = s.oneOf?.[0] ?? s.anyOf?.find((o) => o.type !== 'null');
  if (option) return sample(option, name);
  if (s.enum) return s.enum[0];
  switch (s.type) {
    case 'integer':
    case 'number':
      return Math.max(s.minimum ?? 1, 1);
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: Math.max(s.minItems ?? 0, 1) }, () => sample(s.items, `${name}[]`));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const k of s.required ?? []) out[k] = sample(s.properties?.[k], k);
      // Optional fields some services need to get as far as the permission check.
      for (const k of ['points', 'status'])
        if (s.properties?.[k] && k in V) out[k] = sample(s.properties[k], k);
      return out;
    }
    default: {
      const min = s.minLength ?? 1;
      const fits = (c: string) =>
        c.length >= min &&
        c.length <= (s.maxLength ?? 10_000) &&
        (!s.pattern || new RegExp(s.pattern).test(c));
      return CANDIDATE_STRINGS.find(fits) ?? 'x'.repeat(min);
    }
  }
}

/** The concrete request for a route: path filled in, required query, a body built from its schema. */
function requestFor(r: RegisteredRoute): {
  url: string;
  payload?: unknown;
  multipartOf?: Record<string, string>;
} {
  const segments = r.url.split('/');
  const missing: string[] = [];
  const path = segments
    .map((seg, i) => {
      if (!seg.startsWith(':')) return seg;
      const name = seg.slice(1);
      const v = name === 'id' ? ID[segments[i - 1] ?? ''] : V[name];
      if (v === undefined) missing.push(name === 'id' ? `${segments[i - 1]}/:id` : name);
      return String(v);
    })
    .join('/');
  if (missing.length > 0) throw new Error(`${keyOf(r)}: add a value for ${missing.join(', ')} to the table`);
  const op = ops[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
  const query = (op?.parameters ?? [])
    .filter((p) => p.in === 'query' && p.required)
    .map((p) => `${p.name}=${encodeURIComponent(String(sample(p.schema, p.name)))}`);
  const url = query.length > 0 ? `${path}?${query.join('&')}` : path;
  const content = op?.requestBody?.content ?? {};
  if (content['multipart/form-data'] || r.url === '/api/v1/files')
    return { url, multipartOf: { orgId: String(V.orgId) } };
  if (r.method === 'GET' || r.method === 'DELETE') return { url };
  return { url, payload: sample(content['application/json']?.schema ?? { type: 'object' }, '') };
}

async function call(c: Client, r: RegisteredRoute) {
  const req = requestFor(r);
  const method = r.method as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  const sheet = [...uploads].find(([re]) => re.test(r.url))?.[1];
  const file = sheet
    ? { name: 'x.xlsx', content: sheet, type: XLSX_MIME }
    : { name: 'x.png', content: png, type: 'image/png' };
  const res = req.multipartOf
    ? await c.inject({ method, url: req.url, ...multipart(req.multipartOf, file) })
    : await c.inject({
        method,
        url: req.url,
        ...(req.payload === undefined ? {} : { payload: req.payload as object }),
      });
  let body: Json = null;
  let text = res.body;
  if (String(res.headers['content-type']).includes('spreadsheetml')) {
    const wb = await readXlsx(res.rawPayload);
    text = wb.worksheets.map((ws) => sheetValues(ws).flat().join('\t')).join('\n');
  } else {
    try {
      body = JSON.parse(res.body);
    } catch {}
  }
  return { status: res.statusCode, code: body?.error?.code as string | undefined, body, text };
}

/** 403/404, or a 200 that shows nothing of county A: an empty list, no sight of its member. */
const refused = (s: Awaited<ReturnType<typeof call>>) =>
  (s.status === 403 && s.code === 'forbidden') ||
  (s.status === 404 && s.code === 'not_found') ||
  (s.status === 200 &&
    (!Array.isArray(s.body?.items) || s.body.items.length === 0) &&
    (s.body === null || Array.isArray(s.body?.items)) &&
    !sentinels.some((x) => s.text.includes(x)));
const explain = (s: Awaited<ReturnType<typeof call>>) =>
  `${s.status} ${s.code ?? ''} ${JSON.stringify(s.body?.error?.details ?? '')}`.slice(0, 300);
const of = (kinds: Kind[]) => routes.filter((r) => kinds.includes(ROUTES[keyOf(r)] as Kind));

describe('every registered route is classified', () => {
  it('the table and the app list the same routes', () => {
    const registered = routes.map(keyOf).sort();
    expect(registered.length).toBeGreaterThan(100);
    expect(
      registered.filter((k) => !(k in ROUTES)),
      'routes missing from the table',
    ).toEqual([]);
    expect(
      Object.keys(ROUTES).filter((k) => !registered.includes(k)),
      'table rows with no route',
    ).toEqual([]);
  });

  it('the routes the server lets through without a session are exactly the allow-list', () => {
    expect(
      routes
        .filter((r) => r.public)
        .map(keyOf)
        .sort(),
    ).toEqual(
      Object.entries(ROUTES)
        .filter(([, k]) => k === 'public' || k === 'key')
        .map(([r]) => r)
        .sort(),
    );
  });
});

describe('route sweep', () => {
  it('without a session every route but the public ones answers 401', async () => {
    const wrong: string[] = [];
    for (const r of routes) {
      const kind = ROUTES[keyOf(r)];
      if (kind === 'public') continue;
      const res = await anon(r.method, requestFor(r).url);
      const expected = kind === 'key' ? 'integration_key_missing' : 'unauthenticated';
      if (res.status !== 401 || res.body?.error?.code !== expected) wrong.push(`${keyOf(r)} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('a signed-in user with no grants is refused everywhere but their own things', async () => {
    const wrong: string[] = [];
    for (const r of of(['global', 'scoped', 'root'])) {
      const res = await call(nobody, r);
      if (!refused(res) && !pinned(r, 'nobody', res)) wrong.push(`${keyOf(r)} → ${explain(res)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('every role outside the record’s subtree is refused; every role inside gets past the check', async () => {
    const targets = of(['scoped', 'root']);
    const outsideOf = (r: RegisteredRoute) => (ROUTES[keyOf(r)] === 'root' ? stranger : outsider);
    const insideOf = (r: RegisteredRoute) => (ROUTES[keyOf(r)] === 'root' ? rootInsider : insider);
    const outside = new Map<string, Awaited<ReturnType<typeof call>>>();
    const wrong: string[] = [];
    for (const r of targets) {
      const res = await call(outsideOf(r), r);
      outside.set(keyOf(r), res);
      if (!refused(res) && !pinned(r, 'outside', res)) wrong.push(`outside ${keyOf(r)} → ${explain(res)}`);
    }
    // Reads first, then writes, the deactivations last: the insider's calls change things.
    const order = (r: RegisteredRoute) =>
      r.method === 'GET' ? 0 : /deactivate|grants\/:grantId|revoke|reset-password/.test(r.url) ? 2 : 1;
    for (const r of [...targets].sort((a, b) => order(a) - order(b))) {
      const res = await call(insideOf(r), r);
      const out = outside.get(keyOf(r));
      // A 404 outside means nothing when the record is missing for the insider too.
      const segs = r.url.split('/');
      const named = ID[segs[segs.indexOf(':id') - 1] ?? ''];
      const missingToo = out?.status === 404 && res.status === 404 && named !== MISSING;
      const blocked = res.status === 401 || res.status === 403 || res.status >= 500 || missingToo;
      if (blocked && !pinned(r, 'inside', res)) wrong.push(`inside ${keyOf(r)} → ${explain(res)}`);
    }
    expect(wrong).toEqual([]);
  });
});
