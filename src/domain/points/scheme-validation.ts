/**
 * Checks of a drafted scheme (积分方案, SPEC §2) before it is used: each problem named by a stable
 * code, located by a path into the scheme, worded in Chinese and English, and graded `error`
 * (the scheme cannot be used) or `warning` (almost certainly a slip the officer should confirm).
 */
import { formatHundredths, type Hundredths } from './hundredths.js';
import {
  annualFormulas,
  type Dimension,
  dimensionLabels,
  dimensions,
  directions,
  MAX_BASE_SCORE,
  MAX_WINDOW_DAYS,
  maxCountedPerQuarter,
  maxQuarterScore,
  minPointsPerOccurrence,
  type QuarterCap,
  type QuotaTierRule,
  rankingScopes,
  type Scheme,
  type SchemeItem,
  type SchemeRules,
} from './scheme.js';

/**
 * Every check {@link validateScheme} makes. Errors make the scheme unusable (or its results
 * meaningless); warnings are almost always a slip the officer should confirm.
 */
export const schemeIssueCodes = [
  // items
  'item_code_empty',
  'item_code_duplicate',
  'item_name_empty',
  'item_dimension_invalid',
  'item_direction_invalid',
  'item_unit_empty',
  'points_not_integer',
  'fixed_points_not_positive',
  'range_negative',
  'range_inverted',
  'range_max_not_positive',
  'range_degenerate',
  'cap_not_positive',
  'cap_count_not_integer',
  'cap_below_one_occurrence',
  'cap_points_not_multiple',
  'cap_count_on_range_item',
  'cap_exceeds_dimension_cap',
  'occurrence_exceeds_dimension_cap',
  'veto_on_bonus',
  'veto_without_evidence',
  // rules
  'scheme_without_items',
  'base_score_out_of_range',
  'bonus_cap_negative',
  'bonus_cap_zero_with_items',
  'dimension_without_bonus_items',
  'dimension_cap_unreachable',
  'quota_not_integer',
  'quota_out_of_range',
  'quota_not_increasing',
  'threshold_not_decreasing',
  'threshold_unreachable',
  'warning_line_out_of_range',
  'warning_line_unreachable',
  'warning_line_above_base',
  'annual_formula_unknown',
  'ranking_scope_unknown',
  'min_quarters_out_of_range',
  'appeal_window_invalid',
  'review_overdue_invalid',
] as const;
export type SchemeIssueCode = (typeof schemeIssueCodes)[number];

/** One problem of a scheme, located by a zod-style path (`['items', 3, 'points', 'min']`). */
export interface SchemeIssue {
  readonly path: readonly (string | number)[];
  readonly code: SchemeIssueCode;
  readonly severity: 'error' | 'warning';
  readonly message_zh: string;
  readonly message_en: string;
}

type Params = Readonly<Record<string, string | number>>;
type Text = { zh: string; en: string };

const p = (v: Hundredths): string => formatHundredths(v);

