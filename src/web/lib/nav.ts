import type { Role } from '../../domain/access/roles.js';
import type { MessageKey } from '../i18n/index.js';

/** The modules of the app that exist today; later modules add their keys here. */
export type NavKey =
  | 'home'
  | 'orgs'
  | 'users'
  | 'import'
  | 'audit'
  | 'calendar'
  | 'me'
  | 'myPoints'
  | 'pointsEntries'
  | 'pointsActivities'
  | 'pointsReview'
  | 'pointsBoard'
  | 'pointsQuarters'
  | 'pointsYear'
  | 'pointsAppeals'
  | 'pointsSchemes'
  | 'beMonth'
  | 'bePeer'
  | 'beVerify'
  | 'beApprove'
  | 'beRankings'
  | 'bePlans'
  | 'beLibrary'
  | 'beIntegration'
  | 'projects'
  | 'projectsPlan'
  | 'projectsLibrary'
  | 'termsCheckin'
  | 'termsCalendar'
  | 'termsMatrix'
  | 'inspCampaigns'
  | 'inspRectifications';

/** A titled group of entries in the menu (党员亮分); it shows when any of its entries does. */
export type NavGroupKey = 'points' | 'branchEval' | 'projects' | 'terms' | 'inspection';

export interface NavUser {
  permissions: readonly string[];
  memberId: number | null;
  grants: readonly { role: Role; orgId: number }[];
}

const has = (u: NavUser, p: string) => u.permissions.includes(p);

/**
 * Who sees which menu entry. The server enforces every call anyway; the menu only avoids
 * offering pages that would answer "forbidden".
 */
export const navRules: Record<NavKey, (u: NavUser) => boolean> = {
  home: () => true,
  orgs: (u) => has(u, 'org.read') || has(u, 'member.read'),
  users: (u) => has(u, 'user.read'),
  import: (u) => has(u, 'member.manage') || has(u, 'org.manage'),
  audit: (u) => has(u, 'audit.read'),
  calendar: (u) => has(u, 'calendar.manage'),
  me: (u) => u.memberId != null,
  myPoints: (u) => u.memberId != null,
  pointsEntries: (u) => has(u, 'points.entry.enter'),
  pointsActivities: (u) => has(u, 'points.entry.enter') || has(u, 'points.review'),
  // Affairs reviews entries; the committee approves adjustments (late corrections) in the same queue.
  pointsReview: (u) => has(u, 'points.review') || has(u, 'points.quarter.publish'),
  pointsBoard: (u) => has(u, 'points.board.read'),
  pointsQuarters: (u) => has(u, 'points.quarter.close') || has(u, 'points.quarter.publish'),
  // Tier results (and, once published, the branch's 奖惩 actions a secretary follows up).
  pointsYear: (u) => has(u, 'points.results.read') || has(u, 'points.entry.enter'),
  pointsAppeals: (u) => has(u, 'points.review') || has(u, 'points.quarter.publish'),
  pointsSchemes: (u) => has(u, 'points.scheme.manage') || has(u, 'points.scheme.adopt'),
  // 党支部联评联考: the branch's own monthly sheet (self-evaluation) and the peer scoring it owes.
  beMonth: (u) => has(u, 'branch_eval.self'),
  bePeer: (u) => has(u, 'branch_eval.peer'),
  // The office verifies; the committee approves and publishes the month.
  beVerify: (u) => has(u, 'branch_eval.verify'),
  // The office watches the month's progress there (read-only); the committee approves.
  beApprove: (u) => has(u, 'branch_eval.month.approve') || has(u, 'branch_eval.verify'),
  beRankings: (u) => has(u, 'branch_eval.board.read'),
  bePlans: (u) =>
    has(u, 'branch_eval.plan.manage') || has(u, 'branch_eval.plan.approve') || has(u, 'branch_eval.self'),
  beLibrary: (u) => has(u, 'branch_eval.library.manage'),
  beIntegration: (u) => has(u, 'branch_eval.integration.manage'),
  // 二十四节气月例表: secretaries check their branch's tasks in; officers read the calendar and matrix.
  termsCheckin: (u) => has(u, 'terms.checkin'),
  termsCalendar: (u) => has(u, 'terms.read'),
  termsMatrix: (u) => has(u, 'terms.read'),
  // 年度综合检查考核: organisers, the committee, the team, the units' secretaries, readers of results.
  inspCampaigns: (u) =>
    has(u, 'inspection.read') || has(u, 'inspection.self') || has(u, 'inspection.results.read'),
  inspRectifications: (u) => has(u, 'inspection.read') || has(u, 'inspection.self'),
  // 党建项目: the list for every officer role, the year plan for the committee, the library for all.
  projects: (u) => has(u, 'projects.read'),
  projectsPlan: (u) => has(u, 'projects.plan'),
  projectsLibrary: (u) => has(u, 'projects.library.read'),
};

