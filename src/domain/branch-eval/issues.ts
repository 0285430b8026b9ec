/**
 * Problems the branch-evaluation rules report: one stable code each, a severity, the indicator
 * concerned, structured details and a message in Chinese and English (SPEC §6: "clear errors with
 * a code and a message"; STYLE: "Messages exist in zh-CN and en"). User mistakes come back as
 * issues; only programming errors (an impossible date, a non-integer count) throw.
 */
import { formatPoints, isHundredths } from './exact.js';

/** A text in both UI languages, Chinese first (SPEC §6). */
export interface Label {
  readonly zh: string;
  readonly en: string;
}

/** A value in an issue's details: plain JSON, so the API can return it as is. */
export type DetailValue = string | number | boolean | null | readonly (string | number)[];
export type IssueDetails = Readonly<Record<string, DetailValue>>;

/** `error` blocks the step (approval, scoring); `warning` is shown but does not block. */
export type Severity = 'error' | 'warning';

type Template = (details: IssueDetails) => string;

const points = (value: DetailValue | undefined): string =>
  isHundredths(value) ? formatPoints(value) : String(value ?? '');
const text = (value: DetailValue | undefined): string =>
  Array.isArray(value) ? value.join(', ') : String(value ?? '');
const textZh = (value: DetailValue | undefined): string =>
  Array.isArray(value) ? value.join('、') : String(value ?? '');

/** Chinese names of the scoring inputs and categories that issue details carry in English. */
const zhNames: Readonly<Record<string, string>> = {
  self: '自评',
  peer: '互评',
  peers: '互评',
  verified: '验证',
  innovationAward: '创新奖励',
  done: '完成情况',
  mandatory: '必备类',
  basic: '基本类',
  evaluative: '评价类',
  innovation: '创新类',
};
const nameZh = (value: DetailValue | undefined): string => zhNames[String(value)] ?? textZh(value);

