import type { z } from 'zod';
import type { linkableQuery, linkableResponse } from '../../../../contracts/branch-eval.js';
import { monthRange } from '../../../../domain/calendar/index.js';
import type { SchemeItem } from '../../../../domain/points/scheme.js';
import type { Ctx } from '../../../lib/context.js';
import { authorize } from '../../../lib/permissions.js';
import { subtreeIdsQuery } from '../../org/org.service.js';
import { currentVersion } from '../../points/scheme.service.js';
import { monthParts } from '../branch-eval.common.js';
import * as roundRepo from './round.repo.js';

/**
 * What a branch already recorded in a month that its self-evaluation can link as evidence
 * instead of uploading again (SPEC §7 一次留痕): its points activities (a 主题党日 with its
 * attendees) and the single entries of its members, with their files. Returned and rejected
 * entries are left out; an activity counts its attendees' entries that are not rejected.
 */
export async function linkableRecords(
  ctx: Ctx,
  branchId: number,
  monthKey: string,
  q: z.infer<typeof linkableQuery>,
): Promise<z.infer<typeof linkableResponse>> {
  await authorize(ctx.db, ctx.user, 'branch_eval.read', branchId);
  const { year, month } = monthParts(monthKey);
  const { start, end } = monthRange(year, month);
  const branchIds = subtreeIdsQuery(ctx.db, branchId);
  const live = ['submitted', 'approved'];
  const activities = await roundRepo.linkableActivities(ctx.db, branchIds, live, start, end);
  const total = await roundRepo.countLinkableEntries(ctx.db, branchIds, live, start, end);
  const entries = await roundRepo.linkableEntriesPage(
    ctx.db,
    branchIds,
    live,
    start,
    end,
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  // Item names from each scheme's version in force (records keep only the code).
  const items = new Map<number, Map<string, SchemeItem>>();
  for (const id of new Set([...activities.map((a) => a.scheme_id), ...entries.map((e) => e.scheme_id)])) {
    items.set(id, new Map((await currentVersion(ctx.db, id)).scheme.items.map((i) => [i.code, i])));
  }
  const item = (schemeId: number, code: string) => items.get(schemeId)?.get(code);
  return {
    branchId,
    month: monthKey,
    activities: activities.map((a) => ({
      id: a.id,
      title: a.title,
      kind: a.kind,
      occurredOn: a.occurred_on,
      itemCode: a.item_code,
      itemName: item(a.scheme_id, a.item_code)?.name ?? a.item_code,
      attendees: Number(a.attendees ?? 0),
      files: Number(a.files ?? 0),
    })),
    entries: {
      items: entries.map((e) => ({
        id: e.id,
        itemCode: e.item_code,
        itemName: item(e.scheme_id, e.item_code)?.name ?? e.item_code,
        deduction: item(e.scheme_id, e.item_code)?.direction === 'deduction',
        occurredOn: e.occurred_on,
        memberName: e.member_name,
        points: e.points,
        state: e.state,
        note: e.note,
        files: Number(e.files ?? 0),
      })),
      total: Number(total?.n ?? 0),
      page: q.page,
      pageSize: q.pageSize,
    },
  };
}
