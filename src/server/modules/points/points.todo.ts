import type { TodoItem } from '../../../contracts/todo.js';
import { scopeRoots } from '../../../domain/access/roles.js';
import { parsePeriodKey, quarterRange } from '../../../domain/calendar/index.js';
import { defaultSchemeRules } from '../../../domain/points/scheme.js';
import { appealDecisionDue } from '../../../domain/points/workflow.js';
import { type Ctx, nowIso, todayInChina } from '../../lib/context.js';
import { scopeFilter } from '../../lib/permissions.js';
import { quarterOfDate } from './points.common.js';
import { overdueCutoffs } from './scheme.service.js';
import * as todoRepo from './todo.repo.js';

/**
 * What the member-points module asks of this user now, however old: for affairs the review
 * queue (and what is overdue in it by each scheme's setting), open appeals and ended quarters to
 * close; for secretaries declarations to confirm and
 * returned entries to fix; for the committee adjustments to approve, closed quarters to publish
 * and drafts to adopt; for a member their returned declarations.
 */
export async function pointsTodos(ctx: Ctx): Promise<TodoItem[]> {
  const { db, user } = ctx;
  const out: TodoItem[] = [];
  const now = nowIso(ctx.clock);
  const today = todayInChina(ctx.clock);
  const n = (v: number | string | null) => Number(v ?? 0);

  // Every scope first (no statement: the party roots are known), then every count in one statement.
  const reviewRoots = scopeRoots(user.grants, 'points.review');
  const enterRoots = user.grants.filter((g) => g.role === 'secretary').map((g) => g.orgId);
  const committeeRoots = user.grants.filter((g) => g.role === 'committee').map((g) => g.orgId);
  // Overdue by each scheme's own setting (reviewOverdueDays).
  const cutoffs = reviewRoots.length ? await overdueCutoffs(db, now) : [];
  const counts = await todoRepo.waitingCounts(db, {
    ...(reviewRoots.length
      ? { review: { scope: await scopeFilter(db, reviewRoots, ctx.partyRoots), cutoffs } }
      : {}),
    ...(enterRoots.length ? { enter: await scopeFilter(db, enterRoots, ctx.partyRoots) } : {}),
    ...(committeeRoots.length ? { committee: await scopeFilter(db, committeeRoots, ctx.partyRoots) } : {}),
    ...(user.memberId != null ? { memberId: user.memberId } : {}),
  });

  if (reviewRoots.length) {
    const waiting = n(counts.waiting);
    const overdue = n(counts.overdue);
    const days = [...new Set(cutoffs.map((c) => c.days))];
    const over =
      days.length === 1
        ? { zh: `已超过 ${days[0]} 天`, en: `over ${days[0]} days` }
        : { zh: '已超过审核期限', en: 'overdue' };
    if (waiting > 0) {
      out.push({
        kind: 'points.review',
        title: {
          'zh-CN': `积分审核：${waiting} 条待审核${overdue ? `（${overdue} 条${over.zh}）` : ''}`,
          en: `Points review: ${waiting} waiting${overdue ? ` (${overdue} ${over.en})` : ''}`,
        },
        count: waiting,
        due: null,
        overdue: overdue > 0,
        link: '/points/review',
        orgId: null,
      });
    }
    // Appeals waiting for the reviewer's decision, however old; due ten days after the oldest
    // was lodged (the same window the member had), overdue after that.
    const appeals = n(counts.appeals);
    if (appeals > 0) {
      const oldest = String(counts.oldest_appeal ?? now);
      const due = appealDecisionDue(
        todayInChina({ now: () => new Date(oldest) }),
        defaultSchemeRules().appealWindowDays,
      );
      out.push({
        kind: 'points.appeals',
        title: {
          'zh-CN': `积分申诉：${appeals} 条待处理（最早一件应于 ${due} 前处理）`,
          en: `Points appeals: ${appeals} to decide (the oldest by ${due})`,
        },
        count: appeals,
        due,
        overdue: due < today,
        link: '/points/appeals',
        orgId: null,
      });
    }
    // Quarters that have ended but are still open, for schemes of roots the user reviews.
    const rows = await todoRepo.schemesInForceWithQuarters(db, reviewRoots);
    const running = quarterOfDate(today);
    for (const s of rows.filter((r, i) => i === 0 || rows[i - 1]?.id !== r.id)) {
      const states = rows.filter((r) => r.id === s.id);
      for (let q = 1; q <= 4; q++) {
        const key = `${s.year}-Q${q}`;
        const p = parsePeriodKey(key);
        if (p.kind !== 'quarter' || key >= running) continue;
        const { end } = quarterRange(p.year, p.quarter);
        if ((states.find((r) => r.quarter === key)?.state ?? 'open') === 'open' && end < today) {
          out.push({
            kind: 'points.quarter.close',
            title: {
              'zh-CN': `${key} 已结束，请审核完毕后关闭季度并计算得分`,
              en: `${key} has ended: finish the review, then close it`,
            },
            count: 1,
            due: end,
            overdue: true,
            link: `/points/quarters?scheme=${s.id}&quarter=${key}`,
            orgId: s.root_org_id,
          });
        }
      }
    }
  }

  if (enterRoots.length) {
    const declared = n(counts.declared);
    if (declared) {
      out.push({
        kind: 'points.declarations',
        title: {
          'zh-CN': `党员申报：${declared} 条待确认`,
          en: `Member declarations: ${declared} to confirm`,
        },
        count: declared,
        due: null,
        overdue: false,
        link: '/points/entries?state=declared',
        orgId: null,
      });
    }
    const returned = n(counts.returned);
    if (returned) {
      out.push({
        kind: 'points.returned',
        title: {
          'zh-CN': `退回修改：${returned} 条积分记录待修改后重新提交`,
          en: `Returned: ${returned} entries to correct and resubmit`,
        },
        count: returned,
        due: null,
        overdue: false,
        link: '/points/entries?state=returned',
        orgId: null,
      });
    }
  }

  if (committeeRoots.length) {
    const adjustments = n(counts.adjustments);
    if (adjustments) {
      out.push({
        kind: 'points.adjustments',
        title: {
          'zh-CN': `调整记录：${adjustments} 条待党委审批`,
          en: `Adjustments: ${adjustments} awaiting the committee`,
        },
        count: adjustments,
        due: null,
        overdue: false,
        link: '/points/review?kind=adjustment',
        orgId: null,
      });
    }
    const closed = await todoRepo.closedQuartersAt(db, committeeRoots);
    for (const c of closed) {
      out.push({
        kind: 'points.quarter.publish',
        title: {
          'zh-CN': `${c.quarter} 得分已计算，待党委审定公布`,
          en: `${c.quarter} scores are computed: approve and publish`,
        },
        count: 1,
        due: null,
        overdue: false,
        link: `/points/quarters?scheme=${c.id}&quarter=${c.quarter}`,
        orgId: c.root_org_id,
      });
    }
    const drafts = await todoRepo.draftSchemesAt(db, committeeRoots);
    for (const d of drafts) {
      out.push({
        kind: 'points.scheme.adopt',
        title: { 'zh-CN': `积分方案「${d.name}」待审定`, en: `Scheme "${d.name}" awaits adoption` },
        count: 1,
        due: null,
        overdue: false,
        link: `/points/schemes/${d.id}`,
        orgId: d.root_org_id,
      });
    }
  }

  if (user.memberId != null) {
    const back = n(counts.returned_to_member);
    if (back) {
      out.push({
        kind: 'points.my.returned',
        title: {
          'zh-CN': `我的申报：${back} 条被退回，请补充后重新申报`,
          en: `My declarations: ${back} returned to complete`,
        },
        count: back,
        due: null,
        overdue: false,
        link: '/me/points',
        orgId: null,
      });
    }
  }
  return out;
}
