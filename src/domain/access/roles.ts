/**
 * Roles and permissions (SPEC §1). A role is granted at an org node and reaches that node's
 * whole subtree. Every server-side check goes through `allows`, and the permission table
 * below is the only place that says which role may do what.
 */
export const roles = [
  'admin',
  'committee',
  'affairs',
  'eval_office',
  'secretary',
  'inspector',
  'member',
] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '系统管理员', en: 'Administrator' },
  committee: { zh: '党委（书记/委员）', en: 'Party committee' },
  affairs: { zh: '党群工作部', en: 'Party affairs department' },
  eval_office: { zh: '联评联考办公室', en: 'Joint evaluation office' },
  secretary: { zh: '支部书记/支委', en: 'Branch secretary' },
  inspector: { zh: '检查考核组成员', en: 'Inspector' },
  member: { zh: '党员', en: 'Party member' },
};

export const permissions = {
  'org.read': ['admin', 'committee', 'affairs', 'eval_office', 'secretary', 'inspector'],
  'org.manage': ['admin'],
  'member.read': ['admin', 'committee', 'affairs', 'eval_office', 'secretary'],
  'member.manage': ['admin', 'affairs'],
  'user.read': ['admin'],
  'user.manage': ['admin'],
  'audit.read': ['admin'],
  'calendar.manage': ['admin'],
  // Evidence: anyone with a role at an org may attach files there (a member declaring points,
  // a secretary recording an activity); reading needs a role that reads that org's records.
  'evidence.upload': ['admin', 'committee', 'affairs', 'eval_office', 'secretary', 'inspector', 'member'],
  'evidence.read': ['admin', 'committee', 'affairs', 'eval_office', 'secretary', 'inspector'],
  // Member points (SPEC §2). Entry transitions are decided by the points workflow's own role
  // table (domain/points/workflow.ts); these cover everything else.
  'points.scheme.read': ['admin', 'committee', 'affairs', 'eval_office', 'secretary', 'inspector', 'member'],
  'points.scheme.manage': ['affairs'],
  'points.scheme.adopt': ['committee'],
  'points.entry.read': ['admin', 'committee', 'affairs', 'secretary'],
  'points.entry.enter': ['secretary', 'affairs'],
  'points.review': ['affairs'],
  'points.quarter.close': ['affairs'],
  'points.quarter.publish': ['committee'],
  'points.results.read': ['committee', 'affairs'],
  'points.board.read': ['admin', 'committee', 'affairs', 'eval_office', 'secretary', 'inspector', 'member'],
  // Branch joint evaluation (SPEC §3). Plan and round steps are also checked against the
  // domain's own role tables (domain/branch-eval/plan.ts, round.ts).
  'branch_eval.read': ['admin', 'committee', 'affairs', 'eval_office', 'secretary'],
  'branch_eval.library.manage': ['affairs', 'eval_office'],
  'branch_eval.plan.manage': ['eval_office'],
  'branch_eval.plan.approve': ['committee'],
  'branch_eval.self': ['secretary'],
  'branch_eval.peer': ['secretary'],
  'branch_eval.verify': ['eval_office'],
  'branch_eval.month.approve': ['committee'],
  // The round's annual grade rule (年定级 floors): the committee that approves grades owns it.
  'branch_eval.grade_rule.manage': ['committee'],
  // Who rated whom: never shown to the rated branch's own users (see branch-eval anonymity).
  'branch_eval.raters.read': ['committee', 'eval_office'],
  'branch_eval.results.read': ['admin', 'committee', 'affairs', 'eval_office'],
  'branch_eval.board.read': [
    'admin',
    'committee',
    'affairs',
    'eval_office',
    'secretary',
    'inspector',
    'member',
  ],
  'branch_eval.integration.manage': ['admin'],
  // The 二十四节气 calendar (SPEC §4): the affairs department runs it, secretaries check in,
  // an admin corrects a term's instant.
  'terms.read': ['admin', 'committee', 'affairs', 'eval_office', 'secretary', 'inspector'],
  'terms.manage': ['affairs'],
  'terms.correct': ['admin'],
  'terms.checkin': ['secretary'],
  // Annual inspection: democratic evaluation and ledger spot-check (SPEC §5). The affairs
  // department runs both; inspectors enter paper tally sheets and score sampled ledgers.
  'inspection.ballots.manage': ['affairs'],
  'inspection.ballots.read': ['committee', 'affairs', 'inspector'],
  'inspection.ballots.paper': ['affairs', 'inspector'],
  'inspection.ledger.manage': ['affairs'],
  'inspection.ledger.score': ['affairs', 'inspector'],
  'inspection.ledger.read': ['committee', 'affairs', 'inspector'],
  // Annual inspection (SPEC §5). Campaign steps are also checked against the domain's own role
  // table (domain/inspection/workflow.ts). A unit's self-check is entered by the secretaries of
  // the branches linked to it (see modules/inspection/inspection.common.ts).
  'inspection.read': ['admin', 'committee', 'affairs', 'inspector'],
  'inspection.manage': ['affairs'],
  'inspection.review': ['committee'],
  'inspection.score': ['inspector'],
  'inspection.self': ['secretary'],
  'inspection.results.read': [
    'admin',
    'committee',
    'affairs',
    'eval_office',
    'secretary',
    'inspector',
    'member',
  ],
  // Party-building projects (SPEC §4). Lifecycle steps are also checked against the domain's own
  // actor table (domain/projects/lifecycle.ts): owner, committee, panel.
  'projects.read': ['admin', 'committee', 'affairs', 'eval_office', 'secretary', 'inspector'],
  'projects.run': ['secretary'],
  'projects.plan': ['committee'],
  'projects.comment': ['committee', 'affairs'],
  // The best-practice library is read by every user of the organisation.
  'projects.library.read': [
    'admin',
    'committee',
    'affairs',
    'eval_office',
    'secretary',
    'inspector',
    'member',
  ],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

/**
 * Who sees other members' deduction totals on a published points board whatever the scheme's
 * privacy setting (SPEC §2 "others' deductions show only as totals unless the scheme says
 * otherwise"): the officers who enter, review or decide entries — not inspectors, the evaluation
 * office or members.
 */
export const pointsDeductionViewerRoles: readonly Role[] = ['admin', 'committee', 'affairs', 'secretary'];

/**
 * Who reads an org's annual tiers (年度总评) once the committee has published them: every officer
 * role whose grant reaches the org (a secretary their branch). Members read only their own tier.
 */
export const publishedTierReaderRoles: readonly Role[] = [
  'admin',
  'committee',
  'affairs',
  'eval_office',
  'secretary',
  'inspector',
];

export interface Grant {
  role: Role;
  orgId: number;
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** The roles that carry a permission. */
export function rolesFor(permission: Permission): readonly Role[] {
  return permissions[permission];
}

/**
 * Whether grants allow `permission` on a node whose ancestors (the node itself included) are
 * `ancestorIds`: some grant of a role carrying the permission sits on one of those ancestors.
 */
export function allows(
  grants: readonly Grant[],
  permission: Permission,
  ancestorIds: readonly number[],
): boolean {
  const allowed = permissions[permission] as readonly Role[];
  const ancestors = new Set(ancestorIds);
  return grants.some((g) => allowed.includes(g.role) && ancestors.has(g.orgId));
}

/** The org nodes whose subtrees `permission` reaches: the scope roots for list queries. */
export function scopeRoots(grants: readonly Grant[], permission: Permission): number[] {
  const allowed = permissions[permission] as readonly Role[];
  return [...new Set(grants.filter((g) => allowed.includes(g.role)).map((g) => g.orgId))];
}

/** The roles a user holds at a node, given the node's ancestors (itself included). */
export function rolesAt(grants: readonly Grant[], ancestorIds: readonly number[]): Role[] {
  const ancestors = new Set(ancestorIds);
  return [...new Set(grants.filter((g) => ancestors.has(g.orgId)).map((g) => g.role))];
}

/** Whether any grant carries `permission` anywhere (used to show or hide a whole menu). */
export function hasPermissionAnywhere(grants: readonly Grant[], permission: Permission): boolean {
  return scopeRoots(grants, permission).length > 0;
}
