import { describe, expect, it } from 'vitest';
import {
  buildTree,
  filterTree,
  findNode,
  pathTo,
  subtreeIds,
  subtreeTotals,
  textMatcher,
  walk,
} from './tree.js';

const node = (id: number, parentId: number | null, name: string, sortOrder = 0, memberCount = 0) => ({
  id,
  parentId,
  name,
  code: `C${id}`,
  sortOrder,
  memberCount,
});

// 滨海党委 → 城区党委 → 一支部 (with a group), 二支部; 郊区党委 → 三支部
const flat = [
  node(5, 2, '第二党支部', 2, 7),
  node(1, null, '滨海党委'),
  node(2, 1, '城区党委', 1),
  node(3, 1, '郊区党委', 2),
  node(4, 2, '第一党支部', 1, 10),
  node(6, 3, '第三党支部', 0, 4),
  node(7, 4, '第一党小组', 0, 3),
];

describe('buildTree', () => {
  it('nests children under parents whatever the order of the list, sorted by sortOrder', () => {
    const roots = buildTree(flat);
    expect(roots.map((r) => r.item.id)).toEqual([1]);
    expect(roots[0]?.children.map((c) => c.item.name)).toEqual(['城区党委', '郊区党委']);
    expect(findNode(roots, 2)?.children.map((c) => c.item.name)).toEqual(['第一党支部', '第二党支部']);
  });

  it('makes a node whose parent is outside the list a root (a secretary sees only their branch)', () => {
    const roots = buildTree(flat.filter((n) => n.id === 4 || n.id === 7));
    expect(roots.map((r) => r.item.id)).toEqual([4]);
    expect(roots[0]?.children.map((c) => c.item.id)).toEqual([7]);
  });

  it('keeps every node exactly once', () => {
    const ids: number[] = [];
    walk(buildTree(flat), (n) => ids.push(n.item.id));
    expect(ids.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('breaks ties in sortOrder by code', () => {
    const roots = buildTree([
      node(1, null, 'r'),
      { ...node(3, 1, 'b'), code: 'B' },
      { ...node(2, 1, 'a'), code: 'A' },
    ]);
    expect(roots[0]?.children.map((c) => c.item.code)).toEqual(['A', 'B']);
  });
});

describe('subtreeTotals', () => {
  it('adds the members of all descendants to each node', () => {
    const totals = subtreeTotals(buildTree(flat));
    expect(totals.get(4)).toBe(13);
    expect(totals.get(2)).toBe(20);
    expect(totals.get(1)).toBe(24);
    expect(totals.get(7)).toBe(3);
  });
});

describe('filterTree', () => {
  it('keeps matches with the path to them, and lists the ancestors to expand', () => {
    const r = filterTree(buildTree(flat), textMatcher('小组'));
    expect([...r.matched]).toEqual([7]);
    expect(r.expand.sort()).toEqual([1, 2, 4]);
    expect(r.roots[0]?.children.map((c) => c.item.id)).toEqual([2]);
    expect(r.roots[0]?.children[0]?.children.map((c) => c.item.id)).toEqual([4]);
  });

  it('keeps the whole subtree below a matching node', () => {
    const r = filterTree(buildTree(flat), textMatcher('城区'));
    expect(findNode(r.roots, 2)?.children.map((c) => c.item.id)).toEqual([4, 5]);
  });

  it('matches codes case-insensitively and returns everything for an empty search', () => {
    expect([...filterTree(buildTree(flat), textMatcher('c6')).matched]).toEqual([6]);
    expect(filterTree(buildTree(flat), textMatcher('  ')).roots).toHaveLength(1);
  });

  it('returns no roots when nothing matches', () => {
    expect(filterTree(buildTree(flat), textMatcher('不存在')).roots).toEqual([]);
  });
});

describe('pathTo and subtreeIds', () => {
  it('gives the chain from the root for breadcrumbs', () => {
    expect(pathTo(flat, 7).map((n) => n.id)).toEqual([1, 2, 4, 7]);
    expect(pathTo(flat, 99)).toEqual([]);
  });

  it('lists a node and its descendants (targets a move must exclude)', () => {
    const two = findNode(buildTree(flat), 2);
    expect(two && [...subtreeIds(two)].sort()).toEqual([2, 4, 5, 7]);
  });
});
