import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Drawer, Empty, Image, Pagination, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ErrorAlert, PageSpinner } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';
import { points2 } from '../../../lib/points.js';
import { type ActivityDetail, type ActivityView, useActivities, useActivity } from '../activities-api.js';
import { type EntryAction, type EntryView, fileUrl, useEntries } from '../api.js';
import { EntryStateTag } from '../labels.js';

/** An activity's record, photos, and who attended (with each entry's state) and who did not. */
export function ActivityBody({ activity: a }: { activity: ActivityDetail }) {
  const { t } = useI18n();
  const images = a.evidence.filter((f) => f.mime.startsWith('image/'));
  const others = a.evidence.filter((f) => !f.mime.startsWith('image/'));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'kind', label: t('points.activity.kind'), children: a.kind },
          { key: 'date', label: t('points.entry.occurredOn'), children: a.occurredOn },
          { key: 'branch', label: t('points.entry.branch'), children: a.branchName },
          {
            key: 'item',
            label: t('points.entry.item'),
            children: `${a.itemCode} ${a.itemName} · ${points2(a.points)}`,
          },
          {
            key: 'attendance',
            label: t('pa.attendance'),
            children: t('pa.attendanceValue', {
              present: a.present.length,
              total: a.present.length + a.absent.length,
            }),
          },
          ...(a.note ? [{ key: 'note', label: t('points.entry.note'), children: a.note }] : []),
        ]}
      />
      <section aria-label={t('pa.photos')}>
        <Typography.Title level={3} style={{ fontSize: 15 }}>
          {t('pa.photos')}
        </Typography.Title>
        {a.evidence.length === 0 ? (
          <Typography.Text type="secondary">{t('pa.noPhotos')}</Typography.Text>
        ) : (
          <Space wrap>
            <Image.PreviewGroup>
              {images.map((f) => (
                <Image
                  key={f.id}
                  src={fileUrl(f.id)}
                  alt={f.name}
                  width={96}
                  height={96}
                  style={{ objectFit: 'cover', borderRadius: 4 }}
                />
              ))}
            </Image.PreviewGroup>
            {others.map((f) => (
              <a key={f.id} href={fileUrl(f.id)} target="_blank" rel="noreferrer">
                {f.name}
              </a>
            ))}
          </Space>
        )}
      </section>
      <section aria-label={t('pa.present', { n: a.present.length })}>
        <Typography.Title level={3} style={{ fontSize: 15 }}>
          {t('pa.present', { n: a.present.length })}
        </Typography.Title>
        <div className="kh-pa-names">
          {a.present.map((p) => (
            <span key={p.entryId} className="kh-pa-name">
              {p.memberName}
              <EntryStateTag state={p.state} />
            </span>
          ))}
        </div>
      </section>
      <section aria-label={t('pa.absent', { n: a.absent.length })}>
        <Typography.Title level={3} style={{ fontSize: 15 }}>
          {t('pa.absent', { n: a.absent.length })}
        </Typography.Title>
        {a.absent.length === 0 ? (
          <Typography.Text type="secondary">{t('pa.noneAbsent')}</Typography.Text>
        ) : (
          <div className="kh-pa-names">
            {a.absent.map((m) => (
              <Tag key={m.memberId}>{m.memberName}</Tag>
            ))}
          </div>
        )}
      </section>
    </Space>
  );
}

/**
 * The entries of one activity still waiting for review, approved or returned together: every
 * submitted entry of the activity, not only those on the queue's page.
 */
export function useActivityQueue(activityId: number | null) {
  return useEntries({ activityId: activityId ?? undefined, state: 'submitted' }, 1, 200, activityId != null);
}

/** The review drawer of one activity: its record, photos and attendance, and the group's decisions. */
export function ActivityDrawer({
  activityId,
  onClose,
  run,
}: {
  activityId: number | null;
  onClose: () => void;
  run: (action: EntryAction, entries: EntryView[]) => void;
}) {
  const { t } = useI18n();
  const q = useActivity(activityId);
  const waiting = useActivityQueue(activityId);
  const entries = waiting.data?.items ?? [];
  const can = (a: EntryAction) => entries.filter((e) => e.actions.includes(a));
  return (
    <Drawer
      open={activityId != null}
      onClose={onClose}
      size={640}
      title={q.data ? q.data.title : t('pa.activity')}
      extra={
        <Space>
          <Button
            type="primary"
            icon={<CheckOutlined />}
            disabled={can('approve').length === 0}
            onClick={() => run('approve', can('approve'))}
          >
            {t('pa.approveAll', { n: can('approve').length })}
          </Button>
          <Button
            icon={<RollbackOutlined />}
            disabled={can('return').length === 0}
            onClick={() => run('return', can('return'))}
          >
            {t('pa.returnAll', { n: can('return').length })}
          </Button>
        </Space>
      }
    >
      {q.isPending && activityId != null ? <PageSpinner /> : null}
      <ErrorAlert error={q.error} />
      {q.data ? <ActivityBody activity={q.data} /> : null}
    </Drawer>
  );
}

