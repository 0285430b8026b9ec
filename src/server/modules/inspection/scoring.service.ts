/**
 * What units and inspectors enter (SPEC §5): the unit's self-check and self-report, the
 * inspectors' report-hearing scores, document-review findings and the mark that a unit's review
 * is done. A unit sees only its own self-check before publication; an inspector never scores
 * their own unit; each write is one audited transaction, and bad input changes nothing.
 */
import type { z } from 'zod';
import type {
  evidenceRecordList,
  findingBody,
  findingView,
  hearingBody,
  selfCheckBody,
  selfCheckView,
  unitInspectionView,
} from '../../../contracts/inspection.js';
import type { DbOrTrx } from '../../../db/kysely.js';
import { criterionAfterFindings, selfCheckScore, stateRules } from '../../../domain/inspection/index.js';
import { appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { can } from '../../lib/permissions.js';
import {
  loadCampaign,
  requireTargetUnit,
  rolesAtCampaign,
  ruleError,
  unitsOfUser,
} from './inspection.common.js';
import * as repo from './inspection.repo.js';
import { evidenceOf, findingViews } from './views.js';

type Access = 'own' | 'organiser' | 'inspector';

/** Who may read a unit's self-check: its own people, affairs and the committee, the team. */
async function selfCheckAccess(db: DbOrTrx, ctx: Ctx, c: repo.CampaignRow, unitId: number): Promise<Access> {
  const mine = await unitsOfUser(db, ctx.user, [unitId]);
  if (mine.selfCheck.has(unitId)) return 'own';
  const roles = await rolesAtCampaign(db, ctx.user, c);
  if (roles.includes('affairs') || roles.includes('committee') || roles.includes('admin')) return 'organiser';
  if (roles.includes('inspector') && (await repo.isInspector(db, c.id, ctx.user.id))) return 'inspector';
  throw new AppError('forbidden', { permission: 'inspection.self', unitId });
}

/**
 * Where the caller's evidence for a unit is uploaded: a branch serving the unit first (so the
 * unit's own secretaries, the team and the organisers all read it), else the unit node, else the
 * campaign's committee — the first of these where the caller may upload; null when none.
 */
async function evidenceOrgFor(
  db: DbOrTrx,
  ctx: Ctx,
  c: repo.CampaignRow,
  unitId: number,
): Promise<number | null> {
  const places = [...(await repo.branchesServing(db, unitId)).map((b) => b.id), unitId, c.org_id];
  for (const orgId of places) if (await can(db, ctx.user, 'evidence.upload', orgId)) return orgId;
  return null;
}

/**
 * Files may be attached as evidence by whoever uploaded them or may read them (evidence.read at
 * the file's org): an id guessed from another unit's uploads is refused.
 */
async function requireAttachable(db: DbOrTrx, ctx: Ctx, fileIds: readonly number[]) {
  const files = await repo.filesByIds(db, fileIds);
  for (const id of fileIds) {
    const f = files.find((x) => x.id === id);
    if (!f) throw new AppError('not_found', { entity: 'file', id });
    if (f.uploaded_by === ctx.user.id) continue;
    if (f.org_id === null || !(await can(db, ctx.user, 'evidence.read', f.org_id)))
      throw new AppError('forbidden', { permission: 'evidence.read', fileId: id });
  }
}

async function selfCheckViewOf(
  db: DbOrTrx,
  ctx: Ctx,
  c: repo.CampaignRow,
  unitId: number,
  editable: boolean,
): Promise<z.infer<typeof selfCheckView>> {
  const u = await requireTargetUnit(db, c.id, unitId);
  const crit = await repo.criteria(db, c.id);
  const scores = await repo.selfScores(db, c.id, unitId);
  const ev = await evidenceOf(
    db,
    'insp_self_score',
    scores.map((s) => s.id),
  );
  const byCrit = new Map(scores.map((s) => [s.criterion_id, s]));
  const complete = crit.length > 0 && crit.every((k) => byCrit.has(k.id));
  return {
    campaignId: c.id,
    unitId,
    unitName: u.name,
    state: c.state,
    editable,
    due: c.self_check_due,
    selfReport: u.self_report,
    submittedAt: u.self_submitted_at,
    items: crit.map((k) => {
      const s = byCrit.get(k.id);
      return {
        id: k.id,
        code: k.code,
        name: k.name,
        max: k.max_points,
        whatToCheck: k.what_to_check,
        self: s?.score ?? null,
        note: s?.note ?? null,
        evidence: (s && ev.get(s.id)) || { files: [], records: [] },
      };
    }),
    score: complete
      ? selfCheckScore(crit.map((k) => ({ max: k.max_points, self: byCrit.get(k.id)?.score ?? 0 })))
      : null,
    evidenceOrgId: editable ? await evidenceOrgFor(db, ctx, c, unitId) : null,
  };
}

/** A unit's self-check, for its own people, the organisers and the team. */
export async function getSelfCheck(ctx: Ctx, id: number, unitId: number) {
  const c = await loadCampaign(ctx.db, id);
  await requireTargetUnit(ctx.db, id, unitId);
  const access = await selfCheckAccess(ctx.db, ctx, c, unitId);
  const u = await repo.unitState(ctx.db, id, unitId);
  return selfCheckViewOf(
    ctx.db,
    ctx,
    c,
    unitId,
    access === 'own' && stateRules.selfCheckOpen(c.state) && !u?.self_submitted_at,
  );
}

/**
 * The unit saves its self-check: a score ≤ max per criterion with a note and evidence (files
 * uploaded through the files module, or points records linked instead of uploading again) and
 * its self-report; `submit` hands it in (every criterion scored), after which it is read-only.
 */
export async function saveSelfCheck(
  ctx: Ctx,
  id: number,
  unitId: number,
  body: z.infer<typeof selfCheckBody>,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadCampaign(trx, id);
    await requireTargetUnit(trx, id, unitId);
    const mine = await unitsOfUser(trx, ctx.user, [unitId]);
    if (!mine.selfCheck.has(unitId))
      throw new AppError('forbidden', { permission: 'inspection.self', unitId });
    if (!stateRules.selfCheckOpen(c.state))
      throw ruleError('自查自评不在进行中', 'The self-check stage is not open', { state: c.state });
    const st = await repo.unitState(trx, id, unitId);
    if (st?.self_submitted_at)
      throw ruleError(
        '自查自评已提交，不能再修改',
        'The self-check has been submitted and can no longer change',
      );
    const crit = new Map((await repo.criteria(trx, id)).map((k) => [k.id, k]));
    const at = nowIso(ctx.clock);
    const before = await repo.selfScores(trx, id, unitId);
    await requireAttachable(trx, ctx, [...new Set(body.items.flatMap((i) => i.fileIds))]);
    const refs = body.items.flatMap((i) => i.records);
    // Linked records must be the unit's own: recorded by a branch serving it (SPEC §7 一次留痕).
    const own = await repo.recordsOfUnit(trx, unitId, refs);
    for (const r of refs)
      if (!own.has(`${r.type}:${r.id}`)) throw new AppError('not_found', { entity: r.type, id: r.id });
    for (const item of body.items) {
      const k = crit.get(item.criterionId);
      if (!k)
        throw new AppError('criterion_not_in_campaign', { criterionId: item.criterionId, campaignId: id });
      if (item.self > k.max_points)
        throw new AppError('score_above_max', {
          criterionId: k.id,
          code: k.code,
          max: k.max_points,
          self: item.self,
        });
      const sid = await repo.upsertSelfScore(trx, {
        campaign_id: id,
        criterion_id: k.id,
        org_id: unitId,
        score: item.self,
        note: item.note?.length ? item.note : null,
        updated_by: ctx.user.id,
        updated_at: at,
      });
      await repo.replaceEvidenceFiles(trx, 'insp_self_score', sid, item.fileIds, ctx.user.id, at);
      await repo.replaceEvidenceRefs(trx, 'insp_self_score', sid, item.records);
    }
    const after = await repo.selfScores(trx, id, unitId);
    if (body.submit && after.length < crit.size)
      throw ruleError(
        '还有考核细则未自评，不能提交',
        'Some criteria have no self score yet; the self-check cannot be submitted',
      );
    const stateSet: Parameters<typeof repo.upsertUnitState>[3] = {};
    if (body.selfReport !== undefined) stateSet.self_report = body.selfReport;
    if (body.submit) {
      stateSet.self_submitted_at = at;
      stateSet.self_submitted_by = ctx.user.id;
    }
    if (Object.keys(stateSet).length > 0) await repo.upsertUnitState(trx, id, unitId, stateSet);
    const snap = (rows: typeof before) =>
      rows
        .map((r) => ({ criterionId: r.criterion_id, score: r.score, note: r.note }))
        .sort((a, b) => a.criterionId - b.criterionId);
    await appendAudit(trx, ctx.user, at, [
      {
        action: body.submit ? 'inspection.self_check.submit' : 'inspection.self_check.save',
        entityType: 'insp_unit',
        entityId: `${id}:${unitId}`,
        orgId: unitId,
        before: { scores: snap(before), selfReport: st?.self_report ?? null, submitted: false },
        after: {
          scores: snap(after),
          selfReport: body.selfReport ?? st?.self_report ?? null,
          submitted: body.submit,
          evidence: body.items.map((i) => ({
            criterionId: i.criterionId,
            fileIds: i.fileIds,
            records: i.records,
          })),
        },
      },
    ]);
    return selfCheckViewOf(trx, ctx, c, unitId, !body.submit);
  });
}

