import type { DbOrTrx } from '../../../db/kysely.js';
import { type CrammingShare, crammingShareOfMonth } from '../../../domain/branch-eval/index.js';
import type { IsoDate } from '../../../domain/calendar/index.js';
import type { Ctx } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import * as orgService from '../org/org.service.js';
import { chinaDateOf, type MonthParts, parsePlanJson } from './branch-eval.common.js';
import * as planRepo from './library/plan.repo.js';
import * as roundRepo from './round/round.repo.js';

/** Rows grouped by a key, in their order. */
export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** What backs one self score: uploaded files, and points records linked instead of uploading again. */
export interface EvidenceOfScore {
  files: { id: number; name: string; mime: string; uploadedAt: string }[];
  activities: {
    id: number;
    title: string;
    kind: string;
    occurredOn: string;
    createdAt: string;
    files: EvidenceFile[];
  }[];
  entries: {
    id: number;
    itemCode: string;
    occurredOn: string;
    memberName: string;
    createdAt: string;
    files: EvidenceFile[];
  }[];
}
type EvidenceFile = { id: number; name: string; mime: string; uploadedAt: string };

/** The evidence of each self score: uploaded files and linked points records (with their own files). */
export async function evidenceOf(
  db: DbOrTrx,
  selfScoreIds: readonly number[],
): Promise<Map<number, EvidenceOfScore>> {
  const files = await roundRepo.evidenceFilesOf(db, selfScoreIds);
  const refs = await roundRepo.evidenceRefsOf(db, selfScoreIds);
  const activityIds = refs.filter((r) => r.ref_type === 'points_activity').map((r) => r.ref_id);
  const entryIds = refs.filter((r) => r.ref_type === 'points_entry').map((r) => r.ref_id);
  const activities = await roundRepo.activitiesByIds(db, activityIds);
  const entries = await roundRepo.entriesByIds(db, entryIds);
  const activityFiles = await roundRepo.filesOfRecords(db, 'points_activity', activityIds);
  const entryFiles = await roundRepo.filesOfRecords(db, 'points_entry', entryIds);
  const fileDto = (f: {
    id: number;
    original_name: string;
    mime: string;
    uploaded_at: string;
  }): EvidenceFile => ({
    id: f.id,
    name: f.original_name,
    mime: f.mime,
    uploadedAt: f.uploaded_at,
  });
  // Grouped once, so a whole round (thousands of self scores) is assembled in linear time.
  const filesByScore = groupBy(files, (f) => f.entity_id);
  const refsByScore = groupBy(refs, (r) => r.self_score_id);
  const activityById = new Map(activities.map((a) => [a.id, a]));
  const entryById = new Map(entries.map((e) => [e.id, e]));
  const activityFilesOf = groupBy(activityFiles, (f) => f.entity_id);
  const entryFilesOf = groupBy(entryFiles, (f) => f.entity_id);
  const out = new Map<number, EvidenceOfScore>();
  for (const id of selfScoreIds) {
    const mine = refsByScore.get(id) ?? [];
    out.set(id, {
      files: (filesByScore.get(id) ?? []).map(fileDto),
      activities: mine.flatMap((r) => {
        const a = r.ref_type === 'points_activity' ? activityById.get(r.ref_id) : undefined;
        return a
          ? [
              {
                id: a.id,
                title: a.title,
                kind: a.kind,
                occurredOn: a.occurred_on,
                createdAt: a.created_at,
                files: (activityFilesOf.get(a.id) ?? []).map(fileDto),
              },
            ]
          : [];
      }),
      entries: mine.flatMap((r) => {
        const e = r.ref_type === 'points_entry' ? entryById.get(r.ref_id) : undefined;
        return e
          ? [
              {
                id: e.id,
                itemCode: e.item_code,
                occurredOn: e.occurred_on,
                memberName: e.member_name,
                createdAt: e.created_at,
                files: (entryFilesOf.get(e.id) ?? []).map(fileDto),
              },
            ]
          : [];
      }),
    });
  }
  return out;
}

/** How many pieces of evidence back a self score: files plus linked records. */
export const evidenceCount = (e: EvidenceOfScore | undefined) =>
  e ? e.files.length + e.activities.length + e.entries.length : 0;

/**
 * The dates the month's evidence was RECORDED, for the daily-work signal (SPEC §3 日常评价).
 * Decision: an uploaded file counts on `file_upload.uploaded_at`, a linked points activity or
 * entry on its own `created_at` — never on the date it was linked (`evidence_link.created_at`):
 * a photo uploaded on the day of the activity and attached to the self-evaluation at month end
 * is daily work recorded once (SPEC §7), not cramming; a photo first uploaded on the 30th is.
 */
export function evidenceDates(evidence: Iterable<EvidenceOfScore>): IsoDate[] {
  const dates: IsoDate[] = [];
  for (const e of evidence) {
    for (const f of e.files) dates.push(chinaDateOf(f.uploadedAt));
    for (const a of e.activities) dates.push(chinaDateOf(a.createdAt));
    for (const x of e.entries) dates.push(chinaDateOf(x.createdAt));
  }
  return dates;
}

/** The daily-work signal of a month's evidence dates (SPEC §3 日常评价), as the API shows it. */
export function signalOf(dates: readonly IsoDate[], parts: MonthParts) {
  return signalOfShare(crammingShareOfMonth(parts.year, parts.month)(dates));
}

