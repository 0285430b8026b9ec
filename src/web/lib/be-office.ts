/**
 * The office's and the committee's side of the monthly round (SPEC §3 steps 3–5), display logic
 * kept pure: which month a page opens on, the verification sheet as typed (texts) turned into the
 * API's hundredths, the checks and the score preview the domain gives for it, the peer scores with
 * the trimmed ones marked, and the refusal of an approval read back from the server's details.
 * Scores stay integer hundredths; nothing here turns them into floats.
 */
import type { z } from 'zod';
import type { branchMonthState, monthState, verificationSaveBody } from '../../contracts/branch-eval.js';
import {
  type Category,
  type Label,
  type MonthScore,
  type PlanSettings,
  type PlanTemplate,
  scoreIndicator,
  scoreMonth,
  trimmedPeerMean,
  type VerificationEntry,
  validateVerification,
} from '../../domain/branch-eval/index.js';
import { monthKey, previousMonth } from '../../domain/calendar/periods.js';
import { parsePointsText, points2 } from './points.js';

// ── months ──────────────────────────────────────────────────────────────────────────────

export type MonthState = z.infer<typeof monthState>;

export interface MonthListItem {
  month: string;
  state: MonthState;
  publishedOn: string | null;
}

/** `YYYY-MM` of a `YYYY-MM-DD` date. */
export function monthOfDate(isoDate: string): string {
  return isoDate.slice(0, 7);
}

/** The month before `YYYY-MM`. */
export function monthBefore(key: string): string {
  const [y, m] = key.split('-').map(Number) as [number, number];
  const p = previousMonth({ year: y, month: m });
  return monthKey(p.year, p.month);
}

/**
 * The months a selector offers, newest first: every month the round has, plus the current and
 * the previous calendar month (a month exists on the server only once someone opened it).
 */
export function monthChoices(
  months: readonly MonthListItem[],
  today: string,
): { month: string; state: MonthState | null }[] {
  const current = monthOfDate(today);
  const byKey = new Map<string, MonthState | null>(months.map((m) => [m.month, m.state]));
  for (const k of [current, monthBefore(current)]) if (!byKey.has(k)) byKey.set(k, null);
  return [...byKey]
    .map(([month, state]) => ({ month, state }))
    .sort((a, b) => (a.month < b.month ? 1 : a.month > b.month ? -1 : 0));
}

/**
 * The month a page opens on when the link names none. The office (`verify`) wants the newest
 * month being verified, else the newest still open; the committee (`approve`) the newest month
 * waiting for it (verified → approve, approved → publish), else the newest being verified. With
 * no such month: the previous calendar month in the first days of a month (its verification runs
 * then), the current one otherwise.
 */
export function defaultMonth(
  months: readonly MonthListItem[],
  today: string,
  purpose: 'verify' | 'approve',
): string {
  const newest = (states: readonly MonthState[]) =>
    [...months].sort((a, b) => (a.month < b.month ? 1 : -1)).find((m) => states.includes(m.state))?.month;
  const found =
    purpose === 'verify'
      ? (newest(['verifying']) ?? newest(['open']))
      : (newest(['approved']) ?? newest(['verifying']) ?? newest(['open']));
  if (found) return found;
  const current = monthOfDate(today);
  return Number(today.slice(8, 10)) <= 10 ? monthBefore(current) : current;
}

/** Whole-percent progress of a month's verification (0 when the round has no branch). */
export function verifiedPercent(counts: { branches: number; verified: number }): number {
  return counts.branches === 0 ? 0 : Math.floor((counts.verified * 100) / counts.branches);
}

// ── the branch list ─────────────────────────────────────────────────────────────────────

export type BranchMonthState = z.infer<typeof branchMonthState>;

const queueOrder: Record<BranchMonthState, number> = {
  self_submitted: 0,
  returned: 1,
  self_open: 2,
  verified: 3,
};

/**
 * The office's queue order of the branches on a page: submitted (waiting for the office) first,
 * then returned, not submitted, verified; the server's order within each state.
 */
export function queueSort<T extends { state: BranchMonthState }>(rows: readonly T[]): T[] {
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => queueOrder[a.r.state] - queueOrder[b.r.state] || a.i - b.i)
    .map((x) => x.r);
}