/** Throws unless the user is on the campaign's team, holds the inspector role and is not of the unit. */
async function requireScorer(db: DbOrTrx, ctx: Ctx, c: repo.CampaignRow, unitId: number) {
  const roles = await rolesAtCampaign(db, ctx.user, c);
  if (!roles.includes('inspector') || !(await repo.isInspector(db, c.id, ctx.user.id)))
    throw new AppError('forbidden', { permission: 'inspection.score', campaignId: c.id });
  const mine = await unitsOfUser(db, ctx.user, [unitId]);
  if (mine.belongs.has(unitId)) throw new AppError('own_unit', { unitId });
  if (!stateRules.inspectionOpen(c.state))
    throw ruleError('现场检查不在进行中', 'The on-site inspection is not open', { state: c.state });
}

async function unitInspectionOf(
  db: DbOrTrx,
  ctx: Ctx,
  c: repo.CampaignRow,
  unitId: number,
): Promise<z.infer<typeof unitInspectionView>> {
  const u = await requireTargetUnit(db, c.id, unitId);
  const roles = await rolesAtCampaign(db, ctx.user, c);
  const organiser = roles.includes('affairs') || roles.includes('committee');
  const onTeam = roles.includes('inspector') && (await repo.isInspector(db, c.id, ctx.user.id));
  if (!organiser && !onTeam) throw new AppError('forbidden', { permission: 'inspection.read', unitId });
  const mine = await unitsOfUser(db, ctx.user, [unitId]);
  const crit = await repo.criteria(db, c.id);
  const selfs = new Map((await repo.selfScores(db, c.id, unitId)).map((s) => [s.criterion_id, s.score]));
  const finds = await repo.findings(db, c.id, unitId);
  const hearing = await repo.hearingScores(db, c.id, unitId);
  const my = hearing.find((h) => h.inspector_id === ctx.user.id);
  const editable = onTeam && !mine.belongs.has(unitId) && stateRules.inspectionOpen(c.state);
  return {
    campaignId: c.id,
    unitId,
    unitName: u.name,
    state: c.state,
    editable,
    selfReport: u.self_report,
    selfSubmitted: u.self_submitted_at !== null,
    criteria: crit.map((k) => {
      const ds = finds.filter((f) => f.criterion_id === k.id).map((f) => f.deduction);
      return {
        id: k.id,
        code: k.code,
        name: k.name,
        max: k.max_points,
        whatToCheck: k.what_to_check,
        self: selfs.get(k.id) ?? null,
        deducted: ds.reduce((a, b) => a + b, 0),
        score: criterionAfterFindings({ max: k.max_points, deductions: ds }),
      };
    }),
    myHearing: my ? { score: my.score, note: my.note } : null,
    hearingScores: organiser
      ? hearing.map((h) => ({ inspector: h.display_name, score: h.score, note: h.note }))
      : [],
    findings: await findingViews(db, finds),
    reviewDone: u.review_done_at !== null,
    owners: (await repo.unitSecretaries(db, unitId)).map((o) => ({
      userId: o.id,
      name: `${o.display_name}（${o.branch_name}）`,
    })),
    evidenceOrgId: editable ? await evidenceOrgFor(db, ctx, c, unitId) : null,
  };
}

