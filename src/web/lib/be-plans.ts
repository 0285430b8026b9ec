/**
 * Pure helpers of the plan pages (SPEC §3 指标库, 季度指标方案): points typed and shown with two
 * decimals, totals per category against the plan total and the innovation cap, the changes an
 * edited plan sends to the server, the quarter a page opens on and the committee a user works in.
 * Points stay integer hundredths throughout; nothing here passes through a float.
 */
import type { IssueDto, PlanRefusal } from '../../contracts/branch-eval.js';
import { baseCategories, type Category, categories } from '../../domain/branch-eval/indicators.js';
import type { Issue } from '../../domain/branch-eval/issues.js';
import { type PlanSettings, validatePlan } from '../../domain/branch-eval/plan.js';
import { parsePeriodKey, quarterKey, quarterOfMonth, shiftPeriod } from '../../domain/calendar/periods.js';
import { formatHundredths, parseHundredths } from '../../domain/points/hundredths.js';
import { points2 } from './points.js';

/** An indicator as a plan or template holds it (the contract's `planIndicator`). */
export interface PlanItem {
  code: string;
  name: string;
  category: Category;
  maxPoints: number;
  criteria: string;
  evidenceRequired: boolean;
}

/** Largest max points of one indicator the server accepts: 1000.00. */
export const MAX_INDICATOR_POINTS = 100_000;

// ── points ──────────────────────────────────────────────────────────────────────────────

/** Points with exactly two decimals, as every score is shown: 1000 → "10.00"; null → "—". */
export const formatPoints = (h: number | null | undefined): string => points2(h);

/** Points as an input shows them for editing: 1000 → "10", 750 → "7.5", 1234 → "12.34". */
export function pointsInputText(h: number | null | undefined): string {
  return h === null || h === undefined || !Number.isSafeInteger(h) ? '' : formatHundredths(h);
}

/**
 * Max points typed by a person ("10", "7.5", " 12.34 ") as hundredths; null unless the text is a
 * number above 0 with at most two decimals and at most 1000 points.
 */
export function parseMaxPoints(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const s = String(text).trim();
  if (s === '') return null;
  let h: number;
  try {
    h = parseHundredths(s);
  } catch {
    return null;
  }
  return h > 0 && h <= MAX_INDICATOR_POINTS ? h : null;
}

/** A cap or total typed by a person, where 0 is allowed (the innovation cap). */
export function parseCapPoints(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const s = String(text).trim();
  if (s === '') return null;
  try {
    const h = parseHundredths(s);
    return h >= 0 && h <= MAX_INDICATOR_POINTS ? h : null;
  } catch {
    return null;
  }
}

// ── totals ──────────────────────────────────────────────────────────────────────────────

export type CategoryTotals = Record<Category, number>;

/** Σ max points by category (innovation: what is offered, before the cap). */
export function totalsByCategory(items: readonly Pick<PlanItem, 'category' | 'maxPoints'>[]): CategoryTotals {
  const totals: CategoryTotals = { mandatory: 0, basic: 0, evaluative: 0, innovation: 0 };
  for (const i of items) totals[i.category] += i.maxPoints;
  return totals;
}

/** Mandatory + basic + evaluative: the part that must equal the plan total. */
export function baseTotal(totals: CategoryTotals): number {
  return baseCategories.reduce((sum, c) => sum + totals[c], 0);
}

export interface PlanBalance {
  totals: CategoryTotals;
  /** Σ of the base categories and what it must come to. */
  base: number;
  target: number;
  /** base − target: negative when points are still to be placed. */
  diff: number;
  balanced: boolean;
  innovationOffered: number;
  innovationCap: number;
  /** Innovation indicators worth more than the cap on their own (an error). */
  innovationAboveCap: string[];
  /** The three weights add up to 100. */
  weightsSum: number;
}

/** Where a plan's numbers stand: the live totals beside the editor. */
export function planBalance(
  items: readonly PlanItem[],
  settings: Pick<PlanSettings, 'totalPoints' | 'innovationCap' | 'weights'>,
): PlanBalance {
  const totals = totalsByCategory(items);
  const base = baseTotal(totals);
  return {
    totals,
    base,
    target: settings.totalPoints,
    diff: base - settings.totalPoints,
    balanced: base === settings.totalPoints,
    innovationOffered: totals.innovation,
    innovationCap: settings.innovationCap,
    innovationAboveCap: items
      .filter((i) => i.category === 'innovation' && i.maxPoints > settings.innovationCap)
      .map((i) => i.code),
    weightsSum: settings.weights.self + settings.weights.peer + settings.weights.verified,
  };
}

/** The indicators in category order (必备类, 基本类, 评价类, 创新类), each group in plan order. */
export function groupByCategory<T extends Pick<PlanItem, 'category'>>(
  items: readonly T[],
): { category: Category; items: T[] }[] {
  return categories
    .map((category) => ({ category, items: items.filter((i) => i.category === category) }))
    .filter((g) => g.items.length > 0);
}

/**
 * The problems of an edited plan right now, by the same rules the server applies
 * (`validatePlan`), as the API shows them: the page needs no round trip to show them live.
 */
export function liveIssues(items: readonly PlanItem[], settings: PlanSettings): IssueDto[] {
  return validatePlan({ ...settings, indicators: items }).map((i: Issue) => ({
    code: i.code,
    severity: i.severity,
    indicator: i.indicator,
    message: { zh: i.message.zh, en: i.message.en },
    details: { ...i.details },
  }));
}

export const errorsIn = (issues: readonly Pick<IssueDto, 'severity'>[]) =>
  issues.filter((i) => i.severity === 'error').length;