/** Every issue code of the module with its message templates (details → text). */
export const issueCatalog = {
  // Indicators (指标库)
  code_blank: { zh: () => '指标编码不能为空', en: () => 'The indicator code is blank' },
  name_blank: {
    zh: (d) => `指标 ${text(d.code)} 的名称不能为空`,
    en: (d) => `Indicator ${text(d.code)} has no name`,
  },
  unknown_category: {
    zh: (d) => `指标 ${text(d.code)} 的类别无效：${text(d.category)}`,
    en: (d) => `Indicator ${text(d.code)} has an unknown category: ${text(d.category)}`,
  },
  max_not_integer: {
    zh: (d) => `指标 ${text(d.code)} 的分值须精确到 0.01 分`,
    en: (d) => `The max points of indicator ${text(d.code)} must be exact to 0.01`,
  },
  max_not_positive: {
    zh: (d) => `指标 ${text(d.code)} 的分值须大于 0`,
    en: (d) => `The max points of indicator ${text(d.code)} must be above 0`,
  },
  // Plans (季度指标方案)
  duplicate_code: {
    zh: (d) => `指标编码重复：${text(d.code)}`,
    en: (d) => `Indicator code used twice: ${text(d.code)}`,
  },
  unknown_indicator: {
    zh: (d) => `方案中没有指标 ${text(d.code)}`,
    en: (d) => `The plan has no indicator ${text(d.code)}`,
  },
  plan_total_mismatch: {
    zh: (d) => `必备类、基本类、评价类指标合计 ${points(d.actual)} 分，应为 ${points(d.expected)} 分`,
    en: (d) =>
      `Mandatory, basic and evaluative indicators total ${points(d.actual)} points; they must total ${points(d.expected)}`,
  },
  total_points_invalid: {
    zh: (d) => `方案总分须为大于 0 的分值：${text(d.totalPoints)}`,
    en: (d) => `The plan total must be a positive number of points: ${text(d.totalPoints)}`,
  },
  innovation_cap_invalid: {
    zh: (d) => `创新类加分上限须为不小于 0 的分值：${text(d.innovationCap)}`,
    en: (d) => `The innovation cap must be a non-negative number of points: ${text(d.innovationCap)}`,
  },
  innovation_max_above_cap: {
    zh: (d) => `创新类指标 ${text(d.code)} 的分值 ${points(d.max)} 超过创新加分上限 ${points(d.cap)}`,
    en: (d) =>
      `Innovation indicator ${text(d.code)} is worth ${points(d.max)}, above the innovation cap of ${points(d.cap)}`,
  },
  weight_invalid: {
    zh: (d) => `${nameZh(d.weight)}权重须为不小于 0 的整数百分比：${text(d.value)}`,
    en: (d) => `The ${text(d.weight)} weight must be a whole percentage ≥ 0: ${text(d.value)}`,
  },
  weights_sum_invalid: {
    zh: (d) => `自评、互评、验证权重之和为 ${text(d.sum)}%，应为 100%`,
    en: (d) => `The self, peer and verified weights add up to ${text(d.sum)}%; they must add up to 100%`,
  },
  min_peer_raters_invalid: {
    zh: (d) => `互评最少评价支部数须为正整数：${text(d.minPeerRaters)}`,
    en: (d) => `The minimum number of peer raters must be a positive whole number: ${text(d.minPeerRaters)}`,
  },
  no_mandatory: {
    zh: () => '方案没有必备类指标，本季度不会出现“必备项缺失”',
    en: () => 'The plan has no mandatory indicator, so no month can be marked mandatory_missed',
  },
  plan_invalid: {
    zh: (d) => `方案存在问题，不能审定：${text(d.issues)}`,
    en: (d) => `The plan has problems and cannot be approved: ${text(d.issues)}`,
  },
  plan_not_draft: {
    zh: () => '只有草稿状态的方案可以调整',
    en: () => 'Only a draft plan can be tailored',
  },
  plan_frozen: {
    zh: () => '季度已开始，方案已冻结，不能修改',
    en: () => 'The quarter has started; the plan is frozen',
  },
  quarter_not_started: {
    zh: () => '季度尚未开始，方案不会冻结',
    en: () => 'The quarter has not started yet; the plan does not freeze before it',
  },
  // Peer evaluation (互评)
  too_few_raters: {
    zh: (d) =>
      `上级党组织 ${text(d.parentId)} 下只有 ${text(d.available)} 个支部可互评（至少 ${text(d.required)} 个），请联评联考办公室从其他党组织补充评价支部`,
    en: (d) =>
      `Only ${text(d.available)} branches can rate each other under ${text(d.parentId)} (at least ${text(d.required)} needed); the office must add raters from elsewhere`,
  },
  branch_too_few_raters: {
    zh: (d) => `支部 ${text(d.branch)} 只有 ${text(d.available)} 个互评支部（至少 ${text(d.required)} 个）`,
    en: (d) =>
      `Branch ${text(d.branch)} has ${text(d.available)} peer raters (at least ${text(d.required)} needed)`,
  },
  self_rating: { zh: () => '支部不能给自己互评', en: () => 'A branch cannot rate itself' },
  not_assigned: {
    zh: () => '该支部未被安排评价此支部',
    en: () => 'This branch is not assigned to rate that branch',
  },
  duplicate_rater: {
    zh: (d) => `评价支部重复：${text(d.rater)}`,
    en: (d) => `Rater listed twice: ${text(d.rater)}`,
  },
  // Scoring (计分)
  score_not_integer: {
    zh: (d) => `指标 ${text(d.code)} 的${nameZh(d.input)}分须精确到 0.01 分：${text(d.value)}`,
    en: (d) => `The ${text(d.input)} score of ${text(d.code)} must be exact to 0.01: ${text(d.value)}`,
  },
  score_negative: {
    zh: (d) => `指标 ${text(d.code)} 的${nameZh(d.input)}分不能为负：${points(d.value)}`,
    en: (d) => `The ${text(d.input)} score of ${text(d.code)} cannot be negative: ${points(d.value)}`,
  },
  score_above_max: {
    zh: (d) =>
      `指标 ${text(d.code)} 的${nameZh(d.input)}分 ${points(d.value)} 超过该指标分值 ${points(d.max)}`,
    en: (d) =>
      `The ${text(d.input)} score of ${text(d.code)} (${points(d.value)}) is above its max of ${points(d.max)}`,
  },
  self_missing: {
    zh: (d) => `指标 ${text(d.code)} 缺少自评分`,
    en: (d) => `Indicator ${text(d.code)} has no self score`,
  },
  verified_missing: {
    zh: (d) => `指标 ${text(d.code)} 缺少验证分`,
    en: (d) => `Indicator ${text(d.code)} has no verified score`,
  },
  done_missing: {
    zh: (d) => `必备类指标 ${text(d.code)} 须注明是否完成`,
    en: (d) => `Mandatory indicator ${text(d.code)} must say whether it was done`,
  },
  input_not_applicable: {
    zh: (d) => `指标 ${text(d.code)}（${nameZh(d.category)}）不使用${nameZh(d.input)}`,
    en: (d) => `Indicator ${text(d.code)} (${text(d.category)}) takes no ${text(d.input)} input`,
  },
  inputs_missing: {
    zh: (d) => `指标 ${text(d.code)} 没有评分数据`,
    en: (d) => `Indicator ${text(d.code)} has no scoring inputs`,
  },
  // Monthly round (月评流程)
  invalid_transition: {
    zh: () => '当前状态下不能执行该操作',
    en: () => 'This action is not possible in the current state',
  },
  role_not_allowed: { zh: () => '您的角色不能执行该操作', en: () => 'Your role may not take this action' },
  reason_required: { zh: () => '请填写原因', en: () => 'Please give a reason' },
  window_not_open: {
    zh: (d) => `自评互评从 ${text(d.opensOn)} 开始`,
    en: (d) => `Self and peer evaluation open on ${text(d.opensOn)}`,
  },
  window_closed: {
    zh: (d) => `自评互评已于 ${text(d.due)} 截止，请联系联评联考办公室重新开放`,
    en: (d) =>
      `Self and peer evaluation closed on ${text(d.due)}; ask the joint-evaluation office to reopen it`,
  },
  window_open: {
    zh: (d) => `自评互评尚未截止（截止日 ${text(d.due)}），无需重新开放`,
    en: (d) => `Self and peer evaluation is still open (until ${text(d.due)}); there is nothing to reopen`,
  },
  month_closed: {
    zh: () => '本月结果已审定，不能再修改',
    en: () => 'This month has been approved; it can no longer change',
  },
  month_not_closed: {
    zh: (d) => `互评截止（${text(d.due)}）后才能审定本月`,
    en: (d) => `The month can be approved only after peer evaluation closes (${text(d.due)})`,
  },
  unverified_branches: {
    zh: (d) => `以下支部尚未验证：${textZh(d.branches)}`,
    en: (d) => `These branches are not verified yet: ${text(d.branches)}`,
  },
  no_branches: {
    zh: () => '本月没有参评支部',
    en: () => 'No branch takes part this month',
  },
  verify_reason_required: {
    zh: (d) => `指标 ${text(d.code)} 的验证分与自评分不同，请填写原因`,
    en: (d) => `The verified score of ${text(d.code)} differs from the self score; give a reason`,
  },
  evidence_missing: {
    zh: (d) => `指标 ${text(d.code)} 须上传佐证材料`,
    en: (d) => `Indicator ${text(d.code)} needs evidence`,
  },
  checks_missing: {
    zh: () => '提交前须先检查所填分数',
    en: () => 'The submitted scores must be checked before this step',
  },
  self_evaluation_incomplete: {
    zh: (d) => `自评尚未完成：${text(d.issues)}`,
    en: (d) => `The self-evaluation is incomplete: ${text(d.issues)}`,
  },
  verification_incomplete: {
    zh: (d) => `验证尚未完成：${text(d.issues)}`,
    en: (d) => `Verification is incomplete: ${text(d.issues)}`,
  },
} satisfies Record<string, { zh: Template; en: Template }>;

export type IssueCode = keyof typeof issueCatalog;

/** One problem found by a rule. `indicator` is the indicator code concerned, when there is one. */
export interface Issue {
  readonly code: IssueCode;
  readonly severity: Severity;
  readonly indicator: string | null;
  readonly message: Label;
  readonly details: IssueDetails;
}

/** Builds an issue with its messages rendered from the catalogue. */
export function issue(
  code: IssueCode,
  details: IssueDetails = {},
  options: { readonly severity?: Severity; readonly indicator?: string | null } = {},
): Issue {
  const templates: { zh: Template; en: Template } = issueCatalog[code];
  return {
    code,
    severity: options.severity ?? 'error',
    indicator: options.indicator ?? null,
    message: { zh: templates.zh(details), en: templates.en(details) },
    details,
  };
}

/** The issues that block (severity `error`). */
export function errorsOf(issues: readonly Issue[]): Issue[] {
  return issues.filter((i) => i.severity === 'error');
}
