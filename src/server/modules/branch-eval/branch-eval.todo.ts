import type { TodoItem } from '../../../contracts/todo.js';
import { scopeRoots } from '../../../domain/access/roles.js';
import {
  canSubmitSelf,
  effectiveMonthState,
  isLate,
  monthDeadlines,
} from '../../../domain/branch-eval/index.js';
import {
  addDays,
  monthKey,
  nextQuarter,
  parseIsoDate,
  quarterKey,
  quarterOfMonth,
  quarterRange,
  unknownYearsBetween,
} from '../../../domain/calendar/index.js';
import { type Ctx, todayInChina } from '../../lib/context.js';
import { scopeFilter } from '../../lib/permissions.js';
import { loadHolidayCalendar } from '../calendar/calendar.service.js';
import * as orgService from '../org/org.service.js';
import { monthParts, planStateOn, quarterParts } from './branch-eval.common.js';
import * as planRepo from './library/plan.repo.js';
import * as resultsRepo from './results/results.repo.js';
import { peerTaskList } from './round/peer.service.js';
import * as roundRepo from './round/round.repo.js';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/**
 * What the joint evaluation asks of this user now (SPEC §1 "every role's routine"), with deadlines
 * from the holiday calendar in force: a secretary's self-evaluation (due the month's last working
 * day; missed when the window closed unreturned; returned for evidence) and peer sheets; the
 * office's verifications (due the 5th working day of the next month, overdue after) and next
 * quarter's plans; the committee's plans, months waiting for approval and publication, and
 * corrections of published months waiting for its decision.
 * Every month still open for the duty is considered, however old (`roundRepo.openRoundMonths`): a
 * sheet unverified since January is still on the office's list in March, overdue.
 */
