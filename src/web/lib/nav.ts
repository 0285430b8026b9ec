import type { Role } from '../../domain/access/roles.js';
import type { MessageKey } from '../i18n/index.js';

/** The modules of the app that exist today; later modules add their keys here. */
export type NavKey = 'home' | 'orgs' | 'users' | 'import' | 'audit' | 'calendar' | 'me';

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
};

export const navOrder: readonly NavKey[] = ['home', 'orgs', 'users', 'import', 'audit', 'calendar', 'me'];

export const navPaths: Record<NavKey, string> = {
  home: '/',
  orgs: '/orgs',
  users: '/users',
  import: '/import',
  audit: '/audit',
  calendar: '/calendar',
  me: '/me',
};

export const navLabels: Record<NavKey, MessageKey> = {
  home: 'nav.home',
  orgs: 'nav.orgs',
  users: 'nav.users',
  import: 'nav.import',
  audit: 'nav.audit',
  calendar: 'nav.calendar',
  me: 'nav.me',
};

export function visibleNav(u: NavUser): NavKey[] {
  return navOrder.filter((k) => navRules[k](u));
}

/** The menu entry a location belongs to (a member's page sits under 组织与党员). */
export function navKeyOfPath(pathname: string): NavKey | undefined {
  if (pathname === '/' || pathname === '') return 'home';
  if (pathname.startsWith('/members/')) return 'orgs';
  return navOrder.find(
    (k) => k !== 'home' && (pathname === navPaths[k] || pathname.startsWith(`${navPaths[k]}/`)),
  );
}

export interface QuickLink {
  key: NavKey;
  to: string;
  /** Set when the link opens the org page on the grant's node. */
  orgId?: number;
}

const roleLinks: Record<Role, readonly NavKey[]> = {
  admin: ['orgs', 'users', 'import', 'audit', 'calendar'],
  committee: ['orgs'],
  affairs: ['orgs', 'import'],
  eval_office: ['orgs'],
  secretary: ['orgs'],
  inspector: ['orgs'],
  member: ['me'],
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