/** The entries of each menu group, in menu order. */
export const navGroups: Record<NavGroupKey, readonly NavKey[]> = {
  points: [
    'myPoints',
    'pointsEntries',
    'pointsActivities',
    'pointsReview',
    'pointsBoard',
    'pointsQuarters',
    'pointsYear',
    'pointsAppeals',
    'pointsSchemes',
  ],
  branchEval: [
    'beMonth',
    'bePeer',
    'beVerify',
    'beApprove',
    'beRankings',
    'bePlans',
    'beLibrary',
    'beIntegration',
  ],
  terms: ['termsCheckin', 'termsCalendar', 'termsMatrix'],
  inspection: ['inspCampaigns', 'inspRectifications'],
  projects: ['projects', 'projectsPlan', 'projectsLibrary'],
};

export const navGroupLabels: Record<NavGroupKey, MessageKey> = {
  points: 'nav.points',
  branchEval: 'nav.branchEval',
  terms: 'nav.terms',
  inspection: 'nav.inspection',
  projects: 'nav.projectsGroup',
};

/** The menu's top level: single entries and groups, in order. */
const navLayout: readonly (NavKey | { group: NavGroupKey })[] = [
  'home',
  'orgs',
  { group: 'points' },
  { group: 'branchEval' },
  { group: 'projects' },
  { group: 'terms' },
  { group: 'inspection' },
  'users',
  'import',
  'audit',
  'calendar',
  'me',
];

export const navOrder: readonly NavKey[] = navLayout.flatMap((e) =>
  typeof e === 'string' ? [e] : navGroups[e.group],
);

export const navPaths: Record<NavKey, string> = {
  home: '/',
  orgs: '/orgs',
  users: '/users',
  import: '/import',
  audit: '/audit',
  calendar: '/calendar',
  me: '/me',
  myPoints: '/me/points',
  pointsEntries: '/points/entries',
  pointsActivities: '/points/activities',
  pointsReview: '/points/review',
  pointsBoard: '/points/board',
  pointsQuarters: '/points/quarters',
  pointsYear: '/points/year',
  pointsAppeals: '/points/appeals',
  pointsSchemes: '/points/schemes',
  beMonth: '/branch-eval/month',
  bePeer: '/branch-eval/peer',
  beVerify: '/branch-eval/verify',
  beApprove: '/branch-eval/approve',
  beRankings: '/branch-eval/rankings',
  bePlans: '/branch-eval/plans',
  beLibrary: '/branch-eval/library',
  beIntegration: '/branch-eval/integration',
  termsCheckin: '/terms/checkin',
  termsCalendar: '/terms/calendar',
  termsMatrix: '/terms/matrix',
  inspCampaigns: '/inspection',
  inspRectifications: '/inspection/rectifications',
  projects: '/projects',
  projectsPlan: '/projects/plan',
  projectsLibrary: '/projects/library',
};

export const navLabels: Record<NavKey, MessageKey> = {
  home: 'nav.home',
  orgs: 'nav.orgs',
  users: 'nav.users',
  import: 'nav.import',
  audit: 'nav.audit',
  calendar: 'nav.calendar',
  me: 'nav.me',
  myPoints: 'nav.myPoints',
  pointsEntries: 'nav.pointsEntries',
  pointsActivities: 'nav.pointsActivities',
  pointsReview: 'nav.pointsReview',
  pointsBoard: 'nav.pointsBoard',
  pointsQuarters: 'nav.pointsQuarters',
  pointsYear: 'nav.pointsYear',
  pointsAppeals: 'nav.pointsAppeals',
  pointsSchemes: 'nav.pointsSchemes',
  beMonth: 'nav.beMonth',
  bePeer: 'nav.bePeer',
  beVerify: 'nav.beVerify',
  beApprove: 'nav.beApprove',
  beRankings: 'nav.beRankings',
  bePlans: 'nav.bePlans',
  beLibrary: 'nav.beLibrary',
  beIntegration: 'nav.beIntegration',
  termsCheckin: 'nav.termsCheckin',
  termsCalendar: 'nav.termsCalendar',
  termsMatrix: 'nav.termsMatrix',
  inspCampaigns: 'nav.inspCampaigns',
  inspRectifications: 'nav.inspRectifications',
  projects: 'nav.projects',
  projectsPlan: 'nav.projectsPlan',
  projectsLibrary: 'nav.projectsLibrary',
};

