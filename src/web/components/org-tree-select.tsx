import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import type { OrgNode } from '../../contracts/org.js';
import type { Tree } from '../../domain/org/tree.js';
import { useOrgs } from '../features/org/api.js';
import { useI18n } from '../i18n/index.js';
import { buildTree, type TreeNode } from '../lib/tree.js';

interface Props {
  tree: Tree;
  value?: number | null;
  onChange?: (value: number | null) => void;
  /** Which nodes may be picked; others show but are disabled (they still give context). */
  selectable?: (org: OrgNode) => boolean;
  placeholder?: string;
  id?: string;
  allowClear?: boolean;
  'aria-label'?: string;
}

interface Option {
  value: number;
  title: string;
  disabled: boolean;
  children: Option[];
}

/** Picks one node of an org tree, with search by name or code. */
export function OrgTreeSelect({
  tree,
  value,
  onChange,
  selectable,
  placeholder,
  allowClear,
  ...rest
}: Props) {
  const { t, kindLabel } = useI18n();
  const orgs = useOrgs(tree);
  const data = useMemo(() => {
    const toOption = (n: TreeNode<OrgNode>): Option => ({
      value: n.item.id,
      title: t('common.nameWithNote', { name: n.item.name, note: kindLabel(n.item.kind) }),
      disabled: selectable ? !selectable(n.item) : false,
      children: n.children.map(toOption),
    });
    return buildTree(orgs.data ?? []).map(toOption);
  }, [orgs.data, selectable, kindLabel, t]);
  // Open the top two levels (the bureau and its county committees): enough to find any branch
  // by sight in a 300-branch tree without unfolding everything.
  const defaultOpen = useMemo(
    () => data.flatMap((r) => [r.value, ...r.children.map((c) => c.value)]),
    [data],
  );

  // Never the raw id ("127"): while the tree loads, or for an org the tree does not hold, the
  // field shows why it is empty instead.
  const known = value != null && (orgs.data ?? []).some((o) => o.id === value);
  const shownPlaceholder =
    value != null && !known ? (orgs.isLoading ? t('common.loading') : t('loops.org.unknown')) : placeholder;

  return (
    <TreeSelect<number>
      {...rest}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeData={data}
      value={known ? (value ?? undefined) : undefined}
      onChange={(v) => onChange?.(v ?? null)}
      placeholder={shownPlaceholder}
      allowClear={allowClear}
      loading={orgs.isLoading}
      treeDefaultExpandAll={(orgs.data?.length ?? 0) < 60}
      treeDefaultExpandedKeys={defaultOpen}
      styles={{ popup: { root: { maxHeight: 400, overflow: 'auto' } } }}
      style={{ width: '100%' }}
    />
  );
}