/** Severity and wording of each issue; `q` are the issue's parameters. */
const issueCatalog: Record<SchemeIssueCode, { severity: 'error' | 'warning'; text: (q: Params) => Text }> = {
  item_code_empty: {
    severity: 'error',
    text: () => ({ zh: '项目编码不能为空', en: 'The item code is empty' }),
  },
  item_code_duplicate: {
    severity: 'error',
    text: (q) => ({
      zh: `项目编码“${q.code}”与第 ${q.first} 项重复（编码不区分大小写和首尾空格）`,
      en: `Item code "${q.code}" duplicates item ${q.first} (codes ignore case and surrounding spaces)`,
    }),
  },
  item_name_empty: {
    severity: 'error',
    text: () => ({ zh: '项目名称不能为空', en: 'The item name is empty' }),
  },
  item_dimension_invalid: {
    severity: 'error',
    text: () => ({
      zh: '项目须归入政治素质、专业素质或文明素质之一',
      en: 'The item must belong to the political, professional or civility dimension',
    }),
  },
  item_direction_invalid: {
    severity: 'error',
    text: () => ({ zh: '项目须为加分项或减分项', en: 'The item must be a bonus or a deduction' }),
  },
  item_unit_empty: {
    severity: 'error',
    text: () => ({ zh: '计分单位（次/小时/项）不能为空', en: 'The unit (次/小时/项) is empty' }),
  },
  points_not_integer: {
    severity: 'error',
    text: () => ({
      zh: '分值最多保留两位小数（系统以 0.01 分为单位存储整数）',
      en: 'Points have at most two decimals (stored as whole hundredths)',
    }),
  },
  fixed_points_not_positive: {
    severity: 'error',
    text: () => ({
      zh: '固定分值必须大于 0（加减方向由“加分/减分”决定，分值填正数）',
      en: 'A fixed value must be above 0 (the bonus/deduction setting gives the sign; enter a positive value)',
    }),
  },
  range_negative: {
    severity: 'error',
    text: () => ({
      zh: '分值区间不能为负数（加减方向由“加分/减分”决定）',
      en: 'A points range cannot be negative (the bonus/deduction setting gives the sign)',
    }),
  },
  range_inverted: {
    severity: 'error',
    text: (q) => ({
      zh: `分值区间下限 ${q.min} 大于上限 ${q.max}`,
      en: `The range minimum ${q.min} is above its maximum ${q.max}`,
    }),
  },
  range_max_not_positive: {
    severity: 'error',
    text: () => ({ zh: '分值区间上限必须大于 0', en: 'The range maximum must be above 0' }),
  },
  range_degenerate: {
    severity: 'warning',
    text: (q) => ({
      zh: `分值区间上下限相同（${q.min}），应设为固定分值`,
      en: `The range has equal ends (${q.min}); make it a fixed value`,
    }),
  },
  cap_not_positive: {
    severity: 'error',
    text: () => ({
      zh: '季度封顶值必须大于 0；不封顶请清空封顶设置',
      en: 'A quarter cap must be above 0; clear the cap to leave the item uncapped',
    }),
  },
  cap_count_not_integer: {
    severity: 'error',
    text: () => ({ zh: '按次数封顶时，次数必须是整数', en: 'A count cap must be a whole number' }),
  },
  cap_below_one_occurrence: {
    severity: 'error',
    text: (q) => ({
      zh: `季度封顶 ${q.cap} 分低于每次最低分值 ${q.per} 分，一次也无法完整计分（是否把次数填成了分数？）`,
      en: `The quarter cap of ${q.cap} points is below one occurrence (${q.per} points): not even one occurrence counts in full (was a count entered as points?)`,
    }),
  },
  cap_points_not_multiple: {
    severity: 'warning',
    text: (q) => ({
      zh: `季度封顶 ${q.cap} 分不是每次分值 ${q.per} 分的整数倍，最后一次只能部分计分`,
      en: `The quarter cap of ${q.cap} points is not a multiple of ${q.per} points per occurrence; the last occurrence counts only in part`,
    }),
  },
  cap_count_on_range_item: {
    severity: 'warning',
    text: (q) => ({
      zh: `区间分值项目按次数封顶（${q.count} 次）：计入的是日期最早的 ${q.count} 次，之后分值更高的记录也不计分；考虑改为按分数封顶`,
      en: `A range item capped by count (${q.count}): the earliest ${q.count} occurrences count, later higher-valued ones do not; consider a points cap`,
    }),
  },
  cap_exceeds_dimension_cap: {
    severity: 'warning',
    text: (q) => ({
      zh: `项目季度封顶 ${q.cap} 分高于该维度加分上限 ${q.dimCap} 分，项目封顶不会起作用`,
      en: `The item cap of ${q.cap} points is above the dimension's bonus cap of ${q.dimCap} points, so it never applies`,
    }),
  },
  occurrence_exceeds_dimension_cap: {
    severity: 'warning',
    text: (q) => ({
      zh: `每次最低分值 ${q.per} 分已超过该维度加分上限 ${q.dimCap} 分，一次记录也无法完整计分`,
      en: `One occurrence (${q.per} points at least) exceeds the dimension's bonus cap of ${q.dimCap} points; no entry can count in full`,
    }),
  },
  veto_on_bonus: {
    severity: 'error',
    text: () => ({
      zh: '“一票否决”只能设在减分项上',
      en: 'Veto (一票否决) can only be set on a deduction item',
    }),
  },
  veto_without_evidence: {
    severity: 'warning',
    text: () => ({
      zh: '一票否决项将使党员年度定为警示型，建议要求上传佐证材料',
      en: 'A veto item makes the member 警示型 for the year; it should require evidence',
    }),
  },
  scheme_without_items: {
    severity: 'warning',
    text: () => ({ zh: '方案还没有任何积分项目', en: 'The scheme has no items yet' }),
  },
  base_score_out_of_range: {
    severity: 'error',
    text: (q) => ({
      zh: `季度基础分须在 0 到 ${q.max} 分之间`,
      en: `The quarter base score must lie between 0 and ${q.max} points`,
    }),
  },
  bonus_cap_negative: {
    severity: 'error',
    text: () => ({ zh: '维度加分上限不能为负数', en: 'A dimension bonus cap cannot be negative' }),
  },
  bonus_cap_zero_with_items: {
    severity: 'warning',
    text: (q) => ({
      zh: `${q.dimension}加分上限为 0，该维度 ${q.count} 个加分项目都不会计分`,
      en: `The ${q.dimensionEn} bonus cap is 0, so its ${q.count} bonus item(s) can never count`,
    }),
  },
  dimension_without_bonus_items: {
    severity: 'warning',
    text: (q) => ({
      zh: `${q.dimension}设置了 ${q.cap} 分加分上限，但没有任何加分项目`,
      en: `The ${q.dimensionEn} dimension has a bonus cap of ${q.cap} points but no bonus items`,
    }),
  },
  dimension_cap_unreachable: {
    severity: 'warning',
    text: (q) => ({
      zh: `${q.dimension}所有加分项目都已封顶，合计最多 ${q.reachable} 分，达不到该维度加分上限 ${q.cap} 分`,
      en: `Every ${q.dimensionEn} bonus item is capped; together they reach at most ${q.reachable} points, below the dimension cap of ${q.cap}`,
    }),
  },
  quota_not_integer: {
    severity: 'error',
    text: () => ({ zh: '等次比例须为整数百分比', en: 'Tier quotas must be whole percentages' }),
  },
  quota_out_of_range: {
    severity: 'error',
    text: () => ({ zh: '等次比例须在 0% 到 100% 之间', en: 'Tier quotas must lie between 0% and 100%' }),
  },
  quota_not_increasing: {
    severity: 'error',
    text: () => ({
      zh: '等次比例为累计比例，须满足 标杆型 < 优秀型 < 良好型 ≤ 100%（默认 5%、20%、50%）',
      en: 'Tier quotas are cumulative: benchmark < excellent < good ≤ 100% (defaults 5%, 20%, 50%)',
    }),
  },
  threshold_not_decreasing: {
    severity: 'error',
    text: () => ({
      zh: '分数线须满足 标杆型 ≥ 优秀型 ≥ 良好型 ≥ 警示线',
      en: 'Score thresholds must satisfy benchmark ≥ excellent ≥ good ≥ warning line',
    }),
  },
  threshold_unreachable: {
    severity: 'warning',
    text: (q) => ({
      zh: `分数线 ${q.threshold} 分高于季度最高可得分 ${q.max} 分，该等次无人能达到`,
      en: `The threshold of ${q.threshold} points is above the highest possible score (${q.max}); nobody can reach this tier`,
    }),
  },
  warning_line_out_of_range: {
    severity: 'error',
    text: (q) => ({
      zh: `警示线须在 0 到 ${q.max} 分之间`,
      en: `The warning line must lie between 0 and ${q.max} points`,
    }),
  },
  warning_line_unreachable: {
    severity: 'error',
    text: (q) => ({
      zh: `警示线 ${q.line} 分高于季度最高可得分 ${q.max} 分（基础分加各维度加分上限），所有党员都会被评为警示型`,
      en: `The warning line of ${q.line} points is above the highest possible score of ${q.max} (base plus every bonus cap): every member would be 警示型`,
    }),
  },
  warning_line_above_base: {
    severity: 'warning',
    text: (q) => ({
      zh: `警示线 ${q.line} 分高于基础分 ${q.base} 分：没有任何加减分的党员也会被评为警示型`,
      en: `The warning line of ${q.line} points is above the base score of ${q.base}: a member with no entries at all would be 警示型`,
    }),
  },
  annual_formula_unknown: {
    severity: 'error',
    text: () => ({ zh: '未知的年度计算方式', en: 'Unknown annual formula' }),
  },
  ranking_scope_unknown: {
    severity: 'error',
    text: () => ({ zh: '未知的排名范围', en: 'Unknown ranking scope' }),
  },
  min_quarters_out_of_range: {
    severity: 'error',
    text: () => ({
      zh: '最少在册季度数须为 0 到 4 的整数',
      en: 'The minimum number of quarters must be a whole number from 0 to 4',
    }),
  },
  appeal_window_invalid: {
    severity: 'error',
    text: (q) => ({
      zh: `申诉期限须为 1 到 ${q.max} 的整数天`,
      en: `The appeal window must be a whole number of days from 1 to ${q.max}`,
    }),
  },
  review_overdue_invalid: {
    severity: 'error',
    text: (q) => ({
      zh: `审核超期天数须为 1 到 ${q.max} 的整数`,
      en: `The review deadline must be a whole number of days from 1 to ${q.max}`,
    }),
  },
};

