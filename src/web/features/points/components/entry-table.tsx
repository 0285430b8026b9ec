import { PaperClipOutlined, WarningFilled } from '@ant-design/icons';
import {
  Button,
  Grid,
  List,
  Space,
  Table,
  type TableColumnsType,
  type TableProps,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../../i18n/index.js';
import { formatDateTime } from '../../../lib/format.js';
import type { EntryAction, EntryView } from '../api.js';
import { EntryStateTag, usePointsLabels } from '../labels.js';
import { EntryActionButtons } from './entry-actions.js';
import { EntryPoints } from './entry-points.js';

export { EntryPoints };

export type EntryColumn =
  | 'member'
  | 'branch'
  | 'item'
  | 'dimension'
  | 'date'
  | 'points'
  | 'state'
  | 'waiting'
  | 'evidence'
  | 'actions';

/**
 * A table of entries with the columns a page asks for; the state, overdue flag and the buttons
 * of the actions the viewer may take come from the entry itself.
 */
export function EntryTable({
  entries,
  columns: wanted,
  run,
  onOpen,
  loading,
  pagination,
  rowSelection,
  focusedId,
  extra,
}: {
  entries: readonly EntryView[];
  columns: readonly EntryColumn[];
  run?: (action: EntryAction, entries: EntryView[]) => void;
  onOpen: (id: number) => void;
  loading?: boolean;
  pagination?: TableProps<EntryView>['pagination'];
  rowSelection?: TableProps<EntryView>['rowSelection'];
  focusedId?: number | null;
  extra?: (e: EntryView) => ReactNode;
}) {
  const { t } = useI18n();
  const labels = usePointsLabels();
  const screens = Grid.useBreakpoint();
  const all: Record<EntryColumn, TableColumnsType<EntryView>[number]> = {
    member: {
      title: t('points.entry.member'),
      key: 'member',
      render: (_v, e) => (
        <Button
          type="link"
          size="small"
          style={{ padding: 0 }}
          onClick={() => onOpen(e.id)}
          aria-label={t('points.entry.openNamed', { name: e.memberName, item: e.itemName })}
        >
          {e.memberName}
        </Button>
      ),
    },
    branch: { title: t('points.entry.branch'), dataIndex: 'branchName', ellipsis: true },
    item: {
      title: t('points.entry.item'),
      key: 'item',
      render: (_v, e) => (
        <div>
          <Space size={4} wrap>
            <span>{e.itemName}</span>
            {e.kind === 'adjustment' ? <Tag color="gold">{t('points.entry.adjustment')}</Tag> : null}
          </Space>
          {/* A declaration is confirmed on what the member wrote: show it where 确认 is clicked. */}
          {e.state === 'declared' ? (
            <Typography.Paragraph
              type="secondary"
              className="kh-declaration-note"
              style={{ fontSize: 12, margin: 0, maxWidth: 360, whiteSpace: 'normal' }}
            >
              {e.note ? t('loops.declaration.memberNote', { note: e.note }) : t('loops.declaration.noNote')}
            </Typography.Paragraph>
          ) : null}
        </div>
      ),
    },
    dimension: {
      title: t('points.entry.dimension'),
      key: 'dimension',
      render: (_v, e) => labels.dimension(e.dimension),
    },
    date: { title: t('points.entry.occurredOn'), dataIndex: 'occurredOn', width: 110 },
    points: {
      title: t('points.entry.points'),
      key: 'points',
      align: 'right',
      render: (_v, e) => <EntryPoints entry={e} />,
    },
    state: {
      title: t('points.entry.state'),
      key: 'state',
      render: (_v, e) => (
        <Space size={4}>
          <EntryStateTag state={e.state} />
          {e.decisionReason &&
          (e.state === 'returned' || e.state === 'rejected' || e.state === 'returned_to_member') ? (
            <Tooltip title={e.decisionReason}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                {e.decisionReason}
              </Typography.Text>
            </Tooltip>
          ) : null}
        </Space>
      ),
    },
    waiting: {
      title: t('points.review.waiting'),
      key: 'waiting',
      render: (_v, e) =>
        e.submittedAt ? (
          <Tooltip title={formatDateTime(e.submittedAt)}>
            <Space size={4}>
              {e.overdue ? <WarningFilled style={{ color: '#cf1322' }} aria-hidden /> : null}
              <Typography.Text type={e.overdue ? 'danger' : undefined}>
                {t('points.review.days', { days: Math.floor(e.waitingDays ?? 0) })}
              </Typography.Text>
              {e.overdue ? <Tag color="red">{t('points.review.overdue')}</Tag> : null}
            </Space>
          </Tooltip>
        ) : (
          '—'
        ),
    },
    evidence: {
      title: t('points.entry.evidence'),
      key: 'evidence',
      align: 'center',
      render: (_v, e) =>
        e.evidence.length > 0 ? (
          <span title={t('points.entry.evidenceCount', { n: e.evidence.length })}>
            <span aria-hidden>
              <PaperClipOutlined /> {e.evidence.length}
            </span>
            <span className="kh-visually-hidden">
              {t('points.entry.evidenceCount', { n: e.evidence.length })}
            </span>
          </span>
        ) : (
          '—'
        ),
    },
    actions: {
      title: t('common.actions'),
      key: 'actions',
      // Kept in view on a wide queue: 驳回 must not scroll off the right edge.
      fixed: 'right',
      render: (_v, e) => (
        <Space size={4} wrap>
          {run ? <EntryActionButtons entry={e} run={run} /> : null}
          {extra?.(e)}
        </Space>
      ),
    },
  };
  // On a phone a table shows two columns and hides the rest off-screen: a card per entry shows
  // it all. A selectable list (the review queue) keeps its table, whose checkboxes it needs.
  if (screens.md === false && !rowSelection) {
    const paging = pagination
      ? {
          current: pagination.current,
          pageSize: pagination.pageSize,
          total: pagination.total,
          onChange: pagination.onChange,
          size: 'small' as const,
        }
      : false;
    return (
      <List<EntryView>
        className="kh-entry-cards"
        loading={loading}
        dataSource={entries as EntryView[]}
        pagination={paging}
        rowKey="id"
        renderItem={(e) => (
          <List.Item className="kh-entry-item" data-entry-id={e.id}>
            <div className="kh-entry-main">
              <div className="kh-entry-top">
                <Button
                  type="link"
                  size="small"
                  style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
                  onClick={() => onOpen(e.id)}
                  aria-label={t('points.entry.openNamed', { name: e.memberName, item: e.itemName })}
                >
                  {wanted.includes('member') ? `${e.memberName} · ${e.itemName}` : e.itemName}
                </Button>
                <EntryPoints entry={e} />
              </div>
              <div className="kh-entry-meta">
                <span>{e.occurredOn}</span>
                {wanted.includes('branch') ? <span>{e.branchName}</span> : null}
                <span>{labels.dimension(e.dimension)}</span>
                <EntryStateTag state={e.state} />
                {e.kind === 'adjustment' ? <Tag color="gold">{t('points.entry.adjustment')}</Tag> : null}
                {e.overdue ? <Tag color="red">{t('points.review.overdue')}</Tag> : null}
                {e.evidence.length > 0 ? (
                  <span>
                    <PaperClipOutlined aria-hidden />{' '}
                    {t('points.entry.evidenceCount', { n: e.evidence.length })}
                  </span>
                ) : null}
              </div>
              {e.decisionReason &&
              (e.state === 'returned' || e.state === 'rejected' || e.state === 'returned_to_member') ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('points.entry.reasonLine', { reason: e.decisionReason })}
                </Typography.Text>
              ) : null}
              {wanted.includes('actions') ? (
                <div className="kh-entry-actions">
                  {run ? <EntryActionButtons entry={e} run={run} /> : null}
                  {extra?.(e)}
                </div>
              ) : null}
            </div>
          </List.Item>
        )}
      />
    );
  }
  return (
    <Table<EntryView>
      rowKey="id"
      size="middle"
      columns={wanted.map((c) => all[c])}
      dataSource={entries as EntryView[]}
      loading={loading}
      pagination={pagination}
      rowSelection={rowSelection}
      scroll={{ x: 'max-content' }}
      rowClassName={(e) =>
        [e.overdue ? 'kh-row-overdue' : '', e.id === focusedId ? 'kh-row-focused' : ''].join(' ')
      }
      onRow={(e) => ({ 'data-entry-id': e.id }) as React.HTMLAttributes<HTMLElement>}
    />
  );
}
