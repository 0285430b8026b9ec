/**
 * Rules of the two org trees (SPEC §1). Party tree: committee → general_branch → branch →
 * group; administrative units: department / grassroots unit → work area → team.
 */
export const partyKinds = ['committee', 'general_branch', 'branch', 'group'] as const;
export const unitKinds = ['department', 'grassroots', 'work_area', 'team'] as const;
export type PartyKind = (typeof partyKinds)[number];
export type UnitKind = (typeof unitKinds)[number];
export type OrgKind = PartyKind | UnitKind;
export type Tree = 'party' | 'unit';

export const kindLabels: Record<OrgKind, { zh: string; en: string }> = {
  committee: { zh: '党委', en: 'Party committee' },
  general_branch: { zh: '党总支', en: 'General branch' },
  branch: { zh: '党支部', en: 'Branch' },
  group: { zh: '党小组', en: 'Party group' },
  department: { zh: '部门', en: 'Department' },
  grassroots: { zh: '基层单位', en: 'Grassroots unit' },
  work_area: { zh: '工区', en: 'Work area' },
  team: { zh: '班组', en: 'Team' },
};

export function treeOfKind(kind: OrgKind): Tree {
  return (partyKinds as readonly string[]).includes(kind) ? 'party' : 'unit';
}

/** Which kinds may sit directly under which; `null` is the root. */
const allowedParents: Record<OrgKind, readonly (OrgKind | null)[]> = {
  committee: [null, 'committee'],
  general_branch: ['committee'],
  branch: ['committee', 'general_branch'],
  group: ['branch'],
  department: [null, 'department', 'grassroots'],
  grassroots: [null, 'department', 'grassroots'],
  work_area: ['department', 'grassroots'],
  team: ['department', 'grassroots', 'work_area'],
};

export function canSitUnder(kind: OrgKind, parentKind: OrgKind | null): boolean {
  return allowedParents[kind].includes(parentKind);
}

/** Members are kept in branches (and the party groups inside them). */
export function canHoldMembers(kind: OrgKind): boolean {
  return kind === 'branch' || kind === 'group';
}

/** A node cannot move under itself or its own descendant: `targetAncestors` includes the target. */
export function isMoveIntoOwnSubtree(nodeId: number, targetAncestorIds: readonly number[]): boolean {
  return targetAncestorIds.includes(nodeId);
}