/** The severity and both messages of an issue code with its parameters. */
export function describeSchemeIssue(
  code: SchemeIssueCode,
  params: Params = {},
): { severity: 'error' | 'warning'; message_zh: string; message_en: string } {
  const entry = issueCatalog[code];
  const text = entry.text(params);
  return { severity: entry.severity, message_zh: text.zh, message_en: text.en };
}

/** True when none of the issues is an error (warnings alone do not block a scheme). */
export function isSchemeUsable(issues: readonly SchemeIssue[]): boolean {
  return !issues.some((i) => i.severity === 'error');
}

const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);

const isWholeIn = (value: number, min: number, max: number): boolean =>
  Number.isSafeInteger(value) && value >= min && value <= max;

/**
 * Checks a scheme an officer has drafted (SPEC §2) and names every problem with its path, so the
 * form can point at the field. Covers the structure (codes, dimensions, units), the numbers
 * (integer hundredths, ranges, caps, base score, tier percentages or thresholds), and the
 * combinations that make the scheme's rules not add up: an item cap that one occurrence
 * already exceeds, a cap that cannot bind because the dimension cap binds first, a dimension
 * cap that its capped items can never reach, a warning line above the highest possible score,
 * a veto on a bonus. An empty list means the scheme is clean; see {@link isSchemeUsable}.
 */