const RECORDS_LISTED = 300;

/**
 * The records a unit's self-check may link as evidence instead of uploading again (SPEC §7
 * 一次留痕): what the branches serving the unit recorded in the campaign's year. Only for the
 * unit's own self-checkers: points entries name members, which the team need not browse.
 */
export async function listEvidenceRecords(
  ctx: Ctx,
  id: number,
  unitId: number,
): Promise<z.infer<typeof evidenceRecordList>> {
  const c = await loadCampaign(ctx.db, id);
  await requireTargetUnit(ctx.db, id, unitId);
  const mine = await unitsOfUser(ctx.db, ctx.user, [unitId]);
  if (!mine.selfCheck.has(unitId)) throw new AppError('forbidden', { permission: 'inspection.self', unitId });
  const { activities, entries } = await repo.unitRecordsOfYear(ctx.db, unitId, c.year, RECORDS_LISTED);
  return {
    items: [
      ...activities.slice(0, RECORDS_LISTED).map((a) => ({
        type: 'points_activity' as const,
        id: a.id,
        label: `${a.occurred_on} ${a.title}`,
        branchName: a.branch_name,
      })),
      ...entries.slice(0, RECORDS_LISTED).map((e) => ({
        type: 'points_entry' as const,
        id: e.id,
        label: `${e.occurred_on} ${e.name} ${e.item_code}`,
        branchName: e.branch_name,
      })),
    ],
    truncated: activities.length > RECORDS_LISTED || entries.length > RECORDS_LISTED,
  };
}

