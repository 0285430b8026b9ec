/**
 * The branch's side of the monthly round (联评联考 月评: 自评 and 互评), as pure helpers the pages
 * use: reading typed scores into hundredths with the server's rules, the deadline line, what
 * still blocks a submission, what changed since the last save and the branch-month's history.
 * Points stay integer hundredths throughout.
 */
import {
  type Category,
  categories,
  errorsOf,
  validatePeerScores,
  validateSelfEvaluation,
} from '../../domain/branch-eval/index.js';
import type { PlanSettings } from '../../domain/branch-eval/plan.js';
import { daysBetween } from '../../domain/calendar/dates.js';
import { monthKey, nextMonth, previousMonth } from '../../domain/calendar/periods.js';
import { points2 } from './points.js';

// ── scores typed by a person ─────────────────────────────────────────────────────────────

export type ScoreError = 'format' | 'decimals' | 'negative' | 'aboveMax';
export type ScoreCheck = { ok: true; value: number | null } | { ok: false; error: ScoreError };

const FULLWIDTH_DIGIT = /[０-９]/g;

/**
 * What a phone keyboard or a Chinese input method may type, made plain: full-width digits and
 * points (８．５, 8。5), a comma as decimal separator (8,5), surrounding spaces.
 */
export function normalizeScoreText(text: string): string {
  return text
    .replace(FULLWIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[．。,，]/g, '.')
    .replace(/[－—]/g, '-')
    .trim();
}

/**
 * Reads a typed score against the indicator's max (hundredths), with the server's rules
 * (domain `rangeIssues`): a number with at most two decimals, 0 ≤ score ≤ max. An empty field
 * is "no score yet" (null), which a draft may keep. ".5" reads as 0.5.
 */
export function checkScore(text: string, max: number): ScoreCheck {
  const s = normalizeScoreText(text);
  if (s === '') return { ok: true, value: null };
  const m = /^(-)?(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return { ok: false, error: 'format' };
  const decimals = m[3] ?? '';
  if (decimals.length > 2) return { ok: false, error: 'decimals' };
  const whole = Number(m[2] === '' ? '0' : m[2]);
  const value = whole * 100 + Number(decimals.padEnd(2, '0'));
  if (!Number.isSafeInteger(value)) return { ok: false, error: 'format' };
  if (m[1] && value !== 0) return { ok: false, error: 'negative' };
  if (value > max) return { ok: false, error: 'aboveMax' };
  return { ok: true, value };
}

/** A stored score as the input shows it: 850 → "8.50"; no score → "". */
export const scoreText = (h: number | null | undefined): string => (h == null ? '' : points2(h));

// ── deadlines ────────────────────────────────────────────────────────────────────────────

export type DeadlineStatus =
  | { kind: 'notOpen'; opensOn: string }
  | { kind: 'open'; daysLeft: number }
  | { kind: 'overdue'; daysLate: number }
  | { kind: 'reopened' }
  | { kind: 'closed' };

/**
 * Where today stands against a window (self or peer evaluation: from `opensOn` to `due`
 * inclusive, calendar days): not open yet, open with N days left (0 = due today), overdue by N
 * days, or reopened for this branch by the office (open until it submits).
 */
export function deadlineStatus(
  today: string,
  window: { opensOn: string; due: string },
  reopened = false,
): DeadlineStatus {
  if (today < window.opensOn) return { kind: 'notOpen', opensOn: window.opensOn };
  if (today <= window.due) return { kind: 'open', daysLeft: daysBetween(today, window.due) };
  if (reopened) return { kind: 'reopened' };
  return { kind: 'overdue', daysLate: daysBetween(window.due, today) };
}

/**
 * The deadline line with the server's word on whether the window is open (`serverOpen`): the
 * browser's date may differ from the server's by a day around midnight or on a wrong device
 * clock, and the server decides what may be submitted, so the line never says "2 days left" on
 * a closed window nor "overdue" on an open one.
 */
export function windowStatus(
  today: string,
  window: { opensOn: string; due: string },
  serverOpen: boolean,
  reopened = false,
): DeadlineStatus {
  const s = deadlineStatus(today, window, reopened);
  // The office reopens only a closed window: while it stays open there is no deadline to count.
  if (serverOpen && reopened) return { kind: 'reopened' };
  if (serverOpen) return s.kind === 'overdue' || s.kind === 'notOpen' ? { kind: 'reopened' } : s;
  return s.kind === 'open' || s.kind === 'reopened' ? { kind: 'closed' } : s;
}

// ── months ───────────────────────────────────────────────────────────────────────────────

/** `YYYY-MM` of a date. */
export const monthOfDate = (isoDate: string): string => isoDate.slice(0, 7);

/** Whether a month key is well formed (`2026-11`). */
export const isMonthKey = (s: string | null | undefined): s is string =>
  !!s && /^\d{4}-(0[1-9]|1[0-2])$/.test(s);

/** The months a picker offers: `count` months back from `today`'s, newest first, plus `extra` if older. */
export function recentMonths(today: string, count: number, extra?: string | null): string[] {
  const out: string[] = [];
  let m = { year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)) };
  for (let i = 0; i < count; i++) {
    out.push(monthKey(m.year, m.month));
    m = previousMonth(m);
  }
  if (isMonthKey(extra) && !out.includes(extra)) out.push(extra);
  return out.sort().reverse();
}