/** signalOf for many branches of one month: the month's window worked out once. */
export function signalsOfMonth(parts: MonthParts) {
  const shareOf = crammingShareOfMonth(parts.year, parts.month);
  return (dates: readonly IsoDate[]) => signalOfShare(shareOf(dates));
}

function signalOfShare(share: CrammingShare | null) {
  return share === null
    ? { total: 0, late: 0, percentTenths: null, percentText: null }
    : {
        total: share.total,
        late: share.inLastThreeDays + share.afterMonthEnd,
        percentTenths: share.percentTenths,
        percentText: share.percentText,
      };
}

/**
 * Evidence the user may link to a branch's self-evaluation (SPEC §7 "record once"): files they
 * uploaded or files uploaded for the branch (or inside it), and the points activities and entries
 * of the branch. Anything else is `forbidden`; an unknown id is `not_found`.
 */
export async function checkEvidence(
  ctx: Ctx,
  db: DbOrTrx,
  branchId: number,
  ids: { files: number[]; activities: number[]; entries: number[] },
): Promise<void> {
  const inBranch = async (orgId: number | null) =>
    orgId != null && (await orgService.isInSubtree(db, branchId, orgId));
  const files = await roundRepo.filesByIds(db, ids.files);
  for (const id of ids.files) {
    const f = files.find((x) => x.id === id);
    if (!f) throw new AppError('not_found', { entity: 'file', id });
    if (f.uploaded_by !== ctx.user.id && !(await inBranch(f.org_id)))
      throw new AppError('forbidden', { entity: 'file', id });
  }
  const activities = await roundRepo.activitiesByIds(db, ids.activities);
  for (const id of ids.activities) {
    const a = activities.find((x) => x.id === id);
    if (!a) throw new AppError('not_found', { entity: 'points_activity', id });
    if (!(await inBranch(a.branch_id))) throw new AppError('forbidden', { entity: 'points_activity', id });
  }
  const entries = await roundRepo.entriesByIds(db, ids.entries);
  for (const id of ids.entries) {
    const e = entries.find((x) => x.id === id);
    if (!e) throw new AppError('not_found', { entity: 'points_entry', id });
    if (!(await inBranch(e.branch_id))) throw new AppError('forbidden', { entity: 'points_entry', id });
  }
}

/** One self score of a branch's month as another record links it (the monthly evaluation's evidence item). */
export interface EvalEvidenceItem {
  id: number;
  branchId: number;
  month: string;
  code: string;
  /** The indicator's name in the plan version the month was opened with. */
  name: string;
  score: number | null;
  note: string | null;
}

async function withNames(
  db: DbOrTrx,
  rows: readonly {
    id: number;
    branch_id: number;
    month: string;
    code: string;
    score: number | null;
    note: string | null;
    plan_version_id: number;
  }[],
): Promise<EvalEvidenceItem[]> {
  const versions = await planRepo.versionsByIds(db, [...new Set(rows.map((r) => r.plan_version_id))]);
  const names = new Map(
    versions.map((v) => [v.id, new Map(parsePlanJson(v.plan_json).indicators.map((i) => [i.code, i.name]))]),
  );
  return rows.map((r) => ({
    id: r.id,
    branchId: r.branch_id,
    month: r.month,
    code: r.code,
    name: names.get(r.plan_version_id)?.get(r.code) ?? r.code,
    score: r.score,
    note: r.note,
  }));
}

/**
 * The monthly-evaluation evidence items of the branches in `orgId`'s subtree for a month: each
 * indicator's self score with its note and evidence count, so that a project's milestone report
 * links what the branch already recorded for its evaluation (SPEC §4, §7 "record once").
 */
export async function evalEvidenceItems(
  db: DbOrTrx,
  orgId: number,
  monthKey: string,
): Promise<(EvalEvidenceItem & { evidenceCount: number })[]> {
  const rows = await roundRepo.selfScoresOfBranchesInMonth(
    db,
    orgService.subtreeIdsQuery(db, orgId),
    monthKey,
  );
  const items = await withNames(db, rows);
  const evidence = await evidenceOf(
    db,
    items.map((i) => i.id),
  );
  return items
    .map((i) => ({ ...i, evidenceCount: evidenceCount(evidence.get(i.id)) }))
    .filter((i) => i.evidenceCount > 0 || (i.note ?? '') !== '');
}

/** Linked self scores by id, labelled with their month and indicator. */
export async function evalEvidenceByIds(db: DbOrTrx, ids: readonly number[]): Promise<EvalEvidenceItem[]> {
  return ids.length === 0 ? [] : withNames(db, await roundRepo.selfScoresWithMonth(db, ids));
}

/**
 * Monthly-evaluation evidence a record of `orgId` may link: self scores of branches in its
 * subtree. An unknown id is `not_found`; another branch's is `forbidden`.
 */
export async function checkEvalEvidence(db: DbOrTrx, orgId: number, ids: readonly number[]): Promise<void> {
  const rows = await roundRepo.selfScoresWithMonth(db, ids);
  for (const id of ids) {
    const r = rows.find((x) => x.id === id);
    if (!r) throw new AppError('not_found', { entity: 'be_self_score', id });
    if (!(await orgService.isInSubtree(db, orgId, r.branch_id)))
      throw new AppError('forbidden', { entity: 'be_self_score', id });
  }
}