export function validateScheme(scheme: Scheme): SchemeIssue[] {
  const issues: SchemeIssue[] = [];
  const add = (path: readonly (string | number)[], code: SchemeIssueCode, params: Params = {}): void => {
    issues.push({ path, code, ...describeSchemeIssue(code, params) });
  };
  const { rules, items } = scheme;
  const capsValid = validateRules(rules, add);
  validateItems(items, rules, capsValid, add);
  validateDimensions(items, rules, capsValid, add);
  return issues;
}

type Add = (path: readonly (string | number)[], code: SchemeIssueCode, params?: Params) => void;

/** Rule-level checks; returns, per dimension, whether its bonus cap is a usable number. */
function validateRules(rules: SchemeRules, add: Add): Record<Dimension, boolean> {
  const baseValid = isWholeIn(rules.baseScore, 0, MAX_BASE_SCORE);
  if (!baseValid) add(['rules', 'baseScore'], 'base_score_out_of_range', { max: p(MAX_BASE_SCORE) });

  const capsValid = { political: false, professional: false, civility: false };
  for (const d of dimensions) {
    const cap = rules.bonusCaps[d];
    if (!Number.isSafeInteger(cap)) add(['rules', 'bonusCaps', d], 'points_not_integer');
    else if (cap < 0) add(['rules', 'bonusCaps', d], 'bonus_cap_negative');
    else capsValid[d] = true;
  }
  const allCapsValid = dimensions.every((d) => capsValid[d]);

  const tier = rules.tierRule;
  const lineValid = isWholeIn(tier.warningBelow, 0, MAX_BASE_SCORE);
  if (!lineValid) {
    add(['rules', 'tierRule', 'warningBelow'], 'warning_line_out_of_range', { max: p(MAX_BASE_SCORE) });
  }
  if (tier.kind === 'quota') {
    validateQuota(tier, add);
  } else {
    const order = [tier.benchmark, tier.excellent, tier.good, tier.warningBelow];
    const names = ['benchmark', 'excellent', 'good'] as const;
    names.forEach((name, i) => {
      if (!Number.isSafeInteger(tier[name])) add(['rules', 'tierRule', name], 'points_not_integer');
      else if ((order[i] ?? 0) < (order[i + 1] ?? 0))
        add(['rules', 'tierRule', name], 'threshold_not_decreasing');
    });
    if (baseValid && allCapsValid) {
      const max = maxQuarterScore(rules);
      for (const name of names) {
        if (Number.isSafeInteger(tier[name]) && tier[name] > max) {
          add(['rules', 'tierRule', name], 'threshold_unreachable', {
            threshold: p(tier[name]),
            max: p(max),
          });
        }
      }
    }
  }
  if (lineValid && baseValid && allCapsValid) {
    const max = maxQuarterScore(rules);
    if (tier.warningBelow > max) {
      add(['rules', 'tierRule', 'warningBelow'], 'warning_line_unreachable', {
        line: p(tier.warningBelow),
        max: p(max),
      });
    } else if (tier.warningBelow > rules.baseScore) {
      add(['rules', 'tierRule', 'warningBelow'], 'warning_line_above_base', {
        line: p(tier.warningBelow),
        base: p(rules.baseScore),
      });
    }
  }

  if (!isOneOf(annualFormulas, rules.annualFormula))
    add(['rules', 'annualFormula'], 'annual_formula_unknown');
  if (!isOneOf(rankingScopes, rules.rankingScope)) add(['rules', 'rankingScope'], 'ranking_scope_unknown');
  if (!isWholeIn(rules.minQuartersForUnflagged, 0, 4)) {
    add(['rules', 'minQuartersForUnflagged'], 'min_quarters_out_of_range');
  }
  if (!isWholeIn(rules.appealWindowDays, 1, MAX_WINDOW_DAYS)) {
    add(['rules', 'appealWindowDays'], 'appeal_window_invalid', { max: MAX_WINDOW_DAYS });
  }
  if (!isWholeIn(rules.reviewOverdueDays, 1, MAX_WINDOW_DAYS)) {
    add(['rules', 'reviewOverdueDays'], 'review_overdue_invalid', { max: MAX_WINDOW_DAYS });
  }
  return capsValid;
}

