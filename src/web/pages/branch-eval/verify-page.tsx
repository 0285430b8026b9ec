import { App, Card, Empty, Tabs, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { hasPermission, useMe } from '../../auth/session.js';
import { ErrorAlert } from '../../components/feedback.js';
import { PageTitle } from '../../components/page-title.js';
import { useBranchStatuses, useMonth } from '../../features/branch-eval/office/api.js';
import { AssignmentsPanel } from '../../features/branch-eval/office/components/assignments-panel.js';
import { BranchList, type ListFilter } from '../../features/branch-eval/office/components/branch-list.js';
import { BranchSheet, type SheetHandle } from '../../features/branch-eval/office/components/branch-sheet.js';
import { RoundPicker, useRoundSelection } from '../../features/branch-eval/office/components/round-picker.js';
import { VerifyShortcutsHelp } from '../../features/branch-eval/office/components/shortcuts-help.js';
import { MonthStateTag } from '../../features/branch-eval/office/components/tags.js';
import { useI18n } from '../../i18n/index.js';
import { queueSort } from '../../lib/be-office.js';
import {
  type KeyField,
  nextWaitingBranch,
  stepBranch,
  verifyCommandForKey,
} from '../../lib/be-verify-keys.js';

const PAGE_SIZE = 50;
const filters: readonly ListFilter[] = ['self_submitted', 'returned', 'self_open', 'verified', 'all'];

const num = (s: string | null) => {
  const n = Number(s);
  return s && Number.isInteger(n) && n > 0 ? n : null;
};

/** Where a key press went, for the workbench's keys (be-verify-keys.ts). */
function fieldOf(target: EventTarget | null): KeyField {
  if (!(target instanceof HTMLElement)) return 'none';
  const marked = target.closest<HTMLElement>('[data-verify-field]')?.dataset.verifyField;
  if (marked === 'score' || marked === 'reason') return marked;
  if (target.isContentEditable) return 'text';
  if (target.closest('input, textarea, select, [role="combobox"], .ant-select, .ant-picker')) return 'text';
  return 'none';
}

/** A dialog, a drawer or an image preview over the page takes the keys. */
function overlayOpen(): boolean {
  return document.querySelector('.ant-modal-wrap, .ant-image-preview, .ant-drawer-open') !== null;
}

/**
 * 验证工作台 (SPEC §3 step 3): the joint-evaluation office verifies every branch of the round in
 * the first working days of the next month. Left, the month's branches (waiting ones first,
 * filterable, paged, late and overdue flagged); right, the selected branch indicator by indicator
 * with self, peer and evidence beside the verification. Keyboard-driven (j/k, ↑/↓, Enter,
 * Ctrl+Enter, r, ?). A second tab holds the month's peer assignment (互评分配).
 */
export function VerifyPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const sel = useRoundSelection('verify', ['eval_office']);
  const { orgId, month, params, update } = sel;
  const tab = params.get('tab') === 'assign' ? 'assign' : 'verify';
  const monthQ = useMonth(orgId, month);
  const counts = monthQ.data?.counts;
  const filterParam = params.get('state');
  // Open on the branches waiting for the office when there are any.
  const filter: ListFilter =
    filters.find((f) => f === filterParam) ?? (counts && counts.submitted === 0 ? 'all' : 'self_submitted');
  const page = num(params.get('page')) ?? 1;
  const list = useBranchStatuses(orgId, month, filter === 'all' ? undefined : filter, page, PAGE_SIZE);
  const rows = useMemo(() => queueSort(list.data?.items ?? []), [list.data]);
  const total = list.data?.total ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const branchId = num(params.get('branch'));
  const [help, setHelp] = useState(false);
  const sheet = useRef<SheetHandle>(null);
  // After a page turn by j/k (or a verify that emptied the page), which branch to open once it loads.
  const pending = useRef<{ how: 'first' | 'last' | 'firstWaiting'; after: number } | null>(null);

  const select = (id: number | null) => update({ branch: id ? String(id) : null });

  useEffect(() => {
    // Wait for the list as it is after the step (not the page shown while it reloads).
    if (!pending.current || list.isPlaceholderData || !list.data || list.isFetching) return;
    if (list.dataUpdatedAt <= pending.current.after) return;
    const { how } = pending.current;
    pending.current = null;
    const target =
      how === 'first'
        ? rows[0]
        : how === 'last'
          ? rows[rows.length - 1]
          : rows.find((r) => r.state === 'self_submitted' && r.branchId !== branchId);
    if (target) select(target.branchId);
    else if (how === 'firstWaiting') void message.info(t('be.office.noMoreWaiting'));
  });

  // A page emptied by verifications (the waiting list shrinks): show the last page there is.
  useEffect(() => {
    if (list.data && !list.isPlaceholderData && list.data.items.length === 0 && page > 1) {
      update({ page: pageCount > 1 ? String(pageCount) : null });
    }
  }, [list.data, list.isPlaceholderData, page, pageCount, update]);

  /** Leaves the open branch for another one, saving what was typed there first. */
  const go = async (to: () => void) => {
    if (sheet.current && !(await sheet.current.saveChanges())) return;
    to();
  };

  const afterDone = () => {
    const next = nextWaitingBranch(rows, branchId);
    if (next !== null) select(next);
    else {
      // The list refreshes (the branch leaves the waiting filter): take the first waiting one then.
      pending.current = { how: 'firstWaiting', after: list.dataUpdatedAt };
    }
  };

  // The list is still on its way (first load, or a filter or page change): j/k wait for it.
  const listLoading = rows.length === 0 && (!list.data || list.isPlaceholderData || list.isFetching);
  const live = useRef({ rows, branchId, page, pageCount, tab, help, listLoading });
  live.current = { rows, branchId, page, pageCount, tab, help, listLoading };
  // biome-ignore lint/correctness/useExhaustiveDependencies: one listener for the page; it reads the latest state from `live`
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = live.current;
      if (s.tab !== 'verify') return;
      const h = sheet.current;
      const cmd = verifyCommandForKey({
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        shiftKey: e.shiftKey,
        isComposing: e.isComposing,
        field: fieldOf(e.target),
        overlayOpen: overlayOpen() || (h?.dialogOpen() ?? false),
      });
      if (!cmd) return;
      // Enter on a focused button or link keeps its own meaning.
      if (
        cmd.kind === 'saveNext' &&
        e.target instanceof HTMLElement &&
        e.target.closest('button, a, [role="button"], [role="radio"], label')
      )
        return;
      e.preventDefault();
      if (h?.busy()) return;
      switch (cmd.kind) {
        case 'help':
          setHelp((x) => !x);
          return;
        case 'branch': {
          if (s.listLoading) {
            // A key pressed as the page opens is not lost: it opens the first (or last) branch
            // once the list arrives.
            pending.current = { how: cmd.delta > 0 ? 'first' : 'last', after: 0 };
            return;
          }
          const st = stepBranch(
            s.rows.map((r) => r.branchId),
            s.branchId,
            cmd.delta,
            s.page,
            s.pageCount,
          );
          if (!st) return;
          void go(() => {
            if (st.kind === 'select') select(st.id);
            else {
              pending.current = { how: st.edge, after: 0 };
              update({ page: st.page > 1 ? String(st.page) : null });
            }
          });
          return;
        }
        case 'indicator':
          h?.moveIndicator(cmd.delta);
          return;
        case 'saveNext':
          h?.saveNext();
          return;
        case 'verifyNext':
          h?.verify();
          return;
        case 'return':
          h?.openReturn();
          return;
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const closed = monthQ.data?.state === 'approved' || monthQ.data?.state === 'published';

  return (
    <>
      <PageTitle>{t('nav.beVerify')}</PageTitle>
      <div className="kh-toolbar">
        <RoundPicker sel={sel} onChange={() => ({ branch: null, page: null, state: null })} />
        {monthQ.data ? (
          <span className="kh-be-month-facts">
            <MonthStateTag state={monthQ.data.state} />
            <Typography.Text type="secondary">
              {t('be.office.verifyWindow', {
                start: monthQ.data.deadlines.verifyStart,
                due: monthQ.data.deadlines.verifyDue,
              })}
            </Typography.Text>
          </span>
        ) : null}
        <div className="kh-toolbar-spacer" />
        {tab === 'verify' ? <VerifyShortcutsHelp open={help} onOpenChange={setHelp} /> : null}
      </div>
      <ErrorAlert error={monthQ.error} onRetry={() => void monthQ.refetch()} />
      <Tabs
        activeKey={tab}
        onChange={(k) => update({ tab: k === 'assign' ? 'assign' : null })}
        items={[
          {
            key: 'verify',
            label: t('be.office.tabVerify'),
            children:
              orgId == null || month == null ? (
                <Empty description={t('be.office.pickRound')} />
              ) : (
                <div className="kh-be-workbench">
                  <Card size="small" className="kh-be-list-card">
                    <BranchList
                      month={monthQ.data}
                      rows={rows}
                      total={total}
                      page={page}
                      pageSize={PAGE_SIZE}
                      filter={filter}
                      selectedId={branchId}
                      loading={list.isFetching}
                      error={list.error}
                      onRetry={() => void list.refetch()}
                      onFilter={(f) => update({ state: f, page: null })}
                      onPage={(p) => update({ page: p > 1 ? String(p) : null })}
                      onSelect={(id) => void go(() => select(id))}
                    />
                  </Card>
                  <Card size="small" className="kh-be-sheet-card">
                    {branchId == null ? (
                      <Empty
                        description={
                          <>
                            <div>{t('be.office.pickBranch')}</div>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {t('be.office.pickBranchKeys')}
                            </Typography.Text>
                          </>
                        }
                      />
                    ) : (
                      <BranchSheet
                        key={`${branchId}-${month}`}
                        branchId={branchId}
                        month={month}
                        handle={sheet}
                        onDone={afterDone}
                      />
                    )}
                  </Card>
                </div>
              ),
          },
          {
            key: 'assign',
            label: t('be.office.tabAssign'),
            children:
              orgId == null || month == null ? (
                <Empty description={t('be.office.pickRound')} />
              ) : (
                <AssignmentsPanel
                  orgId={orgId}
                  month={month}
                  canEdit={hasPermission(me, 'branch_eval.verify')}
                  closed={closed}
                />
              ),
          },
        ]}
      />
    </>
  );
}