// ── edits → the server's tailor body ────────────────────────────────────────────────────

export interface TailorChanges {
  add?: { code: string; maxPoints: number }[];
  remove?: string[];
  points?: Record<string, number>;
  settings?: PlanSettings;
}

const sameSettings = (a: PlanSettings, b: PlanSettings) =>
  a.totalPoints === b.totalPoints &&
  a.innovationCap === b.innovationCap &&
  a.minPeerRaters === b.minPeerRaters &&
  a.weights.self === b.weights.self &&
  a.weights.peer === b.weights.peer &&
  a.weights.verified === b.weights.verified;

/**
 * What turns the saved plan into the edited one, as `PATCH /plans/:id` takes it (SPEC §3
 * "indicators added/removed, points changed"): codes gone are removed, new codes added from the
 * library at their edited points, points changed on the rest, settings when they differ.
 * Null when nothing changed.
 */
export function tailorChanges(
  saved: { indicators: readonly PlanItem[]; settings: PlanSettings },
  edited: { indicators: readonly PlanItem[]; settings: PlanSettings },
): TailorChanges | null {
  const before = new Map(saved.indicators.map((i) => [i.code, i]));
  const after = new Set(edited.indicators.map((i) => i.code));
  const remove = saved.indicators.filter((i) => !after.has(i.code)).map((i) => i.code);
  const add = edited.indicators
    .filter((i) => !before.has(i.code))
    .map((i) => ({ code: i.code, maxPoints: i.maxPoints }));
  const points: Record<string, number> = {};
  for (const i of edited.indicators) {
    const old = before.get(i.code);
    if (old && old.maxPoints !== i.maxPoints) points[i.code] = i.maxPoints;
  }
  const out: TailorChanges = {};
  if (remove.length > 0) out.remove = remove;
  if (add.length > 0) out.add = add;
  if (Object.keys(points).length > 0) out.points = points;
  if (!sameSettings(saved.settings, edited.settings)) out.settings = edited.settings;
  return Object.keys(out).length > 0 ? out : null;
}

/** A template's indicators as `POST/PATCH /templates` takes them: by code, at their points. */
export const templatePicks = (items: readonly PlanItem[]) =>
  items.map((i) => ({ code: i.code, maxPoints: i.maxPoints }));

// ── quarters ────────────────────────────────────────────────────────────────────────────

/** The quarter key of a date: 2026-11-24 → 2026-Q4. */
export function quarterOfDay(isoDate: string): string {
  return quarterKey(Number(isoDate.slice(0, 4)), quarterOfMonth(Number(isoDate.slice(5, 7))));
}

/** A valid quarter key, or null. */
export function parseQuarter(key: string | null | undefined): { year: number; quarter: number } | null {
  if (!key || !/^\d{4}-Q[1-4]$/.test(key)) return null;
  const p = parsePeriodKey(key);
  return p.kind === 'quarter' ? { year: p.year, quarter: p.quarter } : null;
}

/** The quarter `n` steps from `key` (−1: the one before). */
export function shiftQuarter(key: string, n: number): string {
  const p = parsePeriodKey(key);
  if (p.kind !== 'quarter') throw new RangeError(`Not a quarter key: ${key}`);
  const s = shiftPeriod(p, n);
  return quarterKey(s.year, s.quarter);
}

/** The quarters a selector offers around today: the last four, this one, the next; newest first. */
export function quarterChoices(today: string, extra?: string | null): string[] {
  const current = quarterOfDay(today);
  const keys = [1, 0, -1, -2, -3, -4].map((n) => shiftQuarter(current, n));
  if (extra && parseQuarter(extra) && !keys.includes(extra)) keys.push(extra);
  return keys.sort().reverse();
}

/**
 * The quarter the plan list opens on (SPEC §1: the office prepares next quarter's plans once this
 * one's are settled): the next quarter when this quarter has plans and none is still a draft,
 * else this quarter (plans to generate, tailor or approve).
 */
export function defaultPlanQuarter(today: string, current: { total: number; drafts: number }): string {
  const key = quarterOfDay(today);
  return current.total > 0 && current.drafts === 0 ? shiftQuarter(key, 1) : key;
}

// ── where the user works ────────────────────────────────────────────────────────────────

interface OrgLite {
  id: number;
  parentId: number | null;
  kind: string;
}

/**
 * The committee a user works in for a role: the nearest committee at or above the node of their
 * first grant of one of `roles` (an office granted at a county committee works on that county's
 * library and plans). Null when no such grant sits in the org list.
 */
export function homeCommittee(
  grants: readonly { role: string; orgId: number }[],
  roles: readonly string[],
  orgs: readonly OrgLite[],
): number | null {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  for (const g of grants) {
    if (!roles.includes(g.role)) continue;
    let node = byId.get(g.orgId);
    while (node) {
      if (node.kind === 'committee') return node.id;
      node = node.parentId === null ? undefined : byId.get(node.parentId);
    }
  }
  return null;
}

// ── a refused quarter approval ──────────────────────────────────────────────────────────

/** The plans a refused quarter approval names (`details.plans` of 422 `plan_invalid`), if any. */
export function refusedPlans(details: unknown): PlanRefusal[] {
  const plans = (details as { plans?: unknown } | null | undefined)?.plans;
  if (!Array.isArray(plans)) return [];
  return plans.filter(
    (p): p is PlanRefusal =>
      !!p &&
      typeof p === 'object' &&
      typeof (p as PlanRefusal).planId === 'number' &&
      typeof (p as PlanRefusal).branchName === 'string' &&
      Array.isArray((p as PlanRefusal).issues),
  );
}
