/**
 * Display logic of the branch-evaluation results pages (SPEC §3 rankings, 季考, 年定级, the
 * secretaries' meeting report, the charts). Pure: points stay integer hundredths until a chart
 * needs a number on an axis, so what is printed is exactly what the server computed.
 */
import type { z } from 'zod';
import type { monthState } from '../../contracts/branch-eval.js';
import type { Category } from '../../domain/branch-eval/indicators.js';
import { monthKey, quarterKey } from '../../domain/calendar/periods.js';

export type MonthState = z.infer<typeof monthState>;

// ── months and periods ──────────────────────────────────────────────────────────────────

/** Year and month of a `YYYY-MM` key; null when the text is not one. */
export function parseMonth(key: string | null | undefined): { year: number; month: number } | null {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key ?? '');
  return m ? { year: Number(m[1]), month: Number(m[2]) } : null;
}

/** The quarter key a month belongs to: 2026-05 → 2026-Q2. */
export function quarterOfMonthKey(key: string): string {
  const p = parseMonth(key);
  if (!p) throw new RangeError(`Not a month key: ${key}`);
  return quarterKey(p.year, Math.ceil(p.month / 3));
}

/** The months of a year up to and including `key`: the x axis of the movement chart. */
export function yearToMonth(key: string): { from: string; to: string } {
  const p = parseMonth(key);
  if (!p) throw new RangeError(`Not a month key: ${key}`);
  return { from: monthKey(p.year, 1), to: key };
}

/**
 * The months whose results this viewer may open: published ones for everybody; approved but not
 * yet published ones too for results readers (the committee looks before it publishes). Newest first.
 */
export function readableMonths<T extends { month: string; state: MonthState }>(
  months: readonly T[],
  readsApproved: boolean,
): T[] {
  return months
    .filter((m) => m.state === 'published' || (readsApproved && m.state === 'approved'))
    .sort((a, b) => b.month.localeCompare(a.month));
}

/**
 * The month a results page opens on: the one in the URL when it can be read, else the latest
 * published, else (for results readers) the latest approved; null when nothing can be read yet.
 */
export function pickResultsMonth(
  months: readonly { month: string; state: MonthState }[],
  requested: string | null,
  readsApproved: boolean,
): string | null {
  const readable = readableMonths(months, readsApproved);
  if (requested && readable.some((m) => m.month === requested)) return requested;
  return readable.find((m) => m.state === 'published')?.month ?? readable[0]?.month ?? null;
}

// ── which round (org) a viewer looks at ─────────────────────────────────────────────────

interface OrgLite {
  id: number;
  kind: string;
  parentId: number | null;
}

/**
 * The round org a results page opens on when the URL names none: the committee a viewer's grant
 * sits at, or the nearest committee above it in the org list the viewer holds; then (a branch
 * secretary, whose list holds only the branch) whatever the branch's own month says; null when
 * nothing tells (a plain member: see the page's note).
 */
export function defaultRoundOrg(
  grantOrgIds: readonly number[],
  orgs: readonly OrgLite[],
  fromBranchMonth: number | null,
): number | null {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  for (const id of grantOrgIds) {
    let node = byId.get(id);
    while (node) {
      if (node.kind === 'committee') return node.id;
      node = node.parentId === null ? undefined : byId.get(node.parentId);
    }
  }
  return fromBranchMonth;
}

// ── the daily-work signal (日常评价) ─────────────────────────────────────────────────────

/** From this share (in tenths of a percent) of a month's evidence in its last three days on, the share is marked. */
export const SIGNAL_WATCH_TENTHS = 300;
/** From this share on, it is highlighted as last-minute cramming (考前搞突击). */
export const SIGNAL_HIGH_TENTHS = 500;
/** With fewer evidence items the share says little: it is at most marked, never highlighted. */
export const SIGNAL_MIN_EVIDENCE = 3;

export type SignalLevel = 'none' | 'normal' | 'watch' | 'high';

/**
 * How loudly to show a branch's last-three-days share. The spread of honest work over a month
 * puts about a tenth of it in the last three days; a third is worth a look, a half is cramming.
 * `none`: no evidence in the month (nothing to judge). Shown, never scored (SPEC §7).
 */
export function signalLevel(s: { total: number; percentTenths: number | null }): SignalLevel {
  if (s.percentTenths === null || s.total === 0) return 'none';
  if (s.percentTenths >= SIGNAL_HIGH_TENTHS && s.total >= SIGNAL_MIN_EVIDENCE) return 'high';
  if (s.percentTenths >= SIGNAL_WATCH_TENTHS) return 'watch';
  return 'normal';
}

/** The report's signal section: the branches worth naming (high first, then watch), at most `limit`. */
export function signalHighlights<T extends { total: number; percentTenths: number | null }>(
  rows: readonly T[],
  limit = 10,
): { shown: (T & { level: SignalLevel })[]; more: number } {
  const marked = rows
    .map((r) => ({ ...r, level: signalLevel(r) }))
    .filter((r) => r.level === 'high' || r.level === 'watch')
    .sort(
      (a, b) =>
        (a.level === b.level ? 0 : a.level === 'high' ? -1 : 1) ||
        (b.percentTenths ?? 0) - (a.percentTenths ?? 0),
    );
  return { shown: marked.slice(0, limit), more: Math.max(0, marked.length - limit) };
}

