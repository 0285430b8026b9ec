/**
 * The scheme editor's forms and the scheme's wire shape, converted both ways. People type
 * points as decimals ("1.5"); the scheme holds integer hundredths (150). A value that is not a
 * number with at most two decimals is reported by field rather than guessed.
 */
import { formatHundredths } from '../../domain/points/hundredths.js';
import type {
  Dimension,
  Direction,
  RankingScope,
  SchemeItem,
  SchemeRules,
} from '../../domain/points/scheme.js';
import { parsePointsText } from './points.js';

export interface ItemFormValues {
  code: string;
  name: string;
  dimension: Dimension;
  direction: Direction;
  pointsKind: 'fixed' | 'range';
  value?: string;
  min?: string;
  max?: string;
  unit: string;
  capKind: 'none' | 'count' | 'points';
  capValue?: string;
  evidenceRequired: boolean;
  veto: boolean;
}

export type ConvertResult<T, F extends string> =
  | { ok: true; value: T }
  | { ok: false; errors: { field: F; error: 'points' | 'whole' }[] };

const text = (h: number) => formatHundredths(h);

export function itemToForm(item: SchemeItem): ItemFormValues {
  return {
    code: item.code,
    name: item.name,
    dimension: item.dimension,
    direction: item.direction,
    pointsKind: item.points.kind,
    ...(item.points.kind === 'fixed'
      ? { value: text(item.points.value) }
      : { min: text(item.points.min), max: text(item.points.max) }),
    unit: item.unit,
    capKind: item.quarterCap?.kind ?? 'none',
    ...(item.quarterCap
      ? {
          capValue:
            item.quarterCap.kind === 'count' ? String(item.quarterCap.value) : text(item.quarterCap.value),
        }
      : {}),
    evidenceRequired: item.evidenceRequired,
    veto: item.veto,
  };
}

type ItemField = 'value' | 'min' | 'max' | 'capValue';

const wholeNumber = (s: string | undefined): number | null => {
  const t = (s ?? '').trim();
  return /^\d{1,6}$/.test(t) ? Number(t) : null;
};

/** The item a filled form describes; the scheme checks judge whether it makes sense. */
export function formToItem(v: ItemFormValues): ConvertResult<SchemeItem, ItemField> {
  const errors: { field: ItemField; error: 'points' | 'whole' }[] = [];
  const pts = (field: ItemField, s: string | undefined) => {
    const h = parsePointsText(s);
    if (h === null) errors.push({ field, error: 'points' });
    return h ?? 0;
  };
  const points =
    v.pointsKind === 'fixed'
      ? { kind: 'fixed' as const, value: pts('value', v.value) }
      : { kind: 'range' as const, min: pts('min', v.min), max: pts('max', v.max) };
  let quarterCap: SchemeItem['quarterCap'] = null;
  if (v.capKind === 'count') {
    const n = wholeNumber(v.capValue);
    if (n === null) errors.push({ field: 'capValue', error: 'whole' });
    quarterCap = { kind: 'count', value: n ?? 0 };
  } else if (v.capKind === 'points') {
    quarterCap = { kind: 'points', value: pts('capValue', v.capValue) };
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      code: v.code.trim(),
      name: v.name.trim(),
      dimension: v.dimension,
      direction: v.direction,
      points,
      unit: v.unit.trim(),
      quarterCap,
      evidenceRequired: v.evidenceRequired,
      // Only deductions can be vetoes; a bonus item never carries the flag.
      veto: v.direction === 'deduction' && v.veto,
    },
  };
}

export interface RulesFormValues {
  baseScore: string;
  capPolitical: string;
  capProfessional: string;
  capCivility: string;
  tierKind: 'quota' | 'threshold';
  benchmark: string;
  excellent: string;
  good: string;
  warningBelow: string;
  rankingScope: RankingScope;
  showOthersDeductions: boolean;
  minQuartersForUnflagged: string;
  appealWindowDays: string;
  reviewOverdueDays: string;
}

export function rulesToForm(r: SchemeRules): RulesFormValues {
  const tier = r.tierRule;
  const tierText = (n: number) => (tier.kind === 'quota' ? String(n) : text(n));
  return {
    baseScore: text(r.baseScore),
    capPolitical: text(r.bonusCaps.political),
    capProfessional: text(r.bonusCaps.professional),
    capCivility: text(r.bonusCaps.civility),
    tierKind: tier.kind,
    benchmark: tierText(tier.benchmark),
    excellent: tierText(tier.excellent),
    good: tierText(tier.good),
    warningBelow: text(tier.warningBelow),
    rankingScope: r.rankingScope,
    showOthersDeductions: r.boardPrivacy.showOthersDeductions,
    minQuartersForUnflagged: String(r.minQuartersForUnflagged),
    appealWindowDays: String(r.appealWindowDays),
    reviewOverdueDays: String(r.reviewOverdueDays),
  };
}

