import { Empty, Input, Skeleton, Tree, type TreeDataNode } from 'antd';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import type { OrgNode } from '../../../contracts/org.js';
import { ErrorAlert } from '../../components/feedback.js';
import { LabeledSwitch } from '../../components/labeled-switch.js';
import { OrgKindTag } from '../../components/tags.js';
import { useI18n } from '../../i18n/index.js';
import { buildTree, filterTree, pathTo, subtreeTotals, type TreeNode, textMatcher } from '../../lib/tree.js';

interface Props {
  orgs: OrgNode[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  selectedId: number | null;
  onSelect: (id: number) => void;
  showInactive: boolean;
  onShowInactiveChange: (v: boolean) => void;
  /** Pixel height of the scrolling tree (the tree is virtual, so 300 branches stay fast). */
  height: number;
  /** Whether member counts mean anything for this tree (they do for the party tree). */
  showCounts: boolean;
}

/** Splits a name around the search text so the match can be highlighted. */
function highlight(name: string, q: string): ReactNode {
  const i = q ? name.toLowerCase().indexOf(q.toLowerCase()) : -1;
  if (i < 0) return name;
  return (
    <>
      {name.slice(0, i)}
      <mark className="kh-tree-match" style={{ background: 'none', padding: 0 }}>
        {name.slice(i, i + q.length)}
      </mark>
      {name.slice(i + q.length)}
    </>
  );
}

/** The org tree with search, the deactivated-nodes switch, kind tags and member counts. */
export function OrgTreePanel(props: Props) {
  const { orgs, selectedId, onSelect, showInactive, onShowInactiveChange, height, showCounts } = props;
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<number[]>([]);

  const roots = useMemo(() => buildTree(orgs ?? []), [orgs]);
  const totals = useMemo(() => subtreeTotals(roots), [roots]);
  const filtered = useMemo(() => filterTree(roots, textMatcher(search)), [roots, search]);

  // Open the first two levels on load, and the path to the selected node (e.g. from a link).
  useEffect(() => {
    if (!orgs) return;
    const open = new Set<number>();
    for (const r of roots) {
      open.add(r.item.id);
      if (roots.length === 1) for (const c of r.children) open.add(c.item.id);
    }
    if (selectedId != null) for (const o of pathTo(orgs, selectedId).slice(0, -1)) open.add(o.id);
    setExpanded((prev) => [...new Set([...prev, ...open])]);
  }, [orgs, roots, selectedId]);

  const q = search.trim();
  // A search opens the paths to its matches; the user can still fold them by hand.
  useEffect(() => {
    if (q) setExpanded(filtered.expand);
  }, [q, filtered]);

  const treeData = useMemo(() => {
    const toData = (n: TreeNode<OrgNode>): TreeDataNode => {
      const o = n.item;
      const total = totals.get(o.id) ?? 0;
      return {
        key: o.id,
        title: (
          <span className="kh-tree-title">
            <span className={o.activeTo ? 'kh-tree-name kh-tree-inactive' : 'kh-tree-name'} title={o.name}>
              {highlight(o.name, q)}
            </span>
            <OrgKindTag kind={o.kind} />
            {showCounts && total > 0 ? (
              <span className="kh-tree-count">{t('org.memberCount', { count: total })}</span>
            ) : null}
            {o.activeTo ? <span className="kh-tree-count">{t('org.inactive')}</span> : null}
          </span>
        ),
        children: n.children.map(toData),
      };
    };
    return filtered.roots.map(toData);
  }, [filtered, totals, q, t, showCounts]);

  return (
    <div>
      <Input.Search
        placeholder={t('org.searchPlaceholder')}
        aria-label={t('org.search')}
        allowClear
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        style={{ marginBottom: 8 }}
      />
      <div style={{ marginBottom: 8 }}>
        <LabeledSwitch checked={showInactive} onChange={onShowInactiveChange} label={t('org.showInactive')} />
      </div>
      <ErrorAlert error={props.error} onRetry={props.onRetry} />
      {props.loading ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : treeData.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={q ? t('org.noMatch') : t('org.empty')} />
      ) : (
        <Tree
          className="kh-org-tree"
          aria-label={t('org.treeLabel')}
          treeData={treeData}
          height={height}
          blockNode
          showLine={{ showLeafIcon: false }}
          expandedKeys={expanded}
          onExpand={(keys) => setExpanded(keys.map(Number))}
          selectedKeys={selectedId != null ? [selectedId] : []}
          onSelect={(keys) => {
            const k = keys[0];
            if (k !== undefined) onSelect(Number(k));
          }}
        />
      )}
    </div>
  );
}