// ── the score explanation ───────────────────────────────────────────────────────────────

export interface PeerView {
  used: number[];
  droppedHigh: number | null;
  droppedLow: number | null;
  /** The scores averaged (the dropped ones are not counted here). */
  count: number;
  meanRounded: number | null;
}

/**
 * Every peer score of an indicator in ascending order, each marked whether it counted or was
 * dropped as the one highest or lowest (SPEC §3: trimmed from 5 scores on). No rater is known
 * here: the server sends numbers only.
 */
export function peerChips(peer: PeerView): { value: number; dropped: 'low' | 'high' | null }[] {
  const used = [...peer.used].sort((a, b) => a - b).map((value) => ({ value, dropped: null }));
  return [
    ...(peer.droppedLow === null ? [] : [{ value: peer.droppedLow, dropped: 'low' as const }]),
    ...used,
    ...(peer.droppedHigh === null ? [] : [{ value: peer.droppedHigh, dropped: 'high' as const }]),
  ];
}

/** Percent weights as the plan's formula prints them: 20 → "0.2", 35 → "0.35", 100 → "1". */
export function weightText(percent: number): string {
  if (percent % 100 === 0) return String(percent / 100);
  const s = (percent / 100).toFixed(2);
  return s.endsWith('0') ? s.slice(0, -1) : s;
}

// ── charts ──────────────────────────────────────────────────────────────────────────────

export interface MovementRow {
  branchId: number;
  branchName: string;
  ranks: (number | null)[];
  totals: (number | null)[];
}

/**
 * The ranking-movement lines of the chosen branches (in the order chosen), for a chart whose y
 * axis runs from rank 1 at the top; `maxRank` is the worst rank among them (the axis' bottom).
 */
export function movementSeries(
  rows: readonly MovementRow[],
  chosen: readonly number[],
): {
  series: { branchId: number; name: string; ranks: (number | null)[]; totals: (number | null)[] }[];
  maxRank: number;
} {
  const byId = new Map(rows.map((r) => [r.branchId, r]));
  const series = chosen.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ branchId: id, name: r.branchName, ranks: [...r.ranks], totals: [...r.totals] }] : [];
  });
  const ranks = series.flatMap((s) => s.ranks.filter((x): x is number => x !== null));
  return { series, maxRank: Math.max(1, ...ranks) };
}

/**
 * The rank axis of the movement chart: from rank 1 (drawn at the top) in whole steps, about five
 * of them, ending on a tick at or below the worst rank shown — so rank 1 is always labelled and no
 * stray last label crowds the one before it.
 */
export function rankAxis(maxRank: number): { min: number; max: number; interval: number } {
  const span = Math.max(1, Math.ceil(maxRank) - 1);
  const interval = Math.max(1, Math.ceil(span / 5));
  return { min: 1, max: 1 + interval * Math.ceil(span / interval), interval };
}

/**
 * The branches a movement chart opens with: the viewer's own branches that are in the round, then
 * the top of the month's ranking, up to `limit` in all.
 */
export function defaultChartBranches(
  topOfRanking: readonly { branchId: number }[],
  ownBranchIds: readonly number[],
  limit = 5,
): number[] {
  const out: number[] = [];
  for (const id of [...ownBranchIds, ...topOfRanking.map((r) => r.branchId)]) {
    if (!out.includes(id)) out.push(id);
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * Whether the movement chart must load another page of branches: its pages come ordered by
 * branch id, so a chosen branch is still ahead while its id is above the last one loaded.
 */
export function needsMoreBranches(
  loadedIds: readonly number[],
  chosen: readonly number[],
  loaded: number,
  total: number,
): boolean {
  if (loaded >= total) return false;
  const last = loadedIds.length === 0 ? 0 : Math.max(...loadedIds);
  return chosen.some((id) => id > last);
}

export const categoryOrder: readonly Category[] = ['mandatory', 'basic', 'evaluative', 'innovation'];

/**
 * One stacked-bar series per category over the branches of a page (hundredths → points for the
 * axis); `labels` are the branches, best first, in the order the server ranked them.
 */
export function categoryStacks(
  rows: readonly { branchName: string; byCategory: Record<Category, number> }[],
): { labels: string[]; stacks: { category: Category; values: number[] }[] } {
  return {
    labels: rows.map((r) => r.branchName),
    stacks: categoryOrder.map((category) => ({
      category,
      values: rows.map((r) => r.byCategory[category] / 100),
    })),
  };
}

// ── integration ────────────────────────────────────────────────────────────────────────

/** The polling API's base, on the origin the app is served from. */
export function integrationBase(origin: string): string {
  return `${origin.replace(/\/$/, '')}/api/integration/v1/branch-eval`;
}

/** A first call the other system's developers can paste: list the months published since one. */
export function pollExample(origin: string, key: string, since: string): string {
  return [
    `curl -i "${integrationBase(origin)}/months?since=${since}" \\`,
    `  -H "Authorization: Bearer ${key}" \\`,
    '  -H \'If-None-Match: "<ETag of the last answer>"\'',
  ].join('\n');
}
