import { CheckOutlined, QuestionCircleOutlined, RollbackOutlined, StopOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Popover, Select, Space, Statistic, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { dimensions } from '../../../domain/points/scheme.js';
import { entryStates } from '../../../domain/points/workflow.js';
import { useToday } from '../../app/server-day.js';
import { hasPermission, useMe } from '../../auth/session.js';
import { ErrorAlert } from '../../components/feedback.js';
import { LabeledSwitch } from '../../components/labeled-switch.js';
import { OrgTreeSelect } from '../../components/org-tree-select.js';
import { PageTitle } from '../../components/page-title.js';
import { type EntryFilters, type EntryView, useEntries, useReviewCounts } from '../../features/points/api.js';
import { ActivityDrawer, ActivityGroups } from '../../features/points/components/activity-view.js';
import { useEntryActions } from '../../features/points/components/entry-actions.js';
import { EntryDrawer } from '../../features/points/components/entry-drawer.js';
import { EntryTable } from '../../features/points/components/entry-table.js';
import { SchemeSelect, useSchemeSelection } from '../../features/points/components/scheme-picker.js';
import { usePointsLabels } from '../../features/points/labels.js';
import { useI18n } from '../../i18n/index.js';
import { recentWeeks } from '../../lib/points.js';
import {
  applyReviewCommand,
  commandForKey,
  type ReviewCursor,
  type ReviewDecision,
  reconcileCursor,
} from '../../lib/review-keys.js';

const num = (s: string | null) => {
  const n = Number(s);
  return s && Number.isInteger(n) && n > 0 ? n : null;
};

/** Whether a key press went to something that takes keys itself (a field, a select, a dialog). */
function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('input, textarea, select, [role="combobox"], [role="dialog"], .ant-select, .ant-picker'))
    return true;
  return false;
}