export function visibleNav(u: NavUser): NavKey[] {
  return navOrder.filter((k) => navRules[k](u));
}

export type NavNode = { kind: 'item'; key: NavKey } | { kind: 'group'; key: NavGroupKey; children: NavKey[] };

/** The menu as the user sees it: entries they may open, and groups with at least one of them. */
export function visibleNavTree(u: NavUser): NavNode[] {
  return navLayout.flatMap((e): NavNode[] => {
    if (typeof e === 'string') return navRules[e](u) ? [{ kind: 'item', key: e }] : [];
    const children = navGroups[e.group].filter((k) => navRules[k](u));
    return children.length > 0 ? [{ kind: 'group', key: e.group, children }] : [];
  });
}

/** The group a menu entry sits in, if any. */
export function navGroupOf(key: NavKey): NavGroupKey | undefined {
  return (Object.keys(navGroups) as NavGroupKey[]).find((g) => navGroups[g].includes(key));
}

/**
 * The menu entry a location belongs to (a member's page sits under 组织与党员). The longest
 * matching path wins, so /me/points is 我的积分 rather than 我的信息.
 */
export function navKeyOfPath(pathname: string): NavKey | undefined {
  if (pathname === '/' || pathname === '') return 'home';
  if (pathname.startsWith('/members/')) return 'orgs';
  let best: NavKey | undefined;
  for (const k of navOrder) {
    const p = navPaths[k];
    if (k === 'home' || !(pathname === p || pathname.startsWith(`${p}/`))) continue;
    if (!best || p.length > navPaths[best].length) best = k;
  }
  return best;
}

export interface QuickLink {
  key: NavKey;
  to: string;
  /** Set when the link opens the org page on the grant's node. */
  orgId?: number;
}

const roleLinks: Record<Role, readonly NavKey[]> = {
  admin: ['orgs', 'users', 'import', 'audit', 'calendar', 'beIntegration'],
  committee: [
    'orgs',
    'pointsReview',
    'pointsQuarters',
    'pointsBoard',
    'pointsYear',
    'pointsSchemes',
    'beApprove',
    'beRankings',
    'bePlans',
    'termsMatrix',
  ],
  affairs: [
    'orgs',
    'import',
    'pointsReview',
    'pointsQuarters',
    'pointsBoard',
    'pointsYear',
    'pointsSchemes',
    'beRankings',
    'beLibrary',
    'termsCalendar',
    'termsMatrix',
  ],
  eval_office: ['orgs', 'beVerify', 'beApprove', 'bePlans', 'beLibrary', 'beRankings'],
  secretary: ['orgs', 'pointsEntries', 'pointsBoard', 'beMonth', 'bePeer', 'beRankings', 'termsCheckin'],
  inspector: ['orgs', 'beRankings'],
  member: ['me', 'myPoints', 'beRankings'],
};

/**
 * Shortcuts for one grant on the home page: the pages that role works in, opened on the
 * grant's own node where that makes sense (a secretary lands on their branch).
 */
export function quickLinksFor(u: NavUser, role: Role, orgId: number): QuickLink[] {
  return roleLinks[role]
    .filter((k) => navRules[k](u))
    .map((k) => (k === 'orgs' ? { key: k, to: `/orgs?org=${orgId}`, orgId } : { key: k, to: navPaths[k] }));
}

/**
 * Where to go after login: only a path of this site, so a crafted `?next=` link cannot send
 * the user to another site (`//evil.example`) or loop back to the login page.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next === '/login' || next.startsWith('/login?') || next.startsWith('/login/')) return '/';
  return next;
}
