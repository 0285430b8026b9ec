/** Queries of the annual inspection (SPEC §5). No business rules here: the services decide. */
import type { Insertable, Updateable } from 'kysely';
import type { DbOrTrx } from '../../../db/kysely.js';
import type {
  InspCampaignTable,
  InspCriterionTable,
  InspFindingTable,
  InspRectificationTable,
  InspResultTable,
  InspWeightTable,
} from '../../../db/types.js';

export const findCampaign = (db: DbOrTrx, id: number) =>
  db.selectFrom('insp_campaign').selectAll().where('id', '=', id).executeTakeFirst();

export type CampaignRow = NonNullable<Awaited<ReturnType<typeof findCampaign>>>;

export const campaignOfYear = (db: DbOrTrx, orgId: number, year: number) =>
  db
    .selectFrom('insp_campaign')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('year', '=', year)
    .executeTakeFirst();

export async function insertCampaign(db: DbOrTrx, row: Insertable<InspCampaignTable>): Promise<number> {
  const r = await db.insertInto('insp_campaign').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export const updateCampaign = (db: DbOrTrx, id: number, set: Updateable<InspCampaignTable>) =>
  db.updateTable('insp_campaign').set(set).where('id', '=', id).execute();

/** Campaigns whose committee is one of `orgIds` (or all when null), newest year first. */
export function listCampaigns(db: DbOrTrx, orgIds: readonly number[] | null) {
  let q = db
    .selectFrom('insp_campaign')
    .innerJoin('org', 'org.id', 'insp_campaign.org_id')
    .select([
      'insp_campaign.id',
      'insp_campaign.org_id',
      'org.name as org_name',
      'insp_campaign.year',
      'insp_campaign.title',
      'insp_campaign.state',
      'insp_campaign.published_at',
    ])
    .select((eb) =>
      eb
        .selectFrom('insp_unit')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('insp_unit.campaign_id', '=', 'insp_campaign.id')
        .as('units'),
    )
    .orderBy('insp_campaign.year', 'desc')
    .orderBy('insp_campaign.id', 'desc');
  if (orgIds !== null) {
    if (orgIds.length === 0) return Promise.resolve([]);
    q = q.where('insp_campaign.org_id', 'in', [...orgIds]);
  }
  return q.execute();
}

export function campaignUnits(db: DbOrTrx, campaignId: number) {
  return db
    .selectFrom('insp_unit')
    .innerJoin('org', 'org.id', 'insp_unit.org_id')
    .leftJoin('insp_unit_state as s', (j) =>
      j.onRef('s.campaign_id', '=', 'insp_unit.campaign_id').onRef('s.org_id', '=', 'insp_unit.org_id'),
    )
    .select([
      'insp_unit.org_id',
      'insp_unit.sort_order',
      'org.code',
      'org.name',
      'org.kind',
      's.self_report',
      's.self_submitted_at',
      's.review_done_at',
    ])
    .where('insp_unit.campaign_id', '=', campaignId)
    .orderBy('insp_unit.sort_order')
    .orderBy('insp_unit.org_id')
    .execute();
}

export type CampaignUnitRow = Awaited<ReturnType<typeof campaignUnits>>[number];

export async function replaceUnits(db: DbOrTrx, campaignId: number, orgIds: readonly number[]) {
  await db.deleteFrom('insp_unit').where('campaign_id', '=', campaignId).execute();
  if (orgIds.length > 0)
    await db
      .insertInto('insp_unit')
      .values(orgIds.map((org_id, i) => ({ campaign_id: campaignId, org_id, sort_order: i + 1 })))
      .execute();
}

export function inspectors(db: DbOrTrx, campaignId: number) {
  return db
    .selectFrom('insp_inspector')
    .innerJoin('app_user', 'app_user.id', 'insp_inspector.user_id')
    .select(['app_user.id', 'app_user.account', 'app_user.display_name'])
    .where('insp_inspector.campaign_id', '=', campaignId)
    .orderBy('app_user.id')
    .execute();
}

export async function replaceInspectors(db: DbOrTrx, campaignId: number, userIds: readonly number[]) {
  await db.deleteFrom('insp_inspector').where('campaign_id', '=', campaignId).execute();
  if (userIds.length > 0)
    await db
      .insertInto('insp_inspector')
      .values(userIds.map((user_id) => ({ campaign_id: campaignId, user_id })))
      .execute();
}

export const isInspector = async (db: DbOrTrx, campaignId: number, userId: number) =>
  (await db
    .selectFrom('insp_inspector')
    .select('user_id')
    .where('campaign_id', '=', campaignId)
    .where('user_id', '=', userId)
    .executeTakeFirst()) !== undefined;

/** Active users holding `role` at one of `orgIds`. */
export function usersWithRoleAt(db: DbOrTrx, role: string, orgIds: readonly number[]) {
  if (orgIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('app_user')
    .innerJoin('role_grant', 'role_grant.user_id', 'app_user.id')
    .select(['app_user.id', 'app_user.account', 'app_user.display_name'])
    .distinct()
    .where('role_grant.role', '=', role)
    .where('role_grant.org_id', 'in', [...orgIds])
    .where('app_user.active', '=', 1)
    .orderBy('app_user.id')
    .execute();
}

export const userById = (db: DbOrTrx, id: number) =>
  db
    .selectFrom('app_user')
    .select(['id', 'account', 'display_name', 'member_id', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();

/** Top-level departments and grassroots units of the unit tree, active on `day`, in tree order. */
export function defaultTargetUnits(db: DbOrTrx, day: string) {
  return db
    .selectFrom('org')
    .select(['id'])
    .where('tree', '=', 'unit')
    .where('kind', 'in', ['department', 'grassroots'])
    .where('parent_id', 'is', null)
    .where('active_from', '<=', day)
    .where((eb) => eb.or([eb('active_to', 'is', null), eb('active_to', '>', day)]))
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

/** Every department and grassroots unit of the unit tree active on `day`: what may be a target unit. */
export function targetUnitCandidates(db: DbOrTrx, day: string) {
  return db
    .selectFrom('org')
    .select(['id', 'code', 'name', 'kind'])
    .where('tree', '=', 'unit')
    .where('kind', 'in', ['department', 'grassroots'])
    .where('active_from', '<=', day)
    .where((eb) => eb.or([eb('active_to', 'is', null), eb('active_to', '>', day)]))
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

export const orgsByIds = (db: DbOrTrx, ids: readonly number[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('org')
        .select(['id', 'tree', 'kind', 'name', 'code'])
        .where('id', 'in', [...ids])
        .execute();

/** (ancestor, descendant) pairs of the subtrees of `roots`, themselves included. */
export const subtreePairs = (db: DbOrTrx, roots: readonly number[]) =>
  roots.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('org_closure')
        .select(['ancestor_id', 'descendant_id'])
        .where('ancestor_id', 'in', [...roots])
        .execute();

/** The units branches serve: linked_unit_id of every branch in the subtrees of `roots`. */
export function linkedUnitsUnder(db: DbOrTrx, roots: readonly number[]) {
  if (roots.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org')
    .innerJoin('org_closure', 'org_closure.descendant_id', 'org.id')
    .select('org.linked_unit_id')
    .distinct()
    .where('org_closure.ancestor_id', 'in', [...roots])
    .where('org.linked_unit_id', 'is not', null)
    .execute();
}

/** Secretaries of the branches serving `unitId` or a unit under it: who may own its rectification. */
export function unitSecretaries(db: DbOrTrx, unitId: number) {
  return db
    .selectFrom('org as b')
    .innerJoin('org_closure as c', 'c.descendant_id', 'b.linked_unit_id')
    .innerJoin('role_grant as g', 'g.org_id', 'b.id')
    .innerJoin('app_user as u', 'u.id', 'g.user_id')
    .select(['u.id', 'u.display_name', 'b.name as branch_name'])
    .distinct()
    .where('c.ancestor_id', '=', unitId)
    .where('g.role', '=', 'secretary')
    .where('u.active', '=', 1)
    .orderBy('u.id')
    .execute();
}

/** The branches serving `unitId` or a unit under it, in id order. */
export function branchesServing(db: DbOrTrx, unitId: number) {
  return db
    .selectFrom('org as b')
    .innerJoin('org_closure as c', 'c.descendant_id', 'b.linked_unit_id')
    .select(['b.id', 'b.name'])
    .where('c.ancestor_id', '=', unitId)
    .orderBy('b.id')
    .execute();
}

/**
 * Records the branches serving `unitId` (or a unit under it) made in `year`: their activities and
 * their approved normal points entries, newest first, `limit` of each (one more is read to tell
 * whether the list was cut).
 */
export async function unitRecordsOfYear(db: DbOrTrx, unitId: number, year: number, limit: number) {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const activities = await db
    .selectFrom('points_activity as a')
    .innerJoin('org as b', 'b.id', 'a.branch_id')
    .innerJoin('org_closure as c', 'c.descendant_id', 'b.linked_unit_id')
    .select(['a.id', 'a.title', 'a.occurred_on', 'b.name as branch_name'])
    .where('c.ancestor_id', '=', unitId)
    .where('a.occurred_on', '>=', from)
    .where('a.occurred_on', '<=', to)
    .orderBy('a.occurred_on', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit + 1)
    .execute();
  const entries = await db
    .selectFrom('points_entry as e')
    .innerJoin('org as b', 'b.id', 'e.branch_id')
    .innerJoin('org_closure as c', 'c.descendant_id', 'b.linked_unit_id')
    .innerJoin('member as m', 'm.id', 'e.member_id')
    .select(['e.id', 'e.occurred_on', 'e.item_code', 'm.name', 'b.name as branch_name'])
    .where('c.ancestor_id', '=', unitId)
    .where('e.state', '=', 'approved')
    .where('e.kind', '=', 'normal')
    .where('e.occurred_on', '>=', from)
    .where('e.occurred_on', '<=', to)
    .orderBy('e.occurred_on', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit + 1)
    .execute();
  return { activities, entries };
}

/** The unit and the branch of the member linked to a user. */
export const memberPlaces = (db: DbOrTrx, memberId: number) =>
  db
    .selectFrom('member')
    .leftJoin('org as b', 'b.id', 'member.branch_id')
    .select(['member.unit_id', 'b.linked_unit_id'])
    .where('member.id', '=', memberId)
    .executeTakeFirst();

// Weights

export const weightVersions = (db: DbOrTrx, campaignId: number) =>
  db
    .selectFrom('insp_weight')
    .leftJoin('app_user', 'app_user.id', 'insp_weight.created_by')
    .selectAll('insp_weight')
    .select('app_user.display_name as created_by_name')
    .where('campaign_id', '=', campaignId)
    .orderBy('version', 'desc')
    .execute();
export type WeightRow = Awaited<ReturnType<typeof weightVersions>>[number];

export const insertWeight = (db: DbOrTrx, row: Insertable<InspWeightTable>) =>
  db.insertInto('insp_weight').values(row).execute();

// Criteria

export const criteria = (db: DbOrTrx, campaignId: number) =>
  db
    .selectFrom('insp_criterion')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
export type CriterionRow = Awaited<ReturnType<typeof criteria>>[number];

export const findCriterion = (db: DbOrTrx, id: number) =>
  db.selectFrom('insp_criterion').selectAll().where('id', '=', id).executeTakeFirst();

export async function replaceCriteria(
  db: DbOrTrx,
  campaignId: number,
  rows: readonly Omit<Insertable<InspCriterionTable>, 'campaign_id' | 'sort_order'>[],
) {
  await db.deleteFrom('insp_criterion').where('campaign_id', '=', campaignId).execute();
  if (rows.length > 0)
    await db
      .insertInto('insp_criterion')
      .values(rows.map((r, i) => ({ ...r, campaign_id: campaignId, sort_order: i + 1 })))
      .execute();
}

/** Whether anything has been scored against the campaign's criteria. */
export async function hasScores(db: DbOrTrx, campaignId: number): Promise<boolean> {
  const s = await db
    .selectFrom('insp_self_score')
    .select('id')
    .where('campaign_id', '=', campaignId)
    .executeTakeFirst();
  if (s) return true;
  const f = await db
    .selectFrom('insp_finding')
    .select('id')
    .where('campaign_id', '=', campaignId)
    .executeTakeFirst();
  return f !== undefined;
}

// Unit state, self-check

export const unitState = (db: DbOrTrx, campaignId: number, orgId: number) =>
  db
    .selectFrom('insp_unit_state')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();

export async function upsertUnitState(
  db: DbOrTrx,
  campaignId: number,
  orgId: number,
  set: {
    self_report?: string | null;
    self_submitted_at?: string | null;
    self_submitted_by?: number | null;
    review_done_at?: string | null;
    review_done_by?: number | null;
  },
) {
  const existing = await unitState(db, campaignId, orgId);
  if (existing)
    await db
      .updateTable('insp_unit_state')
      .set(set)
      .where('campaign_id', '=', campaignId)
      .where('org_id', '=', orgId)
      .execute();
  else
    await db
      .insertInto('insp_unit_state')
      .values({ campaign_id: campaignId, org_id: orgId, ...set })
      .execute();
}

export const selfScores = (db: DbOrTrx, campaignId: number, orgId?: number) => {
  let q = db.selectFrom('insp_self_score').selectAll().where('campaign_id', '=', campaignId);
  if (orgId !== undefined) q = q.where('org_id', '=', orgId);
  return q.execute();
};

export async function upsertSelfScore(
  db: DbOrTrx,
  row: {
    campaign_id: number;
    criterion_id: number;
    org_id: number;
    score: number;
    note: string | null;
    updated_by: number;
    updated_at: string;
  },
): Promise<number> {
  const existing = await db
    .selectFrom('insp_self_score')
    .select('id')
    .where('criterion_id', '=', row.criterion_id)
    .where('org_id', '=', row.org_id)
    .executeTakeFirst();
  if (existing) {
    await db
      .updateTable('insp_self_score')
      .set({ score: row.score, note: row.note, updated_by: row.updated_by, updated_at: row.updated_at })
      .where('id', '=', existing.id)
      .execute();
    return existing.id;
  }
  const r = await db.insertInto('insp_self_score').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

// Evidence

export function evidenceFiles(db: DbOrTrx, entityType: string, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('evidence_link')
    .innerJoin('file_upload', 'file_upload.id', 'evidence_link.file_id')
    .innerJoin('file_blob', 'file_blob.hash', 'file_upload.hash')
    .select(['evidence_link.entity_id', 'file_upload.id', 'file_upload.original_name', 'file_blob.mime'])
    .where('evidence_link.entity_type', '=', entityType)
    .where('evidence_link.entity_id', 'in', [...ids])
    .orderBy('file_upload.id')
    .execute();
}

export async function replaceEvidenceFiles(
  db: DbOrTrx,
  entityType: string,
  entityId: number,
  fileIds: readonly number[],
  by: number,
  at: string,
) {
  await db
    .deleteFrom('evidence_link')
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .execute();
  if (fileIds.length > 0)
    await db
      .insertInto('evidence_link')
      .values(
        [...new Set(fileIds)].map((file_id) => ({
          file_id,
          entity_type: entityType,
          entity_id: entityId,
          created_by: by,
          created_at: at,
        })),
      )
      .execute();
}

export function evidenceRefs(
  db: DbOrTrx,
  entityType: 'insp_self_score' | 'insp_finding',
  ids: readonly number[],
) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('insp_evidence_ref')
    .selectAll()
    .where('entity_type', '=', entityType)
    .where('entity_id', 'in', [...ids])
    .execute();
}

export async function replaceEvidenceRefs(
  db: DbOrTrx,
  entityType: 'insp_self_score' | 'insp_finding',
  entityId: number,
  refs: readonly { type: 'points_activity' | 'points_entry'; id: number }[],
) {
  await db
    .deleteFrom('insp_evidence_ref')
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .execute();
  const uniq = [...new Map(refs.map((r) => [`${r.type}:${r.id}`, r])).values()];
  if (uniq.length > 0)
    await db
      .insertInto('insp_evidence_ref')
      .values(
        uniq.map((r) => ({ entity_type: entityType, entity_id: entityId, ref_type: r.type, ref_id: r.id })),
      )
      .execute();
}

export const filesByIds = (db: DbOrTrx, ids: readonly number[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('file_upload')
        .select(['id', 'org_id', 'uploaded_by'])
        .where('id', 'in', [...ids])
        .execute();

/**
 * Which of `refs` were recorded by a branch serving `unitId` or a unit under it: the records a
 * unit may link as its own evidence.
 */
export async function recordsOfUnit(
  db: DbOrTrx,
  unitId: number,
  refs: readonly { type: string; id: number }[],
) {
  const out = new Set<string>();
  for (const [type, table] of [
    ['points_activity', 'points_activity'],
    ['points_entry', 'points_entry'],
  ] as const) {
    const ids = refs.filter((r) => r.type === type).map((r) => r.id);
    if (ids.length === 0) continue;
    const rows = await db
      .selectFrom(table)
      .innerJoin('org as b', 'b.id', `${table}.branch_id`)
      .innerJoin('org_closure as c', 'c.descendant_id', 'b.linked_unit_id')
      .select(`${table}.id as id`)
      .where(`${table}.id`, 'in', ids)
      .where('c.ancestor_id', '=', unitId)
      .execute();
    for (const r of rows) out.add(`${type}:${r.id}`);
  }
  return out;
}

/** Labels of points records linked as evidence (and whether they exist). */
export async function recordLabels(db: DbOrTrx, refs: readonly { type: string; id: number }[]) {
  const out = new Map<string, string>();
  const acts = refs.filter((r) => r.type === 'points_activity').map((r) => r.id);
  const ents = refs.filter((r) => r.type === 'points_entry').map((r) => r.id);
  if (acts.length > 0)
    for (const a of await db
      .selectFrom('points_activity')
      .select(['id', 'title', 'occurred_on', 'branch_id'])
      .where('id', 'in', acts)
      .execute())
      out.set(`points_activity:${a.id}`, `${a.occurred_on} ${a.title}`);
  if (ents.length > 0)
    for (const e of await db
      .selectFrom('points_entry')
      .innerJoin('member', 'member.id', 'points_entry.member_id')
      .select(['points_entry.id', 'points_entry.occurred_on', 'points_entry.item_code', 'member.name'])
      .where('points_entry.id', 'in', ents)
      .execute())
      out.set(`points_entry:${e.id}`, `${e.occurred_on} ${e.name} ${e.item_code}`);
  return out;
}

// Hearing and findings

export const hearingScores = (db: DbOrTrx, campaignId: number, orgId?: number) => {
  let q = db
    .selectFrom('insp_hearing_score')
    .innerJoin('app_user', 'app_user.id', 'insp_hearing_score.inspector_id')
    .selectAll('insp_hearing_score')
    .select('app_user.display_name')
    .where('campaign_id', '=', campaignId);
  if (orgId !== undefined) q = q.where('org_id', '=', orgId);
  return q.orderBy('inspector_id').execute();
};

export async function upsertHearing(
  db: DbOrTrx,
  row: {
    campaign_id: number;
    org_id: number;
    inspector_id: number;
    score: number;
    note: string | null;
    updated_at: string;
  },
) {
  const del = await db
    .deleteFrom('insp_hearing_score')
    .where('campaign_id', '=', row.campaign_id)
    .where('org_id', '=', row.org_id)
    .where('inspector_id', '=', row.inspector_id)
    .returning(['score', 'note'])
    .executeTakeFirst();
  await db.insertInto('insp_hearing_score').values(row).execute();
  return del ?? null;
}

export const findings = (db: DbOrTrx, campaignId: number, orgId?: number) => {
  let q = db
    .selectFrom('insp_finding')
    .innerJoin('insp_criterion', 'insp_criterion.id', 'insp_finding.criterion_id')
    .innerJoin('app_user', 'app_user.id', 'insp_finding.created_by')
    .leftJoin('insp_rectification', 'insp_rectification.finding_id', 'insp_finding.id')
    .selectAll('insp_finding')
    .select([
      'insp_criterion.code as criterion_code',
      'app_user.display_name as by_name',
      'insp_rectification.id as rectification_id',
    ])
    .where('insp_finding.campaign_id', '=', campaignId);
  if (orgId !== undefined) q = q.where('insp_finding.org_id', '=', orgId);
  return q.orderBy('insp_finding.id').execute();
};
export type FindingRow = Awaited<ReturnType<typeof findings>>[number];

// The inputs of the results, only the columns the composite reads (one pass over each table).

/** Every self-check score of the campaign: unit, criterion, score. */
export const resultSelfScores = (db: DbOrTrx, campaignId: number) =>
  db
    .selectFrom('insp_self_score')
    .select(['org_id', 'criterion_id', 'score'])
    .where('campaign_id', '=', campaignId)
    .execute();

/** Every report-hearing score of the campaign, each unit's in inspector order. */
export const resultHearingScores = (db: DbOrTrx, campaignId: number) =>
  db
    .selectFrom('insp_hearing_score')
    .select(['org_id', 'score'])
    .where('campaign_id', '=', campaignId)
    .orderBy('org_id')
    .orderBy('inspector_id')
    .execute();

/** Every finding's deduction of the campaign with its criterion's code, in the order they were recorded. */
export const resultDeductions = (db: DbOrTrx, campaignId: number) =>
  db
    .selectFrom('insp_finding')
    .innerJoin('insp_criterion', 'insp_criterion.id', 'insp_finding.criterion_id')
    .select(['insp_finding.org_id', 'insp_finding.deduction', 'insp_criterion.code as criterion_code'])
    .where('insp_finding.campaign_id', '=', campaignId)
    .orderBy('insp_finding.id')
    .execute();

export async function insertFinding(db: DbOrTrx, row: Insertable<InspFindingTable>): Promise<number> {
  const r = await db.insertInto('insp_finding').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}
export const findFinding = (db: DbOrTrx, id: number) =>
  db.selectFrom('insp_finding').selectAll().where('id', '=', id).executeTakeFirst();
export const deleteFinding = (db: DbOrTrx, id: number) =>
  db.deleteFrom('insp_finding').where('id', '=', id).execute();

// Rectification

export function rectifications(
  db: DbOrTrx,
  filter: {
    ids?: number[];
    campaignId?: number;
    unitIds?: number[] | null;
    campaignOrgIds?: number[] | null;
    ownerId?: number;
    state?: 'open' | 'closed';
  },
) {
  let q = db
    .selectFrom('insp_rectification as r')
    .innerJoin('insp_campaign as c', 'c.id', 'r.campaign_id')
    .innerJoin('insp_finding as f', 'f.id', 'r.finding_id')
    .innerJoin('insp_criterion as k', 'k.id', 'f.criterion_id')
    .innerJoin('org as u', 'u.id', 'r.org_id')
    .innerJoin('app_user as o', 'o.id', 'r.owner_user_id')
    .selectAll('r')
    .select([
      'c.year',
      'c.org_id as campaign_org_id',
      'u.name as unit_name',
      'k.code as criterion_code',
      'f.note as finding_note',
      'o.display_name as owner_name',
    ]);
  if (filter.ids) q = q.where('r.id', 'in', filter.ids.length ? filter.ids : [0]);
  if (filter.campaignId !== undefined) q = q.where('r.campaign_id', '=', filter.campaignId);
  if (filter.state) q = q.where('r.state', '=', filter.state);
  const unitIds = filter.unitIds;
  const orgIds = filter.campaignOrgIds;
  const ownerId = filter.ownerId;
  if (unitIds !== undefined || orgIds !== undefined || ownerId !== undefined) {
    q = q.where((eb) => {
      const ors = [];
      if (unitIds === null || orgIds === null) return eb.lit(true);
      if (unitIds?.length) ors.push(eb('r.org_id', 'in', unitIds));
      if (orgIds?.length) ors.push(eb('c.org_id', 'in', orgIds));
      if (ownerId !== undefined) ors.push(eb('r.owner_user_id', '=', ownerId));
      return ors.length ? eb.or(ors) : eb.lit(false);
    });
  }
  return q.orderBy('c.year', 'desc').orderBy('r.due_on').orderBy('r.id').execute();
}
export type RectificationRow = Awaited<ReturnType<typeof rectifications>>[number];

export async function insertRectification(
  db: DbOrTrx,
  row: Insertable<InspRectificationTable>,
): Promise<number> {
  const r = await db.insertInto('insp_rectification').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}
export const updateRectification = (db: DbOrTrx, id: number, set: Updateable<InspRectificationTable>) =>
  db.updateTable('insp_rectification').set(set).where('id', '=', id).execute();

// Results

export const storedResults = (db: DbOrTrx, campaignId: number) =>
  db.selectFrom('insp_result').selectAll().where('campaign_id', '=', campaignId).execute();

export async function insertResults(db: DbOrTrx, rows: readonly Insertable<InspResultTable>[]) {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('insp_result')
      .values(rows.slice(i, i + 200))
      .execute();
}