/** A round branch from the server's list: flags that make it stand out to the office. */
export interface BranchFlags {
  submittedLate: boolean;
  windowReopened: boolean;
  verifiedLate: boolean;
  selfOverdue: boolean;
  verifyOverdue: boolean;
}

export type BranchFlag =
  | 'selfOverdue'
  | 'submittedLate'
  | 'windowReopened'
  | 'verifyOverdue'
  | 'verifiedLate';

/** The flags to show on a branch, most urgent first. */
export function flagsOf(b: BranchFlags): BranchFlag[] {
  const out: BranchFlag[] = [];
  if (b.selfOverdue) out.push('selfOverdue');
  if (b.verifyOverdue) out.push('verifyOverdue');
  if (b.submittedLate) out.push('submittedLate');
  if (b.windowReopened) out.push('windowReopened');
  if (b.verifiedLate) out.push('verifiedLate');
  return out;
}

// ── peer scores (the office sees the raters) ────────────────────────────────────────────

export interface PeerRater {
  branchId: number;
  branchName: string;
  scores: Record<string, number>;
}

export interface PeerLine {
  branchId: number;
  branchName: string;
  /** null: this rater has not scored (yet). */
  score: number | null;
  /** The one highest or one lowest score dropped from the mean (SPEC §3, from 5 scores on). */
  dropped: 'high' | 'low' | null;
}

export interface PeerBreakdown {
  lines: PeerLine[];
  /** The scores that count, as the domain takes them. */
  scores: number[];
  /** Scores averaged after trimming. */
  used: number;
  meanRounded: number | null;
  raters: number;
  submitted: number;
}

/**
 * One indicator's peer scores, rater by rater, with the dropped highest and lowest marked
 * (the first rater holding the extreme value when several do: only one copy is dropped) and the
 * trimmed mean rounded for display, as the domain computes it. Raters are listed by score, high
 * first; those who have not scored come last.
 */
export function peerBreakdown(raters: readonly PeerRater[], code: string): PeerBreakdown {
  const scored = raters.filter((r) => Object.hasOwn(r.scores, code));
  const scores = scored.map((r) => r.scores[code] as number);
  const mean = trimmedPeerMean(scores);
  const lines: PeerLine[] = scored
    .map((r) => ({ branchId: r.branchId, branchName: r.branchName, score: r.scores[code] as number }))
    .sort((a, b) => b.score - a.score || a.branchName.localeCompare(b.branchName, 'zh-CN'))
    .map((l) => ({ ...l, dropped: null as PeerLine['dropped'] }));
  if (mean.dropped.high !== null) {
    const hi = lines.find((l) => l.score === mean.dropped.high);
    if (hi) hi.dropped = 'high';
  }
  if (mean.dropped.low !== null) {
    const lo = [...lines].reverse().find((l) => l.score === mean.dropped.low && l.dropped === null);
    if (lo) lo.dropped = 'low';
  }
  for (const r of raters) {
    if (!Object.hasOwn(r.scores, code))
      lines.push({ branchId: r.branchId, branchName: r.branchName, score: null, dropped: null });
  }
  return {
    lines,
    scores,
    used: mean.count,
    meanRounded: mean.meanRounded,
    raters: raters.length,
    submitted: scored.length,
  };
}

// ── the verification sheet ──────────────────────────────────────────────────────────────

/** An indicator of the branch's month as the server sends it (the fields used here). */
export interface SheetIndicator {
  code: string;
  name: string;
  category: Category;
  maxPoints: number;
  criteria: string;
  evidenceRequired: boolean;
  selfScore: number | null;
  verification: {
    verified: number | null;
    done: boolean | null;
    innovationAward: number | null;
    reason: string | null;
  } | null;
}

/**
 * What the office types for one indicator: the verified score (mandatory, basic, evaluative),
 * whether a mandatory one was done, the award (innovation), the reason. Scores as typed ("18.5").
 */
export interface VerifyDraft {
  verified: string;
  done: boolean | null;
  award: string;
  reason: string;
}

const asText = (h: number | null | undefined) => (h === null || h === undefined ? '' : points2(h));

/**
 * The sheet as it opens: the saved verification, else the branch's own figures (SPEC §3: the
 * office sets the verified score, with a reason where it differs from the self score — so the self
 * score is the starting point and a reason is only needed where the office changes it). A
 * mandatory indicator the branch claimed points for starts as done.
 */