function ShortcutsHelp({ open, onOpenChange }: { open: boolean; onOpenChange: (v: boolean) => void }) {
  const { t } = useI18n();
  const keys: [string, string][] = [
    ['j / ↓', t('points.review.keyDown')],
    ['k / ↑', t('points.review.keyUp')],
    [t('points.review.keySpaceName'), t('points.review.keySpace')],
    ['a', t('points.review.keyApprove')],
    ['r', t('points.review.keyReturn')],
    ['x', t('points.review.keyReject')],
    ['Enter / o', t('points.review.keyOpen')],
    ['?', t('points.review.keyHelp')],
  ];
  return (
    <Popover
      open={open}
      onOpenChange={onOpenChange}
      trigger="click"
      placement="bottomRight"
      title={t('points.review.shortcuts')}
      content={
        <div style={{ maxWidth: 320 }}>
          <table className="kh-keys">
            <tbody>
              {keys.map(([k, what]) => (
                <tr key={k}>
                  <td>
                    <kbd>{k}</kbd>
                  </td>
                  <td>{what}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {t('points.review.keysNote')}
          </Typography.Paragraph>
        </div>
      }
    >
      <Button icon={<QuestionCircleOutlined />} aria-keyshortcuts="?">
        {t('points.review.shortcuts')}
      </Button>
    </Popover>
  );
}

/**
 * 积分审核 (逐条审核): the party-affairs department's weekly queue of submitted entries of its
 * subtree — filtered by branch, week, item, dimension and state, overdue entries flagged —
 * worked one by one or in bulk, by mouse or keyboard (j/k, space, a/r/x). The committee uses
 * the same queue for adjustments.
 */
export function ReviewPage() {
  const today = useToday();
  const me = useMe();
  const { t } = useI18n();
  const { message } = App.useApp();
  const labels = usePointsLabels();
  const sel = useSchemeSelection();
  const [params, setParams] = useSearchParams();
  const isReviewer = hasPermission(me, 'points.review');
  const kind = params.get('kind') === 'adjustment' || !isReviewer ? 'adjustment' : 'normal';
  const stateParam = params.get('state');
  const state = stateParam === 'all' ? undefined : (entryStates.find((s) => s === stateParam) ?? 'submitted');
  const orgId = num(params.get('org'));
  const week = params.get('week') ?? undefined;
  const itemCode = params.get('item') ?? undefined;
  const dimension = dimensions.find((d) => d === params.get('dim'));
  const overdueOnly = params.get('overdue') === '1';
  const page = num(params.get('page')) ?? 1;
  const pageSize = 50;
  const filters: EntryFilters = {
    schemeId: sel.scheme?.id,
    orgId: orgId ?? undefined,
    state,
    kind,
    week,
    itemCode,
    dimension,
    overdueOnly: overdueOnly ? 'true' : undefined,
  };
  const entries = useEntries(filters, page, pageSize, sel.scheme != null);
  const counts = useReviewCounts(undefined, isReviewer);
  // Grouped (the default): an activity's entries are one line above the table, decided together.
  const grouped = params.get('group') !== 'entry';
  const all = useMemo(() => entries.data?.items ?? [], [entries.data]);
  const rows = useMemo(() => (grouped ? all.filter((r) => r.activityId == null) : all), [all, grouped]);
  const openActivity = num(params.get('activity'));
  const rowIds = useMemo(() => rows.map((r) => r.id), [rows]);
  const [cursor, setCursor] = useState<ReviewCursor>({ focus: -1, selected: [] });
  const [open, setOpen] = useState<number | null>(null);
  const [help, setHelp] = useState(false);
  const { run, dialog } = useEntryActions(() => setCursor((c) => ({ ...c, selected: [] })));
  const weeks = useMemo(() => recentWeeks(today, 12), [today]);
  const items = sel.detail.data?.current?.items ?? [];

  const update = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };

  // Decided entries leave the queue: keep the focus where the reviewer's eyes are.
  useEffect(() => setCursor((c) => reconcileCursor(c, rowIds)), [rowIds]);

  const decide = (action: ReviewDecision, ids: number[]) => {
    const chosen = rows.filter((r) => ids.includes(r.id) && r.actions.includes(action));
    if (chosen.length === 0) {
      void message.warning(t('points.review.notAllowed', { action: labels.entryAction(action) }));
      return;
    }
    run(action, chosen);
  };

  // The keyboard: one listener for the page; the pure reducer decides what a key means.
  const live = useRef({ cursor, rowIds, overlay: false, decide, setOpen, setHelp });
  live.current = {
    cursor,
    rowIds,
    overlay: open != null || dialog != null || openActivity != null,
    decide,
    setOpen,
    setHelp,
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = live.current;
      const cmd = commandForKey({
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        inEditable: isEditableTarget(e.target),
        overlayOpen: s.overlay,
      });
      if (!cmd) return;
      // Space and Enter on a focused button or checkbox keep their own meaning.
      if (
        (e.key === ' ' || e.key === 'Enter') &&
        e.target instanceof HTMLElement &&
        e.target.closest('button, a, [role="button"], label')
      )
        return;
      e.preventDefault();
      const { cursor: next, effect } = applyReviewCommand(s.cursor, cmd, s.rowIds);
      setCursor(next);
      if (effect?.kind === 'act') s.decide(effect.action, effect.ids);
      if (effect?.kind === 'open') s.setOpen(effect.id);
      if (effect?.kind === 'help') s.setHelp((h) => !h);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const focusedId = cursor.focus >= 0 ? rowIds[cursor.focus] : undefined;
  const focused = rows.find((r) => r.id === focusedId);
  useEffect(() => {
    if (focusedId == null) return;
    document.querySelector(`[data-entry-id="${focusedId}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [focusedId]);

  const chosen: EntryView[] = rows.filter((r) => cursor.selected.includes(r.id));
  const bulkAllowed = (a: ReviewDecision) => chosen.some((e) => e.actions.includes(a));

  return (
    <>
      <PageTitle>
        {kind === 'adjustment' ? t('points.review.adjustmentsTitle') : t('nav.pointsReview')}
      </PageTitle>
      {isReviewer ? (
        <Card size="small" className="kh-review-counts" style={{ marginBottom: 16 }}>
          <div className="kh-review-counts-body">
            <Statistic title={t('points.review.waitingTotal')} value={counts.data?.waiting ?? 0} />
            <Statistic
              title={t('points.review.overdueTotal')}
              value={counts.data?.overdue ?? 0}
              styles={{ content: { color: (counts.data?.overdue ?? 0) > 0 ? '#cf1322' : undefined } }}
            />
            <section className="kh-review-branches" aria-label={t('points.review.byBranch')}>
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                {t('points.review.byBranch')}
              </Typography.Text>
              <ErrorAlert error={counts.error} />
              {(counts.data?.items.length ?? 0) === 0 ? (
                <Typography.Text type="secondary">{t('points.review.nothingWaiting')}</Typography.Text>
              ) : (
                <div className="kh-chip-list">
                  {(counts.data?.items ?? []).map((b) => (
                    <Button
                      key={b.branchId}
                      size="small"
                      type={orgId === b.branchId ? 'primary' : 'default'}
                      aria-pressed={orgId === b.branchId}
                      onClick={() => update({ org: orgId === b.branchId ? null : String(b.branchId) })}
                    >
                      {b.branchName}
                      <Badge count={b.waiting} color="#1677ff" overflowCount={999} size="small" />
                      {b.overdue > 0 ? (
                        <Tag color="red" style={{ marginInlineEnd: 0 }}>
                          {t('points.review.overdueN', { n: b.overdue })}
                        </Tag>
                      ) : null}
                    </Button>
                  ))}
                </div>
              )}
            </section>
          </div>
        </Card>
      ) : null}
      <Card>
        <div className="kh-toolbar">
          <SchemeSelect schemes={sel.schemes.data ?? []} value={sel.scheme?.id} onChange={sel.setScheme} />
          <div style={{ width: 220 }}>
            <OrgTreeSelect
              tree="party"
              aria-label={t('points.review.org')}
              placeholder={t('points.review.allOrgs')}
              allowClear
              value={orgId}
              onChange={(v) => update({ org: v ? String(v) : null })}
            />
          </div>
          <Select
            aria-label={t('points.review.week')}
            value={week ?? 'all'}
            onChange={(v) => update({ week: v === 'all' ? null : v })}
            style={{ width: 200 }}
            options={[
              { value: 'all', label: t('points.review.allWeeks') },
              ...weeks.map((w) => ({
                value: w.key,
                label: t('points.review.weekOption', {
                  key: w.key,
                  start: w.start.slice(5),
                  end: w.end.slice(5),
                }),
              })),
            ]}
          />
          <Select
            aria-label={t('points.entry.item')}
            value={itemCode ?? 'all'}
            onChange={(v) => update({ item: v === 'all' ? null : v })}
            style={{ width: 180 }}
            showSearch={{ optionFilterProp: 'label' }}
            popupMatchSelectWidth={false}
            options={[
              { value: 'all', label: t('points.review.allItems') },
              ...items.map((i) => ({ value: i.code, label: `${i.code} ${i.name}` })),
            ]}
          />
          <Select
            aria-label={t('points.entry.dimension')}
            value={dimension ?? 'all'}
            onChange={(v) => update({ dim: v === 'all' ? null : v })}
            style={{ width: 130 }}
            options={[
              { value: 'all', label: t('points.review.allDimensions') },
              ...dimensions.map((d) => ({ value: d, label: labels.dimension(d) })),
            ]}
          />
          <Select
            aria-label={t('points.entry.state')}
            value={state ?? 'all'}
            onChange={(v) => update({ state: v === 'submitted' ? null : v })}
            style={{ width: 130 }}
            options={[
              { value: 'all', label: t('points.entry.allStates') },
              ...(['submitted', 'approved', 'returned', 'rejected'] as const).map((s) => ({
                value: s,
                label: labels.entryState(s),
              })),
            ]}
          />
          <LabeledSwitch
            checked={overdueOnly}
            onChange={(v) => update({ overdue: v ? '1' : null })}
            label={t('points.review.overdueOnly')}
          />
          <LabeledSwitch
            checked={grouped}
            onChange={(v) => update({ group: v ? null : 'entry' })}
            label={t('pa.groupByActivity')}
          />
          <div className="kh-toolbar-spacer" />
          <ShortcutsHelp open={help} onOpenChange={setHelp} />
        </div>
        <div className="kh-bulkbar" aria-live="polite">
          <Typography.Text>
            {chosen.length > 0
              ? t('points.review.selected', { n: chosen.length })
              : t('points.review.total', { n: entries.data?.total ?? 0 })}
          </Typography.Text>
          {focused ? (
            <Typography.Text type="secondary" className="kh-bulkbar-focus">
              {t('points.review.focused', {
                n: cursor.focus + 1,
                name: focused.memberName,
                item: focused.itemName,
              })}
            </Typography.Text>
          ) : null}
          <div className="kh-toolbar-spacer" />
          <Space wrap>
            <Button
              type="primary"
              icon={<CheckOutlined />}
              disabled={!bulkAllowed('approve')}
              onClick={() => decide('approve', cursor.selected as number[])}
            >
              {t('points.review.bulkApprove')}
            </Button>
            <Button
              icon={<RollbackOutlined />}
              disabled={!bulkAllowed('return')}
              onClick={() => decide('return', cursor.selected as number[])}
            >
              {t('points.review.bulkReturn')}
            </Button>
            <Button
              danger
              icon={<StopOutlined />}
              disabled={!bulkAllowed('reject')}
              onClick={() => decide('reject', cursor.selected as number[])}
            >
              {t('points.review.bulkReject')}
            </Button>
          </Space>
        </div>
        <ErrorAlert error={entries.error} onRetry={() => void entries.refetch()} />
        {grouped ? (
          <ActivityGroups
            key={orgId ?? 'all'}
            orgId={orgId ?? undefined}
            run={run}
            onOpen={(id) => update({ activity: String(id), page: page > 1 ? String(page) : null })}
          />
        ) : null}
        <EntryTable
          entries={rows}
          columns={['member', 'branch', 'item', 'date', 'points', 'evidence', 'waiting', 'state', 'actions']}
          run={run}
          onOpen={setOpen}
          loading={entries.isFetching}
          focusedId={focusedId}
          rowSelection={{
            selectedRowKeys: cursor.selected as number[],
            onChange: (keys) => setCursor((c) => ({ ...c, selected: keys as number[] })),
            getCheckboxProps: (e) => ({
              'aria-label': t('points.entry.selectNamed', { name: e.memberName, item: e.itemName }),
            }),
          }}
          pagination={{
            current: page,
            pageSize,
            total: entries.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p) => update({ page: p > 1 ? String(p) : null }),
          }}
        />
      </Card>
      <EntryDrawer entryId={open} onClose={() => setOpen(null)} run={run} />
      <ActivityDrawer
        activityId={openActivity}
        onClose={() => update({ activity: null, page: page > 1 ? String(page) : null })}
        run={run}
      />
      {dialog}
    </>
  );
}
