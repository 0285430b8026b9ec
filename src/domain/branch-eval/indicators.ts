/**
 * The indicator library of the joint evaluation (SPEC §3: "Indicator library with four
 * categories: mandatory 必备类, basic 基本类, evaluative 评价类, innovation 创新类. An indicator has
 * code, name, max points, scoring criteria text (评分标准) and evidence requirement").
 */
import type { Hundredths } from './exact.js';
import { type Issue, issue, type Label } from './issues.js';

export const categories = ['mandatory', 'basic', 'evaluative', 'innovation'] as const;
export type Category = (typeof categories)[number];

export const categoryLabels: Record<Category, Label> = {
  mandatory: { zh: '必备类', en: 'Mandatory' },
  basic: { zh: '基本类', en: 'Basic' },
  evaluative: { zh: '评价类', en: 'Evaluative' },
  innovation: { zh: '创新类', en: 'Innovation' },
};

/**
 * The categories that make up a plan's base total (SPEC §3: "default 100 points over
 * mandatory+basic+evaluative"); innovation is a bonus on top, capped separately.
 */
export const baseCategories: readonly Category[] = ['mandatory', 'basic', 'evaluative'];

/** True for one of the four categories (values read from a database or a request). */
export function isCategory(value: string): value is Category {
  return (categories as readonly string[]).includes(value);
}

/** True for mandatory, basic and evaluative: the categories counted in the plan total. */
export function isBaseCategory(category: Category): boolean {
  return category !== 'innovation';
}

/** A library indicator; `maxPoints` in hundredths (10 points → 1000). */
export interface Indicator {
  readonly code: string;
  readonly name: string;
  readonly category: Category;
  readonly maxPoints: Hundredths;
  /** 评分标准: how the office and peers score it. */
  readonly criteria: string;
  /** Whether evidence must be uploaded (SPEC §7: evidence only where the item requires it). */
  readonly evidenceRequired: boolean;
}

/**
 * Checks one indicator (SPEC §3 indicator library): a non-blank code and name, one of the four
 * categories, and max points that are a positive whole number of hundredths. Returns every
 * problem found (empty when valid). Criteria text may be empty: not every item needs one.
 */
export function validateIndicator(indicator: Indicator): Issue[] {
  const issues: Issue[] = [];
  const code = indicator.code.trim();
  const at = { indicator: code === '' ? null : code };
  if (code === '') issues.push(issue('code_blank'));
  if (indicator.name.trim() === '') issues.push(issue('name_blank', { code }, at));
  if (!isCategory(indicator.category)) {
    issues.push(issue('unknown_category', { code, category: String(indicator.category) }, at));
  }
  if (!Number.isSafeInteger(indicator.maxPoints)) {
    issues.push(issue('max_not_integer', { code, max: String(indicator.maxPoints) }, at));
  } else if (indicator.maxPoints <= 0) {
    issues.push(issue('max_not_positive', { code, max: indicator.maxPoints }, at));
  }
  return issues;
}
