/**
 * The project lifecycle (SPEC §4 党建项目化管理), one pure state machine: the server enforces it
 * and the web reads {@link allowedActions} for its buttons.
 *
 *     draft (year plan) → research 调研 → proposal 立项申请 → approved 立项 | rejected
 *       → implementing 实施 → summary 总结 → evaluated 评审 → promoted 推广
 *     any open state → suspended 暂停 (resumes to where it was) | cancelled 撤销 (final)
 *
 * Actors are not raw roles but what the user is to this project: its `owner` (a secretary of the
 * owning org, or the committee itself for a committee's own project), the `committee` above it,
 * or a member of its `panel`. The server works out which of these a user is.
 */

/** Every state of a project. `draft` is an assigned project of a year plan not issued yet. */
export const projectStates = [
  'draft',
  'research',
  'proposal',
  'approved',
  'rejected',
  'implementing',
  'summary',
  'evaluated',
  'promoted',
  'suspended',
  'cancelled',
] as const;
export type ProjectState = (typeof projectStates)[number];

/** What the user is to a project, for the transition table. */
export const projectActors = ['owner', 'committee', 'panel'] as const;
export type ProjectActor = (typeof projectActors)[number];

export const projectActions = [
  'issue',
  'submit',
  'return',
  'approve',
  'reject',
  'start',
  'submit_summary',
  'return_summary',
  'evaluate',
  'promote',
  'suspend',
  'resume',
  'cancel',
] as const;
export type ProjectAction = (typeof projectActions)[number];

/** A text in both languages. */
export interface Label {
  readonly zh: string;
  readonly en: string;
}

/** States a project can still be suspended or cancelled from. */
export const openStates: readonly ProjectState[] = [
  'draft',
  'research',
  'proposal',
  'approved',
  'implementing',
  'summary',
];

/** States whose milestones can still be reported. */
export const reportingStates: readonly ProjectState[] = ['approved', 'implementing'];

/** One row of the transition table. `to: 'previous'` is the resume step back to where it was. */
export interface ProjectTransition {
  readonly from: ProjectState;
  readonly action: ProjectAction;
  readonly to: ProjectState | 'previous';
  readonly actors: readonly ProjectActor[];
  readonly reasonRequired: boolean;
  /** Taken by the system (the panel's last score), never by a button. */
  readonly automatic: boolean;
  /** The rule's name as recorded on the decision (立项审批, 暂停 …). */
  readonly rule: string;
}

const row = (
  from: ProjectState,
  action: ProjectAction,
  to: ProjectState | 'previous',
  actors: readonly ProjectActor[],
  rule: string,
  opts: { reasonRequired?: boolean; automatic?: boolean } = {},
): ProjectTransition => ({
  from,
  action,
  to,
  actors,
  rule,
  reasonRequired: opts.reasonRequired ?? false,
  automatic: opts.automatic ?? false,
});

/** The whole table. Suspend and cancel are expanded over the open states. */
export const projectTransitions: readonly ProjectTransition[] = [
  row('draft', 'issue', 'research', ['committee'], 'projects.plan.issue'),
  row('research', 'submit', 'proposal', ['owner'], 'projects.proposal.submit'),
  row('proposal', 'return', 'research', ['committee'], 'projects.proposal.return', { reasonRequired: true }),
  row('proposal', 'approve', 'approved', ['committee'], 'projects.proposal.approve'),
  row('proposal', 'reject', 'rejected', ['committee'], 'projects.proposal.reject', { reasonRequired: true }),
  row('approved', 'start', 'implementing', ['owner'], 'projects.implementation.start'),
  row('implementing', 'submit_summary', 'summary', ['owner'], 'projects.summary.submit'),
  row('summary', 'return_summary', 'implementing', ['committee'], 'projects.summary.return', {
    reasonRequired: true,
  }),
  row('summary', 'evaluate', 'evaluated', ['panel'], 'projects.panel.complete', { automatic: true }),
  row('evaluated', 'promote', 'promoted', ['committee'], 'projects.library.promote'),
  ...openStates.map((s) =>
    row(s, 'suspend', 'suspended', ['committee'], 'projects.suspend', { reasonRequired: true }),
  ),
  row('suspended', 'resume', 'previous', ['committee'], 'projects.resume'),
  ...[...openStates, 'suspended' as const].map((s) =>
    row(s, 'cancel', 'cancelled', ['committee'], 'projects.cancel', { reasonRequired: true }),
  ),
];