type RulesField = keyof RulesFormValues;

export function formToRules(v: RulesFormValues): ConvertResult<SchemeRules, RulesField> {
  const errors: { field: RulesField; error: 'points' | 'whole' }[] = [];
  const pts = (field: RulesField) => {
    const h = parsePointsText(v[field] as string);
    if (h === null) errors.push({ field, error: 'points' });
    return h ?? 0;
  };
  const whole = (field: RulesField) => {
    const n = wholeNumber(v[field] as string);
    if (n === null) errors.push({ field, error: 'whole' });
    return n ?? 0;
  };
  const tierRule: SchemeRules['tierRule'] =
    v.tierKind === 'quota'
      ? {
          kind: 'quota',
          benchmark: whole('benchmark'),
          excellent: whole('excellent'),
          good: whole('good'),
          warningBelow: pts('warningBelow'),
        }
      : {
          kind: 'threshold',
          benchmark: pts('benchmark'),
          excellent: pts('excellent'),
          good: pts('good'),
          warningBelow: pts('warningBelow'),
        };
  const rules: SchemeRules = {
    baseScore: pts('baseScore'),
    bonusCaps: {
      political: pts('capPolitical'),
      professional: pts('capProfessional'),
      civility: pts('capCivility'),
    },
    tierRule,
    annualFormula: 'mean_of_present_quarters',
    rankingScope: v.rankingScope,
    boardPrivacy: { showOthersDeductions: v.showOthersDeductions },
    minQuartersForUnflagged: whole('minQuartersForUnflagged'),
    appealWindowDays: whole('appealWindowDays'),
    reviewOverdueDays: whole('reviewOverdueDays'),
  };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: rules };
}

/** Where a scheme issue points: an item (by index) or a rule field. */
export type IssueTarget =
  | { kind: 'item'; index: number; field: string | null }
  | { kind: 'rules'; field: string }
  | { kind: 'scheme' };

export function issueTarget(path: readonly (string | number)[]): IssueTarget {
  if (path[0] === 'items' && typeof path[1] === 'number') {
    return { kind: 'item', index: path[1], field: path.slice(2).join('.') || null };
  }
  if (path[0] === 'rules') return { kind: 'rules', field: path.slice(1).join('.') };
  return { kind: 'scheme' };
}

/** Errors first, then warnings; within each, in the order of the path (items by position). */
export function sortIssues<T extends { severity: 'error' | 'warning'; path: readonly (string | number)[] }>(
  issues: readonly T[],
): T[] {
  const rank = (i: T) => (i.severity === 'error' ? 0 : 1);
  const key = (i: T) => i.path.map((p) => (typeof p === 'number' ? String(p).padStart(5, '0') : p)).join('/');
  return [...issues].sort((a, b) => rank(a) - rank(b) || key(a).localeCompare(key(b)));
}

/**
 * A free code for a new item of a dimension: the dimension's letter (Z 政治, Y 业务, W 文明)
 * and the next number among codes with that prefix, e.g. Z04 after Z01–Z03.
 */
export function nextItemCode(items: readonly Pick<SchemeItem, 'code'>[], dimension: Dimension): string {
  const prefix = dimension === 'political' ? 'Z' : dimension === 'professional' ? 'Y' : 'W';
  const used = new Set(items.map((i) => i.code.trim().toUpperCase()));
  let n = 1;
  for (const i of items) {
    const m = new RegExp(`^${prefix}(\\d+)$`, 'i').exec(i.code.trim());
    if (m) n = Math.max(n, Number(m[1]) + 1);
  }
  let code = `${prefix}${String(n).padStart(2, '0')}`;
  while (used.has(code)) code = `${prefix}${String(++n).padStart(2, '0')}`;
  return code;
}

export type ItemChange = 'added' | 'changed' | 'same';

/**
 * How a draft's items differ from the version in force, by code: each draft item is added,
 * changed or the same, and `removed` lists the codes the draft drops — what the committee
 * checks before adopting.
 */
export function diffItems<T extends { code: string }>(
  inForce: readonly T[],
  draft: readonly T[],
): { changes: ItemChange[]; removed: T[] } {
  const key = (c: string) => c.trim().toUpperCase();
  const before = new Map(inForce.map((i) => [key(i.code), i]));
  const changes = draft.map((i): ItemChange => {
    const old = before.get(key(i.code));
    if (!old) return 'added';
    return JSON.stringify(old) === JSON.stringify(i) ? 'same' : 'changed';
  });
  const kept = new Set(draft.map((i) => key(i.code)));
  return { changes, removed: inForce.filter((i) => !kept.has(key(i.code))) };
}
