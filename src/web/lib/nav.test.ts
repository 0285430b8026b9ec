import { describe, expect, it } from 'vitest';
import { canAt, partyRoots } from './access.js';
import { navGroupOf, navKeyOfPath, quickLinksFor, safeNext, visibleNav, visibleNavTree } from './nav.js';
import { generatePassword } from './password.js';

const admin = {
  permissions: [
    'org.read',
    'org.manage',
    'member.read',
    'member.manage',
    'user.read',
    'user.manage',
    'audit.read',
    'calendar.manage',
  ],
  memberId: null,
  grants: [{ role: 'admin' as const, orgId: 1 }],
};
const secretary = {
  permissions: ['org.read', 'member.read'],
  memberId: 42,
  grants: [{ role: 'secretary' as const, orgId: 4 }],
};
const member = {
  permissions: ['evidence.upload'],
  memberId: 7,
  grants: [{ role: 'member' as const, orgId: 4 }],
};

describe('visibleNav', () => {
  it('shows an admin every module but "my record" when not linked to a member', () => {
    expect(visibleNav(admin)).toEqual(['home', 'orgs', 'users', 'import', 'audit', 'calendar']);
  });

  it('shows a secretary the org page, their own points and record', () => {
    expect(visibleNav(secretary)).toEqual(['home', 'orgs', 'myPoints', 'me']);
  });

  it('shows a member only home, their points and their record', () => {
    expect(visibleNav(member)).toEqual(['home', 'myPoints', 'me']);
  });
});

describe('visibleNavTree', () => {
  const pointsMember = {
    ...member,
    permissions: ['evidence.upload', 'points.scheme.read', 'points.board.read'],
  };
  const affairs = {
    permissions: [
      'org.read',
      'member.read',
      'points.scheme.read',
      'points.scheme.manage',
      'points.entry.read',
      'points.entry.enter',
      'points.review',
      'points.quarter.close',
      'points.results.read',
      'points.board.read',
    ],
    memberId: null,
    grants: [{ role: 'affairs' as const, orgId: 1 }],
  };
  const committee = {
    permissions: [
      'org.read',
      'points.scheme.read',
      'points.scheme.adopt',
      'points.entry.read',
      'points.quarter.publish',
      'points.results.read',
      'points.board.read',
    ],
    memberId: null,
    grants: [{ role: 'committee' as const, orgId: 1 }],
  };
  const secretaryWithPoints = {
    ...secretary,
    permissions: [
      'org.read',
      'member.read',
      'points.scheme.read',
      'points.entry.read',
      'points.entry.enter',
      'points.board.read',
    ],
  };

  it('groups the member-points pages under one entry, per permission', () => {
    expect(visibleNavTree(pointsMember)).toEqual([
      { kind: 'item', key: 'home' },
      { kind: 'group', key: 'points', children: ['myPoints', 'pointsBoard'] },
      { kind: 'item', key: 'me' },
    ]);
    const group = (u: Parameters<typeof visibleNavTree>[0]) =>
      visibleNavTree(u).find((n) => n.kind === 'group');
    expect(group(affairs)).toEqual({
      kind: 'group',
      key: 'points',
      children: [
        'pointsEntries',
        'pointsActivities',
        'pointsReview',
        'pointsBoard',
        'pointsQuarters',
        'pointsYear',
        'pointsAppeals',
        'pointsSchemes',
      ],
    });
    expect(group(committee)?.kind === 'group' && group(committee)).toMatchObject({
      children: [
        'pointsReview',
        'pointsBoard',
        'pointsQuarters',
        'pointsYear',
        'pointsAppeals',
        'pointsSchemes',
      ],
    });
    expect(visibleNavTree(secretaryWithPoints).find((n) => n.kind === 'group')).toEqual({
      kind: 'group',
      key: 'points',
      children: ['myPoints', 'pointsEntries', 'pointsActivities', 'pointsBoard', 'pointsYear'],
    });
  });

  it('leaves out a group with nothing to show', () => {
    expect(visibleNavTree(admin).some((n) => n.kind === 'group')).toBe(false);
  });
});

describe('navKeyOfPath', () => {
  it('maps pages to their menu entry', () => {
    expect(navKeyOfPath('/')).toBe('home');
    expect(navKeyOfPath('/orgs')).toBe('orgs');
    expect(navKeyOfPath('/members/12')).toBe('orgs');
    expect(navKeyOfPath('/calendar')).toBe('calendar');
    expect(navKeyOfPath('/password')).toBeUndefined();
  });

  it('prefers the longest matching path', () => {
    expect(navKeyOfPath('/me')).toBe('me');
    expect(navKeyOfPath('/me/points')).toBe('myPoints');
    expect(navKeyOfPath('/points/schemes/12')).toBe('pointsSchemes');
    expect(navGroupOf('pointsBoard')).toBe('points');
    expect(navGroupOf('orgs')).toBeUndefined();
  });
});