/** A unit on site, for the team and the organisers. */
export async function getUnitInspection(ctx: Ctx, id: number, unitId: number) {
  const c = await loadCampaign(ctx.db, id);
  return unitInspectionOf(ctx.db, ctx, c, unitId);
}

/** An inspector's 0–100 score of the unit's report (one per inspector; saving again replaces it). */
export async function saveHearing(ctx: Ctx, id: number, unitId: number, body: z.infer<typeof hearingBody>) {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadCampaign(trx, id);
    await requireTargetUnit(trx, id, unitId);
    await requireScorer(trx, ctx, c, unitId);
    const at = nowIso(ctx.clock);
    const note = body.note?.length ? body.note : null;
    const before = await repo.upsertHearing(trx, {
      campaign_id: id,
      org_id: unitId,
      inspector_id: ctx.user.id,
      score: body.score,
      note,
      updated_at: at,
    });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'inspection.hearing.save',
        entityType: 'insp_unit',
        entityId: `${id}:${unitId}`,
        orgId: unitId,
        before,
        after: { score: body.score, note },
      },
    ]);
    return unitInspectionOf(trx, ctx, c, unitId);
  });
}

/** A document-review finding on one of the campaign's criteria. */
export async function addFinding(
  ctx: Ctx,
  id: number,
  unitId: number,
  body: z.infer<typeof findingBody>,
): Promise<z.infer<typeof findingView>> {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadCampaign(trx, id);
    await requireTargetUnit(trx, id, unitId);
    await requireScorer(trx, ctx, c, unitId);
    const k = await repo.findCriterion(trx, body.criterionId);
    if (!k || k.campaign_id !== id)
      throw new AppError('criterion_not_in_campaign', { criterionId: body.criterionId, campaignId: id });
    await requireAttachable(trx, ctx, body.fileIds);
    const at = nowIso(ctx.clock);
    const fid = await repo.insertFinding(trx, {
      campaign_id: id,
      criterion_id: k.id,
      org_id: unitId,
      deduction: body.deduction,
      note: body.note,
      created_by: ctx.user.id,
      created_at: at,
    });
    await repo.replaceEvidenceFiles(trx, 'insp_finding', fid, body.fileIds, ctx.user.id, at);
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'inspection.finding.create',
        entityType: 'insp_finding',
        entityId: fid,
        orgId: unitId,
        after: {
          campaignId: id,
          criterion: k.code,
          deduction: body.deduction,
          note: body.note,
          fileIds: body.fileIds,
        },
      },
    ]);
    const [view] = await findingViews(
      trx,
      (await repo.findings(trx, id, unitId)).filter((f) => f.id === fid),
    );
    if (!view) throw new AppError('internal');
    return view;
  });
}