/** The month before and after a key (for ‹ › buttons). */
export function adjacentMonths(key: string): { previous: string; next: string } {
  const m = { year: Number(key.slice(0, 4)), month: Number(key.slice(5, 7)) };
  const p = previousMonth(m);
  const n = nextMonth(m);
  return { previous: monthKey(p.year, p.month), next: monthKey(n.year, n.month) };
}

// ── indicators ───────────────────────────────────────────────────────────────────────────

export interface SheetIndicator {
  code: string;
  name: string;
  category: Category;
  maxPoints: number;
  criteria: string;
  evidenceRequired: boolean;
}

/** Indicators in the plan's order, grouped by category in the order 必备 · 基本 · 评价 · 创新 (empty groups left out). */
export function groupByCategory<T extends { category: Category }>(
  indicators: readonly T[],
): { category: Category; indicators: T[] }[] {
  return categories
    .map((category) => ({ category, indicators: indicators.filter((i) => i.category === category) }))
    .filter((g) => g.indicators.length > 0);
}

/** Σ max points of a list of indicators, hundredths. */
export const maxOf = (indicators: readonly { maxPoints: number }[]): number =>
  indicators.reduce((s, i) => s + i.maxPoints, 0);

// ── the self-evaluation sheet being edited ───────────────────────────────────────────────

export interface EvidenceFileRef {
  id: number;
  name: string;
  mime: string;
}
/** A points activity linked as evidence; its files when known (they serve every link). */
export interface LinkedActivityRef {
  id: number;
  title: string;
  occurredOn: string;
  files?: EvidenceFileRef[];
}
/** A points entry linked as evidence. */
export interface LinkedEntryRef {
  id: number;
  label: string;
  occurredOn: string;
  files?: EvidenceFileRef[];
}

/** One indicator of the self-evaluation as typed: the score text as typed, the note, the evidence. */
export interface IndicatorDraft {
  scoreText: string;
  note: string;
  files: EvidenceFileRef[];
  activities: LinkedActivityRef[];
  entries: LinkedEntryRef[];
}

export type SheetDraft = Record<string, IndicatorDraft>;

export const evidenceCountOf = (d: IndicatorDraft | undefined): number =>
  d ? d.files.length + d.activities.length + d.entries.length : 0;

const sameIds = (a: readonly { id: number }[], b: readonly { id: number }[]) => {
  if (a.length !== b.length) return false;
  const ids = new Set(a.map((x) => x.id));
  return b.every((x) => ids.has(x.id));
};

/** The score an input means for comparison: the hundredths, or the text itself when it is not a number. */
const scoreKey = (text: string): string => {
  const c = checkScore(text, Number.MAX_SAFE_INTEGER);
  return c.ok ? String(c.value) : `text:${normalizeScoreText(text)}`;
};

/** Whether an indicator's draft differs from what was saved ("8" and "8.00" are the same score). */
export function indicatorChanged(
  saved: IndicatorDraft | undefined,
  now: IndicatorDraft | undefined,
): boolean {
  if (!saved || !now) return saved !== now;
  return (
    scoreKey(saved.scoreText) !== scoreKey(now.scoreText) ||
    saved.note.trim() !== now.note.trim() ||
    !sameIds(saved.files, now.files) ||
    !sameIds(saved.activities, now.activities) ||
    !sameIds(saved.entries, now.entries)
  );
}

/** Codes whose draft differs from the saved sheet, in the plan's order. */
export function changedCodes(
  indicators: readonly { code: string }[],
  saved: SheetDraft,
  now: SheetDraft,
): string[] {
  return indicators.map((i) => i.code).filter((c) => indicatorChanged(saved[c], now[c]));
}

export interface SelfSaveEntry {
  code: string;
  score: number | null;
  note: string | null;
  fileIds: number[];
  activityIds: number[];
  entryIds: number[];
}

