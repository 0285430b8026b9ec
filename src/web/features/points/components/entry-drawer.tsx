import { Alert, Button, Descriptions, Drawer, Grid, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ErrorAlert, PageSpinner } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';
import { formatDateTime } from '../../../lib/format.js';
import { type EntryAction, type EntryView, useEntry } from '../api.js';
import { EntryStateTag, usePointsLabels } from '../labels.js';
import { EntryActionButtons } from './entry-actions.js';
import { EntryEditForm, EntryHistory } from './entry-correction.js';
import { EntryPoints } from './entry-points.js';
import { EvidenceList } from './evidence.js';

/**
 * One entry in full: who, what, when, how many points, the evidence (images inline, PDFs as
 * links), the activity it was recorded with, the decision so far — and the buttons of the
 * actions the viewer may take now.
 */
export function EntryDrawer({
  entryId,
  onClose,
  run,
}: {
  entryId: number | null;
  onClose: () => void;
  run?: (action: EntryAction, entries: EntryView[]) => void;
}) {
  const { t } = useI18n();
  const labels = usePointsLabels();
  const screens = Grid.useBreakpoint();
  const entry = useEntry(entryId);
  const e = entry.data;
  const [editing, setEditing] = useState(false);
  // Another entry opened: not in the middle of correcting it.
  useEffect(() => {
    if (entryId != null) setEditing(false);
  }, [entryId]);

  return (
    <Drawer
      open={entryId != null}
      onClose={onClose}
      size={screens.md ? 560 : '100%'}
      title={
        e ? t('points.entry.detailTitle', { name: e.memberName, item: e.itemName }) : t('points.entry.detail')
      }
      extra={
        e && run && !editing ? (
          <Space size={4} wrap>
            {e.editable ? <Button onClick={() => setEditing(true)}>{t('loops.entry.edit')}</Button> : null}
            <EntryActionButtons entry={e} run={run} size="middle" />
          </Space>
        ) : null
      }
    >
      {entry.isPending && entryId != null ? <PageSpinner /> : null}
      <ErrorAlert error={entry.error} onRetry={() => void entry.refetch()} />
      {e && editing ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {e.decisionReason && e.state === 'returned' ? (
            <Alert
              type="warning"
              showIcon
              title={t('points.entry.decisionReason')}
              description={e.decisionReason}
            />
          ) : null}
          <EntryEditForm
            entry={e}
            onDone={() => setEditing(false)}
            {...(run ? { onResubmit: (saved) => run('resubmit', [saved]) } : {})}
          />
        </Space>
      ) : null}
      {e && !editing ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {e.overdue ? (
            <Alert
              type="warning"
              showIcon
              title={t('points.review.overdueFor', { days: Math.floor(e.waitingDays ?? 0) })}
            />
          ) : null}
          {e.decisionReason &&
          (e.state === 'returned' || e.state === 'rejected' || e.state === 'returned_to_member') ? (
            <Alert
              type={e.state === 'rejected' ? 'error' : 'warning'}
              showIcon
              title={t('points.entry.decisionReason')}
              description={e.decisionReason}
            />
          ) : null}
          <Descriptions
            column={1}
            size="small"
            bordered
            items={[
              {
                key: 'state',
                label: t('points.entry.state'),
                children: (
                  <Space size={4}>
                    <EntryStateTag state={e.state} />
                    {e.kind === 'adjustment' ? <Tag color="gold">{t('points.entry.adjustment')}</Tag> : null}
                  </Space>
                ),
              },
              {
                key: 'member',
                label: t('points.entry.member'),
                children: t('common.nameWithNote', { name: e.memberName, note: e.employeeNo }),
              },
              { key: 'branch', label: t('points.entry.branch'), children: e.branchName },
              { key: 'item', label: t('points.entry.item'), children: `${e.itemCode} ${e.itemName}` },
              {
                key: 'dimension',
                label: t('points.entry.dimension'),
                children: `${labels.dimension(e.dimension)} · ${labels.direction(e.direction)}`,
              },
              {
                key: 'date',
                label: t('points.entry.occurredOn'),
                children: t('common.nameWithNote', { name: e.occurredOn, note: e.quarter }),
              },
              { key: 'quantity', label: t('points.entry.quantity'), children: e.quantity },
              {
                key: 'points',
                label: t('points.entry.points'),
                children: <EntryPoints entry={e} />,
              },
              { key: 'note', label: t('points.entry.note'), children: e.note || '—' },
              ...(e.activityId != null
                ? [
                    {
                      key: 'activity',
                      label: t('points.entry.activity'),
                      children: t('points.entry.activityRef', { id: e.activityId }),
                    },
                  ]
                : []),
              ...(e.revokesEntryId != null
                ? [{ key: 'revokes', label: t('points.entry.revokes'), children: `#${e.revokesEntryId}` }]
                : []),
              {
                key: 'by',
                label: t('points.entry.createdBy'),
                children: `${e.createdByAccount} · ${formatDateTime(e.createdAt)}`,
              },
              ...(e.submittedAt
                ? [
                    {
                      key: 'submitted',
                      label: t('points.entry.submittedAt'),
                      children: formatDateTime(e.submittedAt),
                    },
                  ]
                : []),
              ...(e.decidedAt
                ? [
                    {
                      key: 'decided',
                      label: t('points.entry.decidedAt'),
                      children: formatDateTime(e.decidedAt),
                    },
                  ]
                : []),
            ]}
          />
          <section aria-label={t('points.entry.evidence')}>
            <Typography.Title level={3} style={{ fontSize: 15 }}>
              {t('points.entry.evidence')}
            </Typography.Title>
            {e.activityId != null && e.evidence.length > 0 ? (
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                {t('points.entry.activityEvidence')}
              </Typography.Paragraph>
            ) : null}
            <EvidenceList files={e.evidence} />
          </section>
          <EntryHistory entry={e} />
        </Space>
      ) : null}
    </Drawer>
  );
}