export function initialDraft(ind: SheetIndicator): VerifyDraft {
  const v = ind.verification;
  if (v) {
    return {
      verified: asText(v.verified),
      done: v.done,
      award: asText(v.innovationAward),
      reason: v.reason ?? '',
    };
  }
  const self = ind.selfScore;
  return {
    verified: ind.category === 'innovation' ? '' : asText(self),
    done: ind.category === 'mandatory' ? (self === null ? null : self > 0) : null,
    award: ind.category === 'innovation' ? asText(self) : '',
    reason: '',
  };
}

export function sameDraft(a: VerifyDraft, b: VerifyDraft): boolean {
  return a.verified === b.verified && a.done === b.done && a.award === b.award && a.reason === b.reason;
}

/**
 * One indicator's entry for `PUT …/verification`, as the category takes it: the contract's
 * entry with every field written out (null where the category has no such input).
 */
export type VerificationBodyEntry = Required<z.input<typeof verificationSaveBody>['entries'][number]>;

/**
 * The draft as the API takes it (hundredths; only the inputs the category has), and whether a
 * typed score is not a number with at most two decimals (`unreadable`: not sent then).
 */
export function entryOf(
  ind: SheetIndicator,
  d: VerifyDraft,
): { entry: VerificationBodyEntry; unreadable: boolean } {
  const read = (s: string) => {
    const text = s.trim();
    if (text === '') return { value: null, bad: false };
    const value = parsePointsText(text);
    return { value, bad: value === null };
  };
  const reason = d.reason.trim() === '' ? null : d.reason.trim();
  const base = { code: ind.code, verified: null, done: null, innovationAward: null, reason };
  switch (ind.category) {
    case 'innovation': {
      const a = read(d.award);
      return { entry: { ...base, innovationAward: a.value }, unreadable: a.bad };
    }
    case 'mandatory': {
      if (d.done === false) return { entry: { ...base, done: false }, unreadable: false };
      const v = read(d.verified);
      return { entry: { ...base, done: d.done, verified: v.value }, unreadable: v.bad };
    }
    default: {
      const v = read(d.verified);
      return { entry: { ...base, verified: v.value }, unreadable: v.bad };
    }
  }
}

/**
 * The office's figure for an indicator (what is compared with the self score): the award for
 * innovation, 0 for a mandatory indicator not done, else the verified score; null when not given.
 */
export function officeFigure(ind: SheetIndicator, d: VerifyDraft): number | null {
  const { entry } = entryOf(ind, d);
  if (ind.category === 'innovation') return entry.innovationAward ?? 0;
  if (ind.category === 'mandatory' && entry.done === false) return 0;
  return entry.verified;
}

/** Whether the office departs from the branch's self score here, so a reason is required. */
export function differsFromSelf(ind: SheetIndicator, d: VerifyDraft): boolean {
  const fig = officeFigure(ind, d);
  return ind.selfScore !== null && fig !== null && fig !== ind.selfScore;
}

export interface SheetIssue {
  code: string;
  /** The domain's message; null for `unreadable` (the page words it from its dictionary). */
  message: Label | null;
}

/**
 * What blocks verifying the branch, per indicator, as the server will judge it (the domain's
 * `validateVerification` on the typed sheet) plus scores that cannot be read.
 */
export function sheetIssues(
  settings: PlanSettings,
  indicators: readonly SheetIndicator[],
  drafts: Readonly<Record<string, VerifyDraft>>,
): Record<string, SheetIssue[]> {
  const out: Record<string, SheetIssue[]> = {};
  const add = (code: string, i: SheetIssue) => {
    out[code] = [...(out[code] ?? []), i];
  };
  const sheet: Record<string, VerificationEntry> = {};
  for (const ind of indicators) {
    const d = drafts[ind.code] ?? initialDraft(ind);
    const { entry, unreadable } = entryOf(ind, d);
    if (unreadable) {
      add(ind.code, { code: 'unreadable', message: null });
      continue;
    }
    sheet[ind.code] = {
      self: ind.selfScore,
      verified: entry.verified,
      done: entry.done,
      innovationAward: entry.innovationAward,
      reason: entry.reason,
    };
  }
  const plan: PlanTemplate = { ...settings, indicators: indicators.map(planIndicatorOf) };
  for (const i of validateVerification(plan, sheet).filter((x) => x.severity === 'error')) {
    if (i.indicator) add(i.indicator, { code: i.code, message: i.message });
  }
  return out;
}