/**
 * The activities of the queue's scope (or of the chosen org) with entries waiting for review, one
 * line each (title, branch, date, attendance, photos, how many wait): approve or return the whole
 * activity at once, or open it. Not only the activities on the table's page.
 */
export function ActivityGroups({
  orgId,
  onOpen,
  run,
}: {
  orgId: number | undefined;
  onOpen: (activityId: number) => void;
  run: (action: EntryAction, entries: EntryView[]) => void;
}) {
  const { t } = useI18n();
  // A page of groups at a time (each line reads its own waiting entries): a big queue renders
  // twenty lines, and the pager reaches the rest. (The page keys it by org: a new org, page 1.)
  const [page, setPage] = useState(1);
  const q = useActivities(orgId, page, GROUPS_SHOWN, { waiting: true });
  const items = q.data?.items ?? [];
  const total = q.data?.total ?? items.length;
  // Decided groups leave the queue: a page emptied by them shows the last page there is.
  useEffect(() => {
    if (q.data && items.length === 0 && page > 1) setPage(Math.max(1, Math.ceil(total / GROUPS_SHOWN)));
  }, [q.data, items.length, page, total]);
  if (items.length === 0) return <ErrorAlert error={q.error} />;
  return (
    <Card size="small" title={t('pa.groupsTitle', { n: total })} style={{ marginBottom: 12 }}>
      {items.map((a) => (
        <ActivityGroupLine key={a.id} activity={a} onOpen={onOpen} run={run} />
      ))}
      {total > GROUPS_SHOWN ? (
        <Pagination
          size="small"
          simple
          current={page}
          pageSize={GROUPS_SHOWN}
          total={total}
          onChange={setPage}
          style={{ marginTop: 8 }}
        />
      ) : null}
    </Card>
  );
}

const GROUPS_SHOWN = 20;

function ActivityGroupLine({
  activity: a,
  onOpen,
  run,
}: {
  activity: ActivityView;
  onOpen: (activityId: number) => void;
  run: (action: EntryAction, entries: EntryView[]) => void;
}) {
  const { t } = useI18n();
  const waiting = useActivityQueue(a.id);
  const entries = waiting.data?.items ?? [];
  const approvable = entries.filter((e) => e.actions.includes('approve'));
  const returnable = entries.filter((e) => e.actions.includes('return'));
  return (
    <div className="kh-pa-group" data-activity-id={a.id}>
      <div className="kh-pa-group-main">
        <Button type="link" style={{ padding: 0, alignSelf: 'flex-start' }} onClick={() => onOpen(a.id)}>
          {a.title}
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {a.branchName} · {a.occurredOn} · {a.itemName} · {t('pa.attendedN', { n: a.attendees })} ·{' '}
          {t('pa.photoCount', { n: a.evidence.length })}
        </Typography.Text>
      </div>
      <Tag color="processing">{t('pa.waiting', { n: entries.length })}</Tag>
      <Space size={4}>
        <Button
          size="small"
          type="primary"
          disabled={approvable.length === 0}
          onClick={() => run('approve', approvable)}
          aria-label={t('pa.approveAllNamed', { title: a.title, n: approvable.length })}
        >
          {t('pa.approveAll', { n: approvable.length })}
        </Button>
        <Button
          size="small"
          disabled={returnable.length === 0}
          onClick={() => run('return', returnable)}
          aria-label={t('pa.returnAllNamed', { title: a.title, n: returnable.length })}
        >
          {t('pa.returnAll', { n: returnable.length })}
        </Button>
      </Space>
    </div>
  );
}

/** Nothing recorded yet. */
export function NoActivities() {
  const { t } = useI18n();
  return <Empty description={t('pa.none')} />;
}