export async function branchEvalTodos(ctx: Ctx): Promise<TodoItem[]> {
  const { db, user } = ctx;
  const today = todayInChina(ctx.clock);
  const cal = ctx.holidays ?? (await loadHolidayCalendar(db));
  const { year, month } = parseIsoDate(today);
  const thisMonth = monthKey(year, month);
  const out: TodoItem[] = [];
  /** Month keys (oldest first) of the rounds of a scope not yet taken to a `done` state. */
  const openKeys = async (
    by: 'branch_id' | 'org_id',
    roots: readonly number[],
    done: readonly ('approved' | 'published')[],
  ) => [
    ...new Set(
      (
        await roundRepo.openRoundMonths(db, by, await scopeFilter(db, roots, ctx.partyRoots), thisMonth, done)
      ).map((m) => m.month),
    ),
  ];
  /** The flag of an item whose due date was counted in working days from the month's first day. */
  const uncertainty = (d: { opensOn: string }, due: string) => {
    const unknownYears = unknownYearsBetween(cal, d.opensOn, due);
    return unknownYears.length > 0 ? { calendarUncertain: true, unknownYears } : {};
  };
  const deadlinesOf = (key: string) => {
    const p = monthParts(key);
    return monthDeadlines(cal, p.year, p.month);
  };

  // Secretaries: their branches' self-evaluation.
  const selfRoots = scopeRoots(user.grants, 'branch_eval.self');
  if (selfRoots.length > 0) {
    const branches = await orgService.branchIdsUnder(db, selfRoots);
    for (const key of await openKeys('branch_id', selfRoots, ['approved', 'published'])) {
      const p = monthParts(key);
      const d = deadlinesOf(key);
      if (today < d.opensOn) continue;
      for (const plan of await planRepo.plansOfBranches(db, branches, p.quarterKey)) {
        if (planStateOn(plan, today) === 'draft') continue;
        const m = await roundRepo.findMonth(db, plan.org_id, key);
        const monthState = effectiveMonthState(m?.state ?? 'open', today, d);
        if (monthState === 'approved' || monthState === 'published') continue;
        const bm = m ? await roundRepo.findBranchMonth(db, m.id, plan.branch_id) : undefined;
        const state = bm?.state ?? 'self_open';
        const reopened = bm?.window_reopened === 1;
        const branch = await orgService.findOrgRow(db, plan.branch_id);
        const link = `/branch-eval/month?branch=${plan.branch_id}&month=${key}`;
        if (state === 'self_open') {
          const open = canSubmitSelf(today, d, reopened).ok;
          out.push({
            kind: open ? 'branch_eval.self' : 'branch_eval.self.missed',
            title: open
              ? t(
                  `${branch?.name ?? ''} ${key} 自评：请于 ${d.selfDue} 前完成${reopened ? '（已重新开放）' : ''}`,
                  `${branch?.name ?? ''} ${key} self-evaluation due ${d.selfDue}${reopened ? ' (reopened)' : ''}`,
                )
              : t(
                  `${branch?.name ?? ''} ${key} 自评已于 ${d.selfDue} 截止未提交，请联系联评联考办公室重新开放`,
                  `${branch?.name ?? ''} ${key} self-evaluation missed its ${d.selfDue} deadline; ask the office to reopen it`,
                ),
            count: 1,
            due: d.selfDue,
            ...uncertainty(d, d.selfDue),
            overdue: isLate(today, d.selfDue),
            link,
            orgId: plan.branch_id,
          });
        } else if (state === 'returned') {
          out.push({
            kind: 'branch_eval.self.returned',
            title: t(
              `${branch?.name ?? ''} ${key} 自评被退回补充佐证：${bm?.returned_reason ?? ''}`,
              `${branch?.name ?? ''} ${key} self-evaluation returned for evidence: ${bm?.returned_reason ?? ''}`,
            ),
            count: 1,
            due: null,
            overdue: false,
            link,
            orgId: plan.branch_id,
          });
        }
      }
    }
  }

  // Secretaries: peer sheets of the branches assigned to theirs (never who else rates them).
  const peerRoots = scopeRoots(user.grants, 'branch_eval.peer');
  if (peerRoots.length > 0) {
    for (const key of await openKeys('branch_id', peerRoots, ['approved', 'published'])) {
      if (today < deadlinesOf(key).opensOn) continue;
      // Sheets of a month nobody has opened yet are due all the same (the secretary's own first
      // save opens it).
      const pending = (await peerTaskList(ctx, key, peerRoots)).filter(
        (x) => !x.submitted && (x.open || (!x.opened && !x.overdue)),
      );
      if (pending.length === 0) continue;
      const due = pending[0]?.due ?? null;
      out.push({
        kind: 'branch_eval.peer',
        title: t(
          `${key} 互评：还有 ${pending.length} 个支部待评价，${due} 截止`,
          `${key} peer evaluation: ${pending.length} branches to score by ${due}`,
        ),
        count: pending.length,
        due,
        ...(due === null ? {} : uncertainty(deadlinesOf(key), due)),
        overdue: due !== null && isLate(today, due),
        link: `/branch-eval/peer?month=${key}`,
        orgId: null,
      });
    }
  }

  // The office: verification of submitted sheets; next quarter's plans.
  const verifyRoots = scopeRoots(user.grants, 'branch_eval.verify');
  if (verifyRoots.length > 0) {
    const scope = await scopeFilter(db, verifyRoots, ctx.partyRoots);
    for (const { orgId, month: key } of await roundRepo.openRoundMonths(db, 'org_id', scope, thisMonth, [
      'approved',
      'published',
    ])) {
      const p = monthParts(key);
      const d = deadlinesOf(key);
      const m = await roundRepo.findMonth(db, orgId, key);
      if (!m) continue;
      const state = effectiveMonthState(m.state, today, d);
      if (state === 'approved' || state === 'published') continue;
      const bms = await roundRepo.branchMonthsOf(db, m.id);
      const branches = await roundRepo.roundBranches(db, orgId, p.quarterKey);
      const waiting = bms.filter((b) => b.state === 'self_submitted').length;
      const unverified = branches.length - bms.filter((b) => b.state === 'verified').length;
      if (waiting === 0 && (state === 'open' || unverified === 0)) continue;
      const org = await orgService.findOrgRow(db, orgId);
      out.push({
        kind: 'branch_eval.verify',
        title: t(
          `${org?.name ?? ''} ${key} 验证：${waiting} 个支部待验证，${unverified} 个支部未完成，${d.verifyDue} 截止`,
          `${org?.name ?? ''} ${key} verification: ${waiting} waiting, ${unverified} not verified; due ${d.verifyDue}`,
        ),
        count: unverified,
        due: d.verifyDue,
        ...uncertainty(d, d.verifyDue),
        overdue: isLate(today, d.verifyDue),
        link: `/branch-eval/verify?org=${orgId}&month=${key}`,
        orgId,
      });
    }
    const q = { year, quarter: quarterOfMonth(month) };
    const next = nextQuarter(q);
    const nextStart = quarterRange(next.year, next.quarter).start;
    // A month before the quarter starts: time to copy and tailor its plans.
    if (today >= addDays(nextStart, -31)) {
      const thisKey = quarterKey(q.year, q.quarter);
      const nextKey = quarterKey(next.year, next.quarter);
      for (const orgId of await roundRepo.roundOrgsIn(db, scope, thisKey)) {
        const current = await roundRepo.roundBranches(db, orgId, thisKey);
        const upcoming = await roundRepo.roundBranches(db, orgId, nextKey);
        const missing = current.filter((b) => !upcoming.some((u) => u.branch_id === b.branch_id)).length;
        if (missing === 0) continue;
        out.push({
          kind: 'branch_eval.plans.prepare',
          title: t(
            `${nextKey} 指标方案：${missing} 个支部尚无方案，请复制并量身调整后报党委审定`,
            `${nextKey} plans: ${missing} branches have none yet; copy, tailor and submit them to the committee`,
          ),
          count: missing,
          due: addDays(nextStart, -1),
          overdue: false,
          link: `/branch-eval/plans?org=${orgId}&quarter=${nextKey}`,
          orgId,
        });
      }
    }
  }

  // The committee: plans and months waiting for it.
  const approveRoots = scopeRoots(user.grants, 'branch_eval.plan.approve');
  if (approveRoots.length > 0) {
    const scope = await scopeFilter(db, approveRoots, ctx.partyRoots);
    const q = { year, quarter: quarterOfMonth(month) };
    const next = nextQuarter(q);
    // Drafts of the next quarter and of any quarter before it, however old.
    const drafts = await planRepo.draftPlansIn(db, scope, quarterKey(next.year, next.quarter));
    for (const key of [...new Set(drafts.map((d) => d.quarter))]) {
      const n = drafts.filter((d) => d.quarter === key).length;
      if (n === 0) continue;
      const qp = quarterParts(key);
      const start = quarterRange(qp.year, qp.quarter).start;
      out.push({
        kind: 'branch_eval.plans.approve',
        title: t(
          `${key} 指标方案：${n} 个待党委审定（季度开始前）`,
          `${key} plans: ${n} awaiting approval (before the quarter starts)`,
        ),
        count: n,
        due: addDays(start, -1),
        overdue: today >= start,
        link: `/branch-eval/plans?quarter=${key}&state=draft`,
        orgId: null,
      });
    }
  }
  const monthRoots = scopeRoots(user.grants, 'branch_eval.month.approve');
  if (monthRoots.length > 0) {
    const scope = await scopeFilter(db, monthRoots, ctx.partyRoots);
    for (const { orgId, month: key } of await roundRepo.openRoundMonths(db, 'org_id', scope, thisMonth, [
      'published',
    ])) {
      const p = monthParts(key);
      const d = deadlinesOf(key);
      const m = await roundRepo.findMonth(db, orgId, key);
      if (!m) continue;
      const state = effectiveMonthState(m.state, today, d);
      const org = await orgService.findOrgRow(db, orgId);
      if (state === 'verifying') {
        const branches = await roundRepo.roundBranches(db, orgId, p.quarterKey);
        const verified = (await roundRepo.branchMonthsOf(db, m.id)).filter(
          (b) => b.state === 'verified',
        ).length;
        if (branches.length === 0) continue;
        if (verified < branches.length) {
          // Not the committee's move yet, but theirs soon: the progress towards approval.
          const mm = Number(key.slice(5, 7));
          out.push({
            kind: 'branch_eval.month.progress',
            title: t(
              `${org?.name ?? ''} ${mm} 月验证进度 ${verified}/${branches.length}，全部验证后待党委审定（验证 ${d.verifyDue} 截止）`,
              `${org?.name ?? ''} ${key} verification ${verified}/${branches.length}; the month is yours to approve once all are verified (due ${d.verifyDue})`,
            ),
            count: branches.length - verified,
            due: d.verifyDue,
            ...uncertainty(d, d.verifyDue),
            overdue: false,
            link: `/branch-eval/approve?org=${orgId}&month=${key}`,
            orgId,
          });
          continue;
        }
        out.push({
          kind: 'branch_eval.month.approve',
          title: t(
            `${org?.name ?? ''} ${key} 全部 ${branches.length} 个支部已验证，待党委审定`,
            `${org?.name ?? ''} ${key}: all ${branches.length} branches verified; approve the month`,
          ),
          count: 1,
          due: null,
          overdue: false,
          link: `/branch-eval/approve?org=${orgId}&month=${key}`,
          orgId,
        });
      } else if (state === 'approved') {
        out.push({
          kind: 'branch_eval.month.publish',
          title: t(
            `${org?.name ?? ''} ${key} 结果已审定，待发布`,
            `${org?.name ?? ''} ${key} is approved; publish it`,
          ),
          count: 1,
          due: null,
          overdue: false,
          link: `/branch-eval/approve?org=${orgId}&month=${key}`,
          orgId,
        });
      }
    }
    // Corrections of published months the office filed, of any month (not only the last two).
    for (const p of await resultsRepo.pendingCorrectionsIn(db, scope)) {
      const org = await orgService.findOrgRow(db, p.org_id);
      const n = Number(p.n);
      out.push({
        kind: 'branch_eval.correction.approve',
        title: t(
          `${org?.name ?? ''} ${p.month} 有 ${n} 条结果更正待党委审定`,
          `${org?.name ?? ''} ${p.month}: ${n} result ${n === 1 ? 'correction' : 'corrections'} to approve or reject`,
        ),
        count: n,
        due: null,
        overdue: false,
        link: `/branch-eval/approve?org=${p.org_id}&month=${p.month}`,
        orgId: p.org_id,
      });
    }
  }
  return out;
}
