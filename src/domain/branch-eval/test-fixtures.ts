/**
 * Builders for the branch-evaluation tests (imported by *.test.ts only; not part of index.ts).
 * Each call makes fresh objects, so a test that mutates one cannot affect another.
 */
import type { Category, Indicator } from './indicators.js';
import { createPlanTemplate, type PlanSettings, type PlanTemplate } from './plan.js';

/** An indicator with sensible defaults; `maxPoints` in hundredths. */
export function indicator(
  code: string,
  category: Category,
  maxPoints: number,
  extra: Partial<Indicator> = {},
): Indicator {
  return {
    code,
    name: `指标 ${code}`,
    category,
    maxPoints,
    criteria: `${code} 评分标准`,
    evidenceRequired: false,
    ...extra,
  };
}

/**
 * A valid 100-point plan: M1, M2 mandatory 10 each; B1, B2 basic 20 each; E1, E2 evaluative 20
 * each (= 100); innovation I1 worth 5 and I2 worth 10 under a cap of 10.
 */
export function samplePlan(settings: Partial<PlanSettings> = {}): PlanTemplate {
  return createPlanTemplate(
    [
      indicator('M1', 'mandatory', 1000),
      indicator('M2', 'mandatory', 1000),
      indicator('B1', 'basic', 2000),
      indicator('B2', 'basic', 2000, { evidenceRequired: true }),
      indicator('E1', 'evaluative', 2000),
      indicator('E2', 'evaluative', 2000),
      indicator('I1', 'innovation', 500),
      indicator('I2', 'innovation', 1000),
    ],
    settings,
  );
}
