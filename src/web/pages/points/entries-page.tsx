import { Alert, Button, Card, Empty, Select, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { entryStates } from '../../../domain/points/workflow.js';
import { useMe } from '../../auth/session.js';
import { ErrorAlert, PageSpinner } from '../../components/feedback.js';
import { OrgTreeSelect } from '../../components/org-tree-select.js';
import { PageTitle } from '../../components/page-title.js';
import {
  type EntryAction,
  type EntryFilters,
  type EntryView,
  useEntries,
} from '../../features/points/api.js';
import { useEntryActions } from '../../features/points/components/entry-actions.js';
import { EntryDrawer } from '../../features/points/components/entry-drawer.js';
import { ActivityForm, SingleEntryForm } from '../../features/points/components/entry-forms.js';
import { EntryTable } from '../../features/points/components/entry-table.js';
import { SchemeSelect, useSchemeSelection } from '../../features/points/components/scheme-picker.js';
import { SheetImport } from '../../features/points/components/sheet-import.js';
import { usePointsLabels } from '../../features/points/labels.js';
import { useI18n } from '../../i18n/index.js';
import { quartersOfYear } from '../../lib/points.js';

const num = (s: string | null) => {
  const n = Number(s);
  return s && Number.isInteger(n) && n > 0 ? n : null;
};

/** The actions every selected entry allows: what a bulk button may offer. */
function commonActions(entries: readonly EntryView[]): EntryAction[] {
  if (entries.length === 0) return [];
  return (entries[0]?.actions ?? []).filter((a) => entries.every((e) => e.actions.includes(a)));
}

function BranchEntries({ schemeId, year, branchId }: { schemeId: number; year: number; branchId: number }) {
  const { t } = useI18n();
  const labels = usePointsLabels();
  const [params, setParams] = useSearchParams();
  const state = entryStates.find((s) => s === params.get('state'));
  const quarter = quartersOfYear(year).find((q) => q === params.get('quarter'));
  const page = num(params.get('page')) ?? 1;
  const [pageSize, setPageSize] = useState(20);
  const [selected, setSelected] = useState<number[]>([]);
  const [open, setOpen] = useState<number | null>(null);
  const filters: EntryFilters = { schemeId, orgId: branchId, state, quarter };
  const entries = useEntries(filters, page, pageSize);
  const { run, dialog } = useEntryActions(() => setSelected([]));
  const rows = entries.data?.items ?? [];
  const chosen = rows.filter((e) => selected.includes(e.id));
  const bulk = commonActions(chosen);

  const update = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
    setSelected([]);
  };

  return (
    <>
      <div className="kh-toolbar">
        <Select
          aria-label={t('points.entry.state')}
          value={state ?? 'all'}
          onChange={(v) => update({ state: v === 'all' ? null : v })}
          style={{ width: 150 }}
          options={[
            { value: 'all', label: t('points.entry.allStates') },
            ...entryStates.map((s) => ({ value: s, label: labels.entryState(s) })),
          ]}
        />
        <Select
          aria-label={t('points.quarter.label')}
          value={quarter ?? 'all'}
          onChange={(v) => update({ quarter: v === 'all' ? null : v })}
          style={{ width: 130 }}
          options={[
            { value: 'all', label: t('points.quarter.all') },
            ...quartersOfYear(year).map((q) => ({ value: q, label: q })),
          ]}
        />
        <div className="kh-toolbar-spacer" />
        {chosen.length > 0 ? (
          <Space wrap>
            <Typography.Text>{t('points.review.selected', { n: chosen.length })}</Typography.Text>
            {bulk.length === 0 ? (
              <Typography.Text type="secondary">{t('points.entry.noCommonAction')}</Typography.Text>
            ) : null}
            {bulk.map((a) => (
              <Button
                key={a}
                type={a === 'submit' || a === 'confirm' ? 'primary' : 'default'}
                danger={a === 'discard'}
                onClick={() => run(a, chosen)}
              >
                {t('points.action.bulk', { action: labels.entryAction(a), n: chosen.length })}
              </Button>
            ))}
          </Space>
        ) : null}
      </div>
      {state === 'declared' ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('points.entry.declaredHint')} />
      ) : null}
      <ErrorAlert error={entries.error} onRetry={() => void entries.refetch()} />
      <EntryTable
        entries={rows}
        columns={['date', 'member', 'item', 'points', 'state', 'evidence', 'actions']}
        run={run}
        onOpen={setOpen}
        loading={entries.isFetching}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys as number[]),
          getCheckboxProps: (e) => ({
            disabled: e.actions.length === 0,
            'aria-label': t('points.entry.selectNamed', { name: e.memberName, item: e.itemName }),
          }),
        }}
        pagination={{
          current: page,
          pageSize,
          total: entries.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, s) => {
            setPageSize(s);
            update({ page: p > 1 ? String(p) : null });
          },
        }}
      />
      <EntryDrawer entryId={open} onClose={() => setOpen(null)} run={run} />
      {dialog}
    </>
  );
}

