import { Empty, Pagination, Progress, Select, Skeleton, Typography } from 'antd';
import { useEffect } from 'react';
import { ErrorAlert } from '../../../../components/feedback.js';
import { useI18n } from '../../../../i18n/index.js';
import { verifiedPercent } from '../../../../lib/be-office.js';
import { signalLevel } from '../../../../lib/be-results.js';
import { formatDateTime } from '../../../../lib/format.js';
import { useBeLabels } from '../../labels.js';
import { SignalCell } from '../../results/cells.js';
import type { BranchStatus, MonthView } from '../api.js';
import { BranchFlagTags, BranchStateTag } from './tags.js';

export type ListFilter = BranchStatus['state'] | 'all';

/**
 * The month's branches for the office (left of the workbench): a state filter with counts, the
 * branches of one server page — waiting ones first — with their late and overdue flags, and the
 * pager. The selected branch is kept in view as j/k move it.
 */
export function BranchList({
  month,
  rows,
  total,
  page,
  pageSize,
  filter,
  selectedId,
  loading,
  error,
  onRetry,
  onFilter,
  onPage,
  onSelect,
}: {
  month: MonthView | undefined;
  rows: readonly BranchStatus[];
  total: number;
  page: number;
  pageSize: number;
  filter: ListFilter;
  selectedId: number | null;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  onFilter: (f: ListFilter) => void;
  onPage: (p: number) => void;
  onSelect: (id: number) => void;
}) {
  const { t } = useI18n();
  const l = useBeLabels();
  const c = month?.counts;

  useEffect(() => {
    if (selectedId == null) return;
    document.querySelector(`[data-branch-id="${selectedId}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  const count = (f: ListFilter) =>
    !c
      ? null
      : f === 'all'
        ? c.branches
        : f === 'self_submitted'
          ? c.submitted
          : f === 'returned'
            ? c.returned
            : f === 'self_open'
              ? c.selfOpen
              : c.verified;
  const label = (f: ListFilter) => {
    const name = f === 'all' ? t('be.office.filterAll') : l.branchMonthState(f);
    const n = count(f);
    return n === null ? name : t('be.office.filterOption', { name, n });
  };

  return (
    <section className="kh-be-list" aria-label={t('be.office.branches')}>
      {c ? (
        <div className="kh-be-list-progress">
          <Typography.Text>
            {t('be.office.progress', { verified: c.verified, branches: c.branches })}
          </Typography.Text>
          <Progress
            percent={verifiedPercent(c)}
            size="small"
            showInfo={false}
            aria-label={t('be.office.progress', { verified: c.verified, branches: c.branches })}
          />
        </div>
      ) : null}
      <Select
        aria-label={t('be.office.filter')}
        value={filter}
        onChange={onFilter}
        style={{ width: '100%', marginBottom: 8 }}
        options={(['self_submitted', 'returned', 'self_open', 'verified', 'all'] as const).map((f) => ({
          value: f,
          label: label(f),
        }))}
      />
      <ErrorAlert error={error} onRetry={onRetry} />
      {loading && rows.length === 0 ? <Skeleton active paragraph={{ rows: 6 }} /> : null}
      {!loading && !error && rows.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={filter === 'self_submitted' ? t('be.office.noneWaiting') : t('common.noData')}
        />
      ) : null}
      <ul className="kh-be-branches" aria-busy={loading}>
        {rows.map((b) => {
          const selected = b.branchId === selectedId;
          return (
            <li key={b.branchId}>
              <button
                type="button"
                data-branch-id={b.branchId}
                className={selected ? 'kh-be-branch kh-be-branch-on' : 'kh-be-branch'}
                aria-current={selected ? 'true' : undefined}
                onClick={() => onSelect(b.branchId)}
              >
                <span className="kh-be-branch-top">
                  <span className="kh-be-branch-name" title={b.branchName}>
                    {b.branchName}
                  </span>
                  <BranchStateTag state={b.state} />
                </span>
                <span className="kh-be-branch-meta">
                  <span>{b.branchCode}</span>
                  {b.submittedAt ? (
                    <span>
                      {t('be.office.submittedOn', { at: formatDateTime(b.submittedAt).slice(5, 16) })}
                    </span>
                  ) : null}
                  {b.planState === 'draft' ? <span>{t('be.office.planDraft')}</span> : null}
                </span>
                <span className="kh-be-branch-flags">
                  <BranchFlagTags flags={b} />
                  {/* Evidence recorded mostly in the month's last days: shown, never scored. */}
                  {['watch', 'high'].includes(signalLevel(b.signal)) ? (
                    <SignalCell signal={b.signal} />
                  ) : null}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {total > pageSize ? (
        <Pagination
          simple
          size="small"
          current={page}
          pageSize={pageSize}
          total={total}
          onChange={onPage}
          style={{ marginTop: 8, textAlign: 'center' }}
        />
      ) : null}
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 6 }}>
        {t('common.total', { total })}
      </Typography.Text>
    </section>
  );
}