/**
 * The body of "save draft" for the indicators that changed, or the score errors that block it
 * (the server refuses the whole save when one score is out of range, so nothing is sent then).
 */
export function selfSaveEntries(
  indicators: readonly SheetIndicator[],
  saved: SheetDraft,
  now: SheetDraft,
): { ok: true; entries: SelfSaveEntry[] } | { ok: false; errors: Record<string, ScoreError> } {
  const errors: Record<string, ScoreError> = {};
  const entries: SelfSaveEntry[] = [];
  for (const i of indicators) {
    const d = now[i.code];
    if (!d || !indicatorChanged(saved[i.code], d)) continue;
    const c = checkScore(d.scoreText, i.maxPoints);
    if (!c.ok) {
      errors[i.code] = c.error;
      continue;
    }
    const note = d.note.trim();
    entries.push({
      code: i.code,
      score: c.value,
      note: note === '' ? null : note,
      fileIds: d.files.map((f) => f.id),
      activityIds: d.activities.map((a) => a.id),
      entryIds: d.entries.map((e) => e.id),
    });
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, entries };
}

/** Every score error of the sheet as typed (shown under the inputs). */
export function sheetScoreErrors(
  indicators: readonly SheetIndicator[],
  now: SheetDraft,
): Record<string, ScoreError> {
  const out: Record<string, ScoreError> = {};
  for (const i of indicators) {
    const c = checkScore(now[i.code]?.scoreText ?? '', i.maxPoints);
    if (!c.ok) out[i.code] = c.error;
  }
  return out;
}

export interface SelfCompleteness {
  /** Indicators that need a score and have none (every one but innovation). */
  empty: string[];
  /** Indicators that require evidence, claim points and have none. */
  evidenceMissing: string[];
  /** Scores that are not valid (format, decimals, negative, above max). */
  invalid: string[];
  /** Mandatory indicators scored 0: allowed, but the month will be marked 必备项缺失. */
  mandatoryZero: string[];
  /** Innovation indicators left without a claim (optional). */
  innovationUnclaimed: string[];
  /** Scored indicators / indicators that need a score. */
  filled: number;
  required: number;
  /** Nothing blocks the submission (the server's own check, run on the draft). */
  ready: boolean;
}

/**
 * What the confirmation before submitting lists: the same check as the server's
 * (domain `validateSelfEvaluation`, run here on the draft), plus the warnings a secretary must
 * see before sending: mandatory items scored 0 and unclaimed innovation.
 */
export function selfCompleteness(
  settings: PlanSettings,
  indicators: readonly SheetIndicator[],
  now: SheetDraft,
): SelfCompleteness {
  const invalid: string[] = [];
  const sheet: Record<string, { score: number | null; evidenceCount: number }> = {};
  const mandatoryZero: string[] = [];
  const innovationUnclaimed: string[] = [];
  for (const i of indicators) {
    const d = now[i.code];
    const c = checkScore(d?.scoreText ?? '', i.maxPoints);
    if (!c.ok) {
      invalid.push(i.code);
      continue;
    }
    if (c.value !== null) sheet[i.code] = { score: c.value, evidenceCount: evidenceCountOf(d) };
    if (i.category === 'mandatory' && c.value === 0) mandatoryZero.push(i.code);
    if (i.category === 'innovation' && c.value === null) innovationUnclaimed.push(i.code);
  }
  const issues = validateSelfEvaluation({ ...settings, indicators }, sheet);
  const codesOf = (code: string) =>
    issues.filter((x) => x.code === code && x.indicator !== null).map((x) => x.indicator as string);
  // An invalid score is reported as invalid, not also as empty.
  const empty = codesOf('self_missing').filter((c) => !invalid.includes(c));
  const evidenceMissing = codesOf('evidence_missing');
  const required = indicators.filter((i) => i.category !== 'innovation');
  return {
    empty,
    evidenceMissing,
    invalid,
    mandatoryZero,
    innovationUnclaimed,
    filled: required.filter((i) => sheet[i.code] !== undefined).length,
    required: required.length,
    ready: invalid.length === 0 && errorsOf(issues).length === 0,
  };
}

// ── the branch-month's history ───────────────────────────────────────────────────────────

export type HistoryEvent =
  | { kind: 'opened'; date: string }
  | { kind: 'step'; action: string; at: string; late: boolean; reason: string | null }
  | { kind: 'approved' }
  | { kind: 'published' };

export interface HistorySource {
  monthState: 'open' | 'verifying' | 'approved' | 'published';
  deadlines: { opensOn: string };
  /** The steps from the server's record, oldest first. */
  history: readonly { action: string; at: string; late: boolean; reason: string | null }[];
}