function validateQuota(tier: QuotaTierRule, add: Add): void {
  const names = ['benchmark', 'excellent', 'good'] as const;
  let previous: number | null = null;
  for (const name of names) {
    const value = tier[name];
    const path = ['rules', 'tierRule', name];
    if (!Number.isSafeInteger(value)) {
      add(path, 'quota_not_integer');
      previous = null;
      continue;
    }
    if (value < 0 || value > 100) {
      add(path, 'quota_out_of_range');
    } else if (previous !== null && value <= previous) {
      add(path, 'quota_not_increasing');
    }
    previous = value;
  }
}

/** Whether the item's point values are usable numbers, so combination checks can rely on them. */
function pointsAreSound(item: SchemeItem): boolean {
  const pts = item.points;
  if (pts.kind === 'fixed') return Number.isSafeInteger(pts.value) && pts.value > 0;
  return (
    Number.isSafeInteger(pts.min) &&
    Number.isSafeInteger(pts.max) &&
    pts.min >= 0 &&
    pts.max > 0 &&
    pts.min <= pts.max
  );
}

function capIsSound(cap: QuarterCap | null): boolean {
  return cap === null || (Number.isSafeInteger(cap.value) && cap.value > 0);
}

const normaliseCode = (code: string): string => code.trim().toLowerCase();

