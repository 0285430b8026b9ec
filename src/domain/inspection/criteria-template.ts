/**
 * The default criteria (考核细则) a new campaign starts from when there is no earlier campaign
 * to copy: six areas of party building totalling 100 points (SPEC §5 "default total 100").
 */
import type { Hundredths } from './components.js';

export interface CriterionDraft {
  readonly code: string;
  readonly name: string;
  readonly max: Hundredths;
  readonly whatToCheck: string;
}

export const defaultCriteria: readonly CriterionDraft[] = [
  { code: 'A1', name: '思想政治建设', max: 2000, whatToCheck: '理论学习中心组学习记录、“第一议题”制度落实' },
  { code: 'A2', name: '组织建设', max: 2000, whatToCheck: '“三会一课”、主题党日、组织生活会记录' },
  { code: 'A3', name: '党风廉政建设', max: 2000, whatToCheck: '廉洁风险防控、主体责任清单及落实台帐' },
  { code: 'A4', name: '党建与业务融合', max: 1500, whatToCheck: '党建项目、党员责任区、先锋岗记录' },
  { code: 'A5', name: '群团工作', max: 1000, whatToCheck: '工会、共青团工作计划与活动记录' },
  { code: 'A6', name: '基础资料管理', max: 1500, whatToCheck: '党建台帐、党员档案、制度汇编' },
];

/** Problems with a list of criteria: codes unique and non-empty, each max above 0. */
export function criteriaProblems(list: readonly CriterionDraft[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  list.forEach((c, i) => {
    if (!c.code.trim()) out.push(`row ${i + 1}: code is empty`);
    else if (seen.has(c.code)) out.push(`row ${i + 1}: code ${c.code} appears twice`);
    seen.add(c.code);
    if (!c.name.trim()) out.push(`row ${i + 1}: name is empty`);
    if (!Number.isSafeInteger(c.max) || c.max <= 0) out.push(`row ${i + 1}: max must be above 0`);
  });
  return out;
}
