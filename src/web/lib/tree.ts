/**
 * Display-side helpers for the org trees. The server returns each tree as a flat list with
 * `parentId`; the client builds, counts, filters and walks it here so the logic can be tested
 * without a browser.
 */

export interface FlatNode {
  id: number;
  parentId: number | null;
  sortOrder: number;
  code: string;
  name: string;
}

export interface TreeNode<T extends FlatNode> {
  item: T;
  children: TreeNode<T>[];
}

const byOrder = <T extends FlatNode>(a: TreeNode<T>, b: TreeNode<T>) =>
  a.item.sortOrder - b.item.sortOrder || a.item.code.localeCompare(b.item.code);

/**
 * Builds the forest from a flat list. A node whose parent is not in the list becomes a root:
 * a secretary sees only the subtree of their branch, whose parent lies outside their scope.
 */
export function buildTree<T extends FlatNode>(items: readonly T[]): TreeNode<T>[] {
  const nodes = new Map<number, TreeNode<T>>();
  for (const item of items) nodes.set(item.id, { item, children: [] });
  const roots: TreeNode<T>[] = [];
  for (const node of nodes.values()) {
    const parent = node.item.parentId == null ? undefined : nodes.get(node.item.parentId);
    // A cycle cannot come from the server, but a self-parent must not hide the node.
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const sortDeep = (list: TreeNode<T>[]) => {
    list.sort(byOrder);
    for (const n of list) sortDeep(n.children);
  };
  sortDeep(roots);
  return roots;
}

/** Visits every node depth-first, parents before children. */
export function walk<T extends FlatNode>(
  roots: readonly TreeNode<T>[],
  visit: (node: TreeNode<T>, depth: number) => void,
) {
  const go = (list: readonly TreeNode<T>[], depth: number) => {
    for (const n of list) {
      visit(n, depth);
      go(n.children, depth + 1);
    }
  };
  go(roots, 0);
}

/** Members in each node's whole subtree (the server counts each node's own members only). */
export function subtreeTotals<T extends FlatNode & { memberCount: number }>(
  roots: readonly TreeNode<T>[],
): Map<number, number> {
  const totals = new Map<number, number>();
  const sum = (n: TreeNode<T>): number => {
    let total = n.item.memberCount;
    for (const c of n.children) total += sum(c);
    totals.set(n.item.id, total);
    return total;
  };
  for (const r of roots) sum(r);
  return totals;
}

export interface FilterResult<T extends FlatNode> {
  roots: TreeNode<T>[];
  /** Ids of nodes that matched themselves (not merely kept as ancestors). */
  matched: Set<number>;
  /** Ids of ancestors kept to show the matches: expand these. */
  expand: number[];
}

/**
 * Keeps the nodes that match and the path from a root down to each of them. Below a matching
 * node the whole subtree stays, so searching "运检" shows the department with its branches.
 */
export function filterTree<T extends FlatNode>(
  roots: readonly TreeNode<T>[],
  matches: (item: T) => boolean,
): FilterResult<T> {
  const matched = new Set<number>();
  const expand: number[] = [];
  const keep = (n: TreeNode<T>): TreeNode<T> | null => {
    if (matches(n.item)) {
      matched.add(n.item.id);
      return n;
    }
    const kids = n.children.map(keep).filter((c): c is TreeNode<T> => c !== null);
    if (kids.length === 0) return null;
    expand.push(n.item.id);
    return { item: n.item, children: kids };
  };
  const kept = roots.map(keep).filter((c): c is TreeNode<T> => c !== null);
  return { roots: kept, matched, expand };
}

/** Case-insensitive match of a search text against a node's name or code. */
export function textMatcher(text: string): (item: FlatNode) => boolean {
  const q = text.trim().toLowerCase();
  if (!q) return () => true;
  return (item) => item.name.toLowerCase().includes(q) || item.code.toLowerCase().includes(q);
}

/** The ids of a node and everything below it. */
export function subtreeIds<T extends FlatNode>(node: TreeNode<T>): Set<number> {
  const ids = new Set<number>();
  walk([node], (n) => ids.add(n.item.id));
  return ids;
}

/** Finds a node by id. */
export function findNode<T extends FlatNode>(
  roots: readonly TreeNode<T>[],
  id: number,
): TreeNode<T> | undefined {
  let found: TreeNode<T> | undefined;
  walk(roots, (n) => {
    if (!found && n.item.id === id) found = n;
  });
  return found;
}

/** The chain of items from the root down to `id` (both included), for breadcrumbs; empty if unknown. */
export function pathTo<T extends FlatNode>(items: readonly T[], id: number): T[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const path: T[] = [];
  const seen = new Set<number>();
  let cur = byId.get(id);
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    path.unshift(cur);
    cur = cur.parentId == null ? undefined : byId.get(cur.parentId);
  }
  return path;
}