/**
 * The branch-month's steps in order: the month's opening, every recorded step (submitted,
 * withdrawn, returned with its reason, reopened, resubmitted, verified), then the committee's
 * approval and the publication.
 */
export function branchMonthHistory(v: HistorySource): HistoryEvent[] {
  const out: HistoryEvent[] = [{ kind: 'opened', date: v.deadlines.opensOn }];
  for (const s of v.history) out.push({ kind: 'step', ...s });
  if (v.monthState === 'approved' || v.monthState === 'published') out.push({ kind: 'approved' });
  if (v.monthState === 'published') out.push({ kind: 'published' });
  return out;
}

/**
 * Whether the branch may still change its sheet: while its window is open and it has not
 * submitted, or after the office returned it for evidence — never once the month is approved.
 */
export function sheetEditable(v: { state: string; monthState: string; windowOpen: boolean }): boolean {
  if (v.monthState === 'approved' || v.monthState === 'published') return false;
  if (v.state === 'returned') return true;
  return v.state === 'self_open' && v.windowOpen;
}

// ── peer evaluation (互评) ───────────────────────────────────────────────────────────────

export interface PeerCheck {
  /** Scores to send when the sheet is complete and valid. */
  scores: Record<string, number>;
  missing: string[];
  errors: Record<string, ScoreError>;
  complete: boolean;
}

/**
 * A peer sheet as typed: every evaluative indicator scored, each within 0..max (the server's
 * `validatePeerScores`, run here too).
 */
export function checkPeerSheet(
  settings: PlanSettings,
  indicators: readonly SheetIndicator[],
  texts: Readonly<Record<string, string>>,
): PeerCheck {
  const scores: Record<string, number> = {};
  const errors: Record<string, ScoreError> = {};
  for (const i of indicators) {
    const c = checkScore(texts[i.code] ?? '', i.maxPoints);
    if (!c.ok) errors[i.code] = c.error;
    else if (c.value !== null) scores[i.code] = c.value;
  }
  const issues = validatePeerScores({ ...settings, indicators }, scores);
  const missing = issues
    .filter((x) => x.code === 'inputs_missing' && x.indicator !== null && !(x.indicator in errors))
    .map((x) => x.indicator as string);
  const complete = Object.keys(errors).length === 0 && errorsOf(issues).length === 0;
  return { scores, missing, errors, complete };
}

/** The tasks' positions for ‹ previous / next › : the neighbours of `current` in the list. */
export function neighbours<T>(list: readonly T[], isCurrent: (t: T) => boolean): { previous?: T; next?: T } {
  const i = list.findIndex(isCurrent);
  if (i < 0) return {};
  return { previous: list[i - 1], next: list[i + 1] };
}

/** The next task still to do after `current` (wrapping round), for "submit and go on". */
export function nextPending<T extends { submitted: boolean; open: boolean }>(
  list: readonly T[],
  isCurrent: (t: T) => boolean,
): T | undefined {
  const i = list.findIndex(isCurrent);
  const order = [...list.slice(i + 1), ...list.slice(0, Math.max(i, 0))];
  return order.find((t) => !t.submitted && t.open && !isCurrent(t));
}

// ── which branches the user evaluates ────────────────────────────────────────────────────

/**
 * The branches a secretary's grants reach, in the tree's order: a grant at a branch is that
 * branch; a grant higher up (a general branch) reaches every branch under it. Without the org
 * list yet, the grants' own orgs stand in.
 */
export function branchesUnder<T extends { id: number; parentId: number | null; kind: string; name: string }>(
  grants: readonly { orgId: number; orgName: string }[],
  orgs: readonly T[] | undefined,
): { id: number; name: string }[] {
  if (!orgs) return grants.map((g) => ({ id: g.orgId, name: g.orgName }));
  const parent = new Map(orgs.map((o) => [o.id, o.parentId]));
  const roots = new Set(grants.map((g) => g.orgId));
  const reached = (id: number): boolean => {
    for (let at: number | null | undefined = id, n = 0; at != null && n < 64; at = parent.get(at), n++) {
      if (roots.has(at)) return true;
    }
    return false;
  };
  const out = orgs
    .filter((o) => o.kind === 'branch' && reached(o.id))
    .map((o) => ({ id: o.id, name: o.name }));
  // A grant whose org the list does not show still counts (it is the user's own).
  for (const g of grants) {
    if (!out.some((b) => b.id === g.orgId) && !orgs.some((o) => o.id === g.orgId))
      out.push({ id: g.orgId, name: g.orgName });
  }
  return out;
}