/**
 * 积分录入: the branch secretary records points — one entry, one activity for many members,
 * or an Excel sheet — and works the branch's entries: submit drafts, fix returned ones,
 * confirm or return members' declarations.
 */
export function EntriesPage() {
  const me = useMe();
  const { t } = useI18n();
  const sel = useSchemeSelection();
  const [params, setParams] = useSearchParams();
  const myBranches = me.grants.filter((g) => g.role === 'secretary').map((g) => g.orgId);
  const branchId = num(params.get('branch')) ?? myBranches[0] ?? null;
  const tab = params.get('tab') ?? 'list';
  const setParam = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const scheme = sel.detail.data;
  const adopted = scheme?.current != null;

  return (
    <>
      <PageTitle>{t('nav.pointsEntries')}</PageTitle>
      <Card>
        <div className="kh-toolbar">
          <SchemeSelect schemes={sel.schemes.data ?? []} value={sel.scheme?.id} onChange={sel.setScheme} />
          <div style={{ minWidth: 260 }}>
            <OrgTreeSelect
              tree="party"
              aria-label={t('points.entry.branch')}
              placeholder={t('member.pickBranch')}
              value={branchId}
              onChange={(v) => setParam('branch', v ? String(v) : null)}
              selectable={(o) => o.kind === 'branch'}
            />
          </div>
        </div>
        <ErrorAlert error={sel.schemes.error ?? sel.detail.error} />
        {sel.schemes.isPending || (sel.scheme && sel.detail.isPending) ? <PageSpinner /> : null}
        {sel.schemes.data && !sel.scheme ? <Empty description={t('points.scheme.noneYet')} /> : null}
        {scheme && !adopted ? (
          <Alert type="warning" showIcon title={t('points.scheme.notAdoptedYet')} />
        ) : null}
        {scheme && adopted && !branchId ? <Empty description={t('points.entry.pickBranchFirst')} /> : null}
        {scheme && adopted && branchId ? (
          <Tabs
            activeKey={tab}
            onChange={(k) => setParam('tab', k === 'list' ? null : k)}
            items={[
              {
                key: 'list',
                label: t('points.entry.tabList'),
                children: <BranchEntries schemeId={scheme.id} year={scheme.year} branchId={branchId} />,
              },
              {
                key: 'single',
                label: t('points.entry.tabSingle'),
                children: <SingleEntryForm scheme={scheme} branchId={branchId} />,
              },
              {
                key: 'activity',
                label: t('points.entry.tabActivity'),
                children: <ActivityForm scheme={scheme} branchId={branchId} />,
              },
              {
                key: 'import',
                label: t('points.entry.tabImport'),
                children: <SheetImport schemeId={scheme.id} kind="entries" />,
              },
            ]}
          />
        ) : null}
      </Card>
    </>
  );
}