function validateItems(
  items: readonly SchemeItem[],
  rules: SchemeRules,
  capsValid: Record<Dimension, boolean>,
  add: Add,
): void {
  if (items.length === 0) add(['items'], 'scheme_without_items');
  const firstByCode = new Map<string, number>();
  items.forEach((item, i) => {
    const at = (...rest: (string | number)[]): (string | number)[] => ['items', i, ...rest];
    const code = typeof item.code === 'string' ? normaliseCode(item.code) : '';
    if (code === '') add(at('code'), 'item_code_empty');
    else {
      const first = firstByCode.get(code);
      if (first === undefined) firstByCode.set(code, i);
      else add(at('code'), 'item_code_duplicate', { code: item.code.trim(), first: first + 1 });
    }
    if (typeof item.name !== 'string' || item.name.trim() === '') add(at('name'), 'item_name_empty');
    const dimensionOk = isOneOf(dimensions, item.dimension);
    if (!dimensionOk) add(at('dimension'), 'item_dimension_invalid');
    if (!isOneOf(directions, item.direction)) add(at('direction'), 'item_direction_invalid');
    if (typeof item.unit !== 'string' || item.unit.trim() === '') add(at('unit'), 'item_unit_empty');

    const pts = item.points;
    if (pts.kind === 'fixed') {
      if (!Number.isSafeInteger(pts.value)) add(at('points', 'value'), 'points_not_integer');
      else if (pts.value <= 0) add(at('points', 'value'), 'fixed_points_not_positive');
    } else {
      const minInt = Number.isSafeInteger(pts.min);
      const maxInt = Number.isSafeInteger(pts.max);
      if (!minInt) add(at('points', 'min'), 'points_not_integer');
      if (!maxInt) add(at('points', 'max'), 'points_not_integer');
      if (minInt && maxInt) {
        if (pts.min < 0 || pts.max < 0) add(at('points', pts.min < 0 ? 'min' : 'max'), 'range_negative');
        else if (pts.min > pts.max)
          add(at('points', 'min'), 'range_inverted', { min: p(pts.min), max: p(pts.max) });
        else if (pts.max === 0) add(at('points', 'max'), 'range_max_not_positive');
        else if (pts.min === pts.max) add(at('points'), 'range_degenerate', { min: p(pts.min) });
      }
    }

    const cap = item.quarterCap;
    if (cap !== null) {
      if (!Number.isSafeInteger(cap.value)) {
        add(at('quarterCap', 'value'), cap.kind === 'count' ? 'cap_count_not_integer' : 'points_not_integer');
      } else if (cap.value <= 0) {
        add(at('quarterCap', 'value'), 'cap_not_positive');
      }
    }

    if (item.veto && item.direction === 'bonus') add(at('veto'), 'veto_on_bonus');
    if (item.veto && item.direction === 'deduction' && !item.evidenceRequired) {
      add(at('evidenceRequired'), 'veto_without_evidence');
    }

    // Combinations: only once the numbers themselves are sound.
    if (!pointsAreSound(item) || !capIsSound(cap)) return;
    const minPer = minPointsPerOccurrence(item);
    if (cap !== null && cap.kind === 'points') {
      if (cap.value < minPer) {
        add(at('quarterCap', 'value'), 'cap_below_one_occurrence', { cap: p(cap.value), per: p(minPer) });
      } else if (item.points.kind === 'fixed' && cap.value % item.points.value !== 0) {
        add(at('quarterCap', 'value'), 'cap_points_not_multiple', {
          cap: p(cap.value),
          per: p(item.points.value),
        });
      }
    }
    if (cap !== null && cap.kind === 'count' && item.points.kind === 'range') {
      add(at('quarterCap'), 'cap_count_on_range_item', { count: cap.value });
    }
    if (item.direction === 'bonus' && dimensionOk && capsValid[item.dimension]) {
      const dimCap = rules.bonusCaps[item.dimension];
      if (dimCap === 0) return; // reported once per dimension by bonus_cap_zero_with_items
      if (minPer > dimCap) {
        add(at('points'), 'occurrence_exceeds_dimension_cap', { per: p(minPer), dimCap: p(dimCap) });
      } else if (cap !== null && cap.kind === 'points' && cap.value > dimCap) {
        add(at('quarterCap', 'value'), 'cap_exceeds_dimension_cap', { cap: p(cap.value), dimCap: p(dimCap) });
      }
    }
  });
}

function validateDimensions(
  items: readonly SchemeItem[],
  rules: SchemeRules,
  capsValid: Record<Dimension, boolean>,
  add: Add,
): void {
  for (const d of dimensions) {
    if (!capsValid[d]) continue;
    const cap = rules.bonusCaps[d];
    const bonusItems = items.filter((item) => item.dimension === d && item.direction === 'bonus');
    const labels = { dimension: dimensionLabels[d].zh, dimensionEn: dimensionLabels[d].en.toLowerCase() };
    const path = ['rules', 'bonusCaps', d];
    if (cap === 0) {
      if (bonusItems.length > 0)
        add(path, 'bonus_cap_zero_with_items', { ...labels, count: bonusItems.length });
      continue;
    }
    if (bonusItems.length === 0) {
      // An empty scheme is already reported once; don't repeat it per dimension.
      if (items.length > 0) add(path, 'dimension_without_bonus_items', { ...labels, cap: p(cap) });
      continue;
    }
    // Unreachable only when every bonus item is capped (an uncapped item can always reach it)
    // and sound (an unsound one is reported on its own).
    const sound = bonusItems.every((item) => pointsAreSound(item) && capIsSound(item.quarterCap));
    const most = sound ? bonusItems.map(maxCountedPerQuarter) : [];
    if (!sound || most.some((m) => m === null)) continue;
    const reachable = most.reduce<number>((sum, m) => sum + (m ?? 0), 0);
    if (reachable < cap)
      add(path, 'dimension_cap_unreachable', { ...labels, reachable: p(reachable), cap: p(cap) });
  }
}