function planIndicatorOf(i: SheetIndicator) {
  return {
    code: i.code,
    name: i.name,
    category: i.category,
    maxPoints: i.maxPoints,
    criteria: i.criteria,
    evidenceRequired: i.evidenceRequired,
  };
}

/**
 * The month score the sheet would give (SPEC §3 formulas, the domain's `scoreMonth`), with the
 * submitted peer scores; null while an indicator still lacks what it needs. Shown as a preview:
 * the committee's approval computes the score that counts.
 */
export function previewMonth(
  settings: PlanSettings,
  indicators: readonly SheetIndicator[],
  drafts: Readonly<Record<string, VerifyDraft>>,
  peersOf: (code: string) => readonly number[],
): MonthScore | null {
  const inputs: Record<string, Parameters<typeof scoreMonth>[1][string]> = {};
  for (const ind of indicators) {
    const { entry, unreadable } = entryOf(ind, drafts[ind.code] ?? initialDraft(ind));
    if (unreadable) return null;
    inputs[ind.code] = {
      self: ind.selfScore,
      verified: entry.verified,
      done: entry.done,
      innovationAward: entry.innovationAward,
      ...(ind.category === 'evaluative' ? { peers: peersOf(ind.code) } : {}),
    };
  }
  const plan: PlanTemplate = { ...settings, indicators: indicators.map(planIndicatorOf) };
  const r = scoreMonth(plan, inputs);
  return r.ok ? r.month : null;
}

/** One indicator's score as the draft would give it (for the row), or null while it lacks an input. */
export function previewIndicator(
  settings: PlanSettings,
  ind: SheetIndicator,
  d: VerifyDraft,
  peers: readonly number[],
): number | null {
  const { entry, unreadable } = entryOf(ind, d);
  if (unreadable) return null;
  const r = scoreIndicator(
    planIndicatorOf(ind),
    {
      self: ind.selfScore,
      verified: entry.verified,
      done: entry.done,
      innovationAward: entry.innovationAward,
      ...(ind.category === 'evaluative' ? { peers } : {}),
    },
    settings.weights,
  );
  return r.ok ? r.score.score : null;
}

/** The innovation points the sheet awards against the plan's cap (SPEC §3 "awarded by the office, capped"). */
export function innovationTotal(
  indicators: readonly SheetIndicator[],
  drafts: Readonly<Record<string, VerifyDraft>>,
  cap: number,
): { awarded: number; cap: number; over: boolean; any: boolean } {
  let awarded = 0;
  let any = false;
  for (const ind of indicators) {
    if (ind.category !== 'innovation') continue;
    any = true;
    awarded += entryOf(ind, drafts[ind.code] ?? initialDraft(ind)).entry.innovationAward ?? 0;
  }
  return { awarded, cap, over: awarded > cap, any };
}

// ── approval ────────────────────────────────────────────────────────────────────────────

export interface UnverifiedBranch {
  id: number;
  code: string;
  name: string;
}

/** The branches an approval was refused for (`unverified_branches`, details.branches), or []. */
export function unverifiedOf(
  error: { code?: string; details?: unknown } | null | undefined,
): UnverifiedBranch[] {
  if (error?.code !== 'unverified_branches') return [];
  const list = (error.details as { branches?: unknown } | undefined)?.branches;
  if (!Array.isArray(list)) return [];
  return list.flatMap((b) =>
    b && typeof b === 'object' && typeof (b as UnverifiedBranch).id === 'number'
      ? [
          {
            id: (b as UnverifiedBranch).id,
            code: String((b as UnverifiedBranch).code ?? ''),
            name: String((b as UnverifiedBranch).name ?? ''),
          },
        ]
      : [],
  );
}

/** Issues of a server refusal (`issues` in its details), e.g. a verification still incomplete. */
export function issuesOf(details: unknown): { code: string; indicator: string | null; message: Label }[] {
  const list = (details as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(list)) return [];
  return list.flatMap((i) => {
    if (!i || typeof i !== 'object') return [];
    const x = i as { code?: unknown; indicator?: unknown; message?: unknown };
    const m = x.message as Label | undefined;
    if (typeof x.code !== 'string' || !m || typeof m.zh !== 'string' || typeof m.en !== 'string') return [];
    return [{ code: x.code, indicator: typeof x.indicator === 'string' ? x.indicator : null, message: m }];
  });
}