/** What a guard needs to know besides the state. */
export interface ProjectFacts {
  readonly state: ProjectState;
  /** The state a suspended project resumes to. */
  readonly suspendedFrom: ProjectState | null;
  /** The panel grade, once evaluated. */
  readonly grade: string | null;
  /** Milestones of the timetable (a proposal needs at least one). */
  readonly milestones: number;
  /** Milestones without a report (the summary waits for every one). */
  readonly unreportedMilestones: number;
}

export type RefusalCode =
  | 'invalid_transition'
  | 'role_not_allowed'
  | 'reason_required'
  | 'not_excellent'
  | 'no_milestones'
  | 'milestones_unreported'
  | 'automatic_step';

export interface Refusal {
  readonly code: RefusalCode;
  readonly message: Label;
}

export type StepResult =
  | { readonly ok: true; readonly state: ProjectState; readonly transition: ProjectTransition }
  | { readonly ok: false; readonly refusal: Refusal };

const actorLabel: Record<ProjectActor, Label> = {
  owner: { zh: '项目承担单位', en: 'the owning organisation' },
  committee: { zh: '党委', en: 'the committee' },
  panel: { zh: '评审组', en: 'the panel' },
};

export const stateLabels: Record<ProjectState, Label> = {
  draft: { zh: '计划草稿', en: 'Draft (year plan)' },
  research: { zh: '调研', en: 'Research' },
  proposal: { zh: '立项申请', en: 'Proposal' },
  approved: { zh: '已立项', en: 'Approved' },
  rejected: { zh: '未立项', en: 'Rejected' },
  implementing: { zh: '实施', en: 'Implementing' },
  summary: { zh: '总结', en: 'Summary' },
  evaluated: { zh: '已评审', en: 'Evaluated' },
  promoted: { zh: '已推广', en: 'Promoted' },
  suspended: { zh: '暂停', en: 'Suspended' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
};

export const actionLabels: Record<ProjectAction, Label> = {
  issue: { zh: '下达', en: 'Issue' },
  submit: { zh: '提交立项申请', en: 'Submit proposal' },
  return: { zh: '退回修改', en: 'Return' },
  approve: { zh: '批准立项', en: 'Approve' },
  reject: { zh: '不予立项', en: 'Reject' },
  start: { zh: '开始实施', en: 'Start implementing' },
  submit_summary: { zh: '提交总结', en: 'Submit summary' },
  return_summary: { zh: '退回总结', en: 'Return summary' },
  evaluate: { zh: '评审完成', en: 'Evaluation complete' },
  promote: { zh: '推广入库', en: 'Promote to library' },
  suspend: { zh: '暂停', en: 'Suspend' },
  resume: { zh: '恢复', en: 'Resume' },
  cancel: { zh: '撤销', en: 'Cancel' },
};

const refusal = (code: RefusalCode, message: Label): Refusal => ({ code, message });

/** Guards beyond the table: promotion needs 优秀, a proposal a timetable, a summary every report. */
function guard(action: ProjectAction, facts: ProjectFacts): Refusal | null {
  if (action === 'promote' && facts.grade !== 'excellent')
    return refusal('not_excellent', {
      zh: '只有评审等次为优秀的项目才能推广入库',
      en: 'Only a project graded excellent can be promoted',
    });
  if (action === 'submit' && facts.milestones < 1)
    return refusal('no_milestones', {
      zh: '请先填写至少一个时间节点',
      en: 'Add at least one milestone first',
    });
  if (action === 'submit_summary' && facts.unreportedMilestones > 0)
    return refusal('milestones_unreported', {
      zh: `还有 ${facts.unreportedMilestones} 个节点未报告`,
      en: `${facts.unreportedMilestones} milestone(s) not reported yet`,
    });
  return null;
}

/**
 * Takes `action` on a project for a user who is `actors` to it. Checks, in order: the step exists
 * from this state; it is not automatic (unless `system`); the user is one of its actors; the
 * reason when one is required; the guard. The resume step goes back to `suspendedFrom`.
 */
export function applyProjectAction(
  facts: ProjectFacts,
  action: ProjectAction,
  actors: readonly ProjectActor[],
  reason: string | null | undefined,
  opts: { readonly system?: boolean } = {},
): StepResult {
  const t = projectTransitions.find((x) => x.from === facts.state && x.action === action);
  if (!t)
    return {
      ok: false,
      refusal: refusal('invalid_transition', {
        zh: `项目处于「${stateLabels[facts.state].zh}」，不能「${actionLabels[action].zh}」`,
        en: `A project in state "${stateLabels[facts.state].en}" cannot be "${actionLabels[action].en}"`,
      }),
    };
  if (t.automatic && !opts.system)
    return {
      ok: false,
      refusal: refusal('automatic_step', {
        zh: '该步骤在评审组全部评分后自动完成',
        en: 'This step completes by itself when every panel member has scored',
      }),
    };
  if (!t.automatic && !t.actors.some((a) => actors.includes(a)))
    return {
      ok: false,
      refusal: refusal('role_not_allowed', {
        zh: `只有${t.actors.map((a) => actorLabel[a].zh).join('或')}可以「${actionLabels[action].zh}」`,
        en: `Only ${t.actors.map((a) => actorLabel[a].en).join(' or ')} may "${actionLabels[action].en}"`,
      }),
    };
  if (t.reasonRequired && (reason ?? '').trim() === '')
    return {
      ok: false,
      refusal: refusal('reason_required', { zh: '请填写原因', en: 'Please give a reason' }),
    };
  const g = guard(action, facts);
  if (g) return { ok: false, refusal: g };
  const to = t.to === 'previous' ? facts.suspendedFrom : t.to;
  if (to === null)
    return {
      ok: false,
      refusal: refusal('invalid_transition', {
        zh: '不知道暂停前的状态，无法恢复',
        en: 'The state before the suspension is unknown',
      }),
    };
  return { ok: true, state: to, transition: t };
}

/** One button of the project page: whether the user may press it, and why not. */
export interface AllowedAction {
  readonly action: ProjectAction;
  readonly label: Label;
  readonly allowed: boolean;
  readonly reasonRequired: boolean;
  readonly whyNot: Label | null;
}

/**
 * The manual steps from the project's state, each with whether this user may take it now and
 * why not. Steps of other actors are listed only when the user is not allowed (so the owner sees
 * "waiting for the committee" rather than nothing); the web shows the allowed ones as buttons.
 */
export function allowedActions(facts: ProjectFacts, actors: readonly ProjectActor[]): AllowedAction[] {
  return projectTransitions
    .filter((t) => t.from === facts.state && !t.automatic)
    .map((t) => {
      const result = applyProjectAction(facts, t.action, actors, t.reasonRequired ? 'x' : null);
      return {
        action: t.action,
        label: actionLabels[t.action],
        allowed: result.ok,
        reasonRequired: t.reasonRequired,
        whyNot: result.ok ? null : result.refusal.message,
      };
    });
}

/** Whether the project takes no more steps (except `promoted`, which is the end of a good life). */
export function isFinal(state: ProjectState): boolean {
  return state === 'rejected' || state === 'cancelled' || state === 'promoted';
}