describe('quickLinksFor', () => {
  it('takes a secretary and the office straight to their part of the joint evaluation', () => {
    const sec = {
      ...secretary,
      permissions: [
        ...secretary.permissions,
        'branch_eval.self',
        'branch_eval.peer',
        'branch_eval.board.read',
      ],
    };
    expect(quickLinksFor(sec, 'secretary', 4).map((l) => l.key)).toEqual([
      'orgs',
      'beMonth',
      'bePeer',
      'beRankings',
    ]);
    const office = {
      permissions: [
        'org.read',
        'branch_eval.read',
        'branch_eval.verify',
        'branch_eval.plan.manage',
        'branch_eval.board.read',
      ],
      memberId: null,
      grants: [{ role: 'eval_office' as const, orgId: 1 }],
    };
    expect(quickLinksFor(office, 'eval_office', 1).map((l) => l.key)).toEqual([
      'orgs',
      'beVerify',
      'beApprove',
      'bePlans',
      'beRankings',
    ]);
  });

  it("opens the org page on the secretary's own branch", () => {
    expect(quickLinksFor(secretary, 'secretary', 4)).toEqual([{ key: 'orgs', to: '/orgs?org=4', orgId: 4 }]);
  });

  it('offers only pages the user may open', () => {
    expect(quickLinksFor(member, 'member', 4)).toEqual([
      { key: 'me', to: '/me' },
      { key: 'myPoints', to: '/me/points' },
    ]);
    expect(quickLinksFor({ ...member, memberId: null }, 'member', 4)).toEqual([]);
    expect(quickLinksFor(admin, 'admin', 1).map((l) => l.key)).toEqual([
      'orgs',
      'users',
      'import',
      'audit',
      'calendar',
    ]);
  });
});

describe('safeNext', () => {
  it('follows only paths of this site', () => {
    expect(safeNext('/orgs?org=4')).toBe('/orgs?org=4');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/login?next=/x')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});

describe('canAt', () => {
  const orgs = [
    { id: 1, parentId: null, sortOrder: 0, code: 'R', name: 'root', tree: 'party' as const },
    { id: 2, parentId: 1, sortOrder: 0, code: 'A', name: 'A', tree: 'party' as const },
    { id: 4, parentId: 2, sortOrder: 0, code: 'B', name: 'B', tree: 'party' as const },
    { id: 9, parentId: 2, sortOrder: 0, code: 'C', name: 'C', tree: 'party' as const },
    { id: 50, parentId: null, sortOrder: 0, code: 'U', name: 'unit', tree: 'unit' as const },
  ];
  const roots = partyRoots(orgs);

  it('reaches the subtree of the grant and nothing above or beside it', () => {
    const g = [{ role: 'affairs' as const, orgId: 2 }];
    expect(canAt(g, 'member.manage', 4, orgs, roots)).toBe(true);
    expect(canAt(g, 'member.manage', 2, orgs, roots)).toBe(true);
    expect(canAt(g, 'member.manage', 1, orgs, roots)).toBe(false);
    expect(canAt([{ role: 'affairs', orgId: 4 }], 'member.manage', 9, orgs, roots)).toBe(false);
  });

  it('needs a role that carries the permission (a secretary does not manage members)', () => {
    expect(canAt([{ role: 'secretary', orgId: 4 }], 'member.manage', 4, orgs, roots)).toBe(false);
    expect(canAt([{ role: 'secretary', orgId: 4 }], 'member.read', 4, orgs, roots)).toBe(true);
  });

  it('lets a grant at the party root reach the administrative units', () => {
    expect(roots).toEqual([1]);
    expect(canAt([{ role: 'admin', orgId: 1 }], 'org.manage', 50, orgs, roots)).toBe(true);
    expect(canAt([{ role: 'admin', orgId: 2 }], 'org.manage', 50, orgs, roots)).toBe(false);
  });

  it('refuses an unknown node', () => {
    expect(canAt([{ role: 'admin', orgId: 1 }], 'org.manage', 999, orgs, roots)).toBe(false);
  });
});

describe('generatePassword', () => {
  it('meets the policy, avoids look-alike characters and has the asked length', () => {
    let i = 0;
    // A sequence that first yields only letters, to prove the generator retries until a digit appears.
    const seq = (n: number) => (i++ < 12 ? 0 : (i * 7) % n);
    const pw = generatePassword(seq);
    expect(pw).toHaveLength(12);
    expect(pw).toMatch(/[A-Za-z]/);
    expect(pw).toMatch(/\d/);
    expect(pw).not.toMatch(/[0O1lI]/);
  });
});