/** Withdraws a finding during the inspection, unless it became a rectification item. */
export async function deleteFinding(ctx: Ctx, findingId: number) {
  return ctx.db.transaction().execute(async (trx) => {
    const f = await repo.findFinding(trx, findingId);
    if (!f) throw new AppError('not_found', { entity: 'insp_finding', id: findingId });
    const c = await loadCampaign(trx, f.campaign_id);
    await requireScorer(trx, ctx, c, f.org_id);
    if ((await repo.rectifications(trx, { campaignId: c.id })).some((r) => r.finding_id === findingId))
      throw ruleError(
        '该问题已列入整改，不能撤回',
        'This finding became a rectification item and cannot be withdrawn',
      );
    await repo.replaceEvidenceFiles(trx, 'insp_finding', findingId, [], ctx.user.id, nowIso(ctx.clock));
    await repo.deleteFinding(trx, findingId);
    await appendAudit(trx, ctx.user, nowIso(ctx.clock), [
      {
        action: 'inspection.finding.delete',
        entityType: 'insp_finding',
        entityId: findingId,
        orgId: f.org_id,
        before: {
          campaignId: f.campaign_id,
          criterionId: f.criterion_id,
          deduction: f.deduction,
          note: f.note,
        },
      },
    ]);
    return { ok: true as const };
  });
}

/** An inspector marks the unit's document review complete (needed before publication). */
export async function markReviewDone(ctx: Ctx, id: number, unitId: number) {
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadCampaign(trx, id);
    await requireTargetUnit(trx, id, unitId);
    await requireScorer(trx, ctx, c, unitId);
    const at = nowIso(ctx.clock);
    const st = await repo.unitState(trx, id, unitId);
    if (!st?.review_done_at) {
      await repo.upsertUnitState(trx, id, unitId, { review_done_at: at, review_done_by: ctx.user.id });
      await appendAudit(trx, ctx.user, at, [
        {
          action: 'inspection.review.done',
          entityType: 'insp_unit',
          entityId: `${id}:${unitId}`,
          orgId: unitId,
          before: { reviewDone: false },
          after: { reviewDone: true },
        },
      ]);
    }
    return unitInspectionOf(trx, ctx, c, unitId);
  });
}
