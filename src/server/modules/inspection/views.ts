/** Rows of the inspection tables as the contracts show them. */
import type { z } from 'zod';
import type { evidenceView, findingView, rectificationView } from '../../../contracts/inspection.js';
import type { DbOrTrx } from '../../../db/kysely.js';
import * as repo from './inspection.repo.js';

type Evidence = z.infer<typeof evidenceView>;

/** The evidence of self scores or findings: uploaded files and linked points records. */
export async function evidenceOf(
  db: DbOrTrx,
  entityType: 'insp_self_score' | 'insp_finding',
  ids: readonly number[],
): Promise<Map<number, Evidence>> {
  const out = new Map<number, Evidence>(ids.map((id) => [id, { files: [], records: [] }]));
  for (const f of await repo.evidenceFiles(db, entityType, ids))
    out.get(f.entity_id)?.files.push({ id: f.id, name: f.original_name, mime: f.mime });
  const refs = await repo.evidenceRefs(db, entityType, ids);
  const labels = await repo.recordLabels(
    db,
    refs.map((r) => ({ type: r.ref_type, id: r.ref_id })),
  );
  for (const r of refs)
    out.get(r.entity_id)?.records.push({
      type: r.ref_type,
      id: r.ref_id,
      label: labels.get(`${r.ref_type}:${r.ref_id}`) ?? '',
    });
  return out;
}

export async function findingViews(
  db: DbOrTrx,
  rows: readonly repo.FindingRow[],
): Promise<z.infer<typeof findingView>[]> {
  const ev = await evidenceOf(
    db,
    'insp_finding',
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    criterionId: r.criterion_id,
    criterionCode: r.criterion_code,
    deduction: r.deduction,
    note: r.note,
    by: r.by_name,
    createdAt: r.created_at,
    evidence: ev.get(r.id) ?? { files: [], records: [] },
    rectificationId: r.rectification_id ?? null,
  }));
}

export function rectificationViewOf(
  r: repo.RectificationRow,
  today: string,
): z.infer<typeof rectificationView> {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    year: r.year,
    unitId: r.org_id,
    unitName: r.unit_name,
    findingId: r.finding_id,
    criterionCode: r.criterion_code,
    findingNote: r.finding_note,
    title: r.title,
    owner: { id: r.owner_user_id, name: r.owner_name },
    dueOn: r.due_on,
    overdue: r.state === 'open' && today > r.due_on,
    state: r.state,
    closingNote: r.closing_note,
    closedAt: r.closed_at,
  };
}
