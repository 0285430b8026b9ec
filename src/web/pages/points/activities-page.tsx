import { Button, Card, Table, Typography } from 'antd';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ErrorAlert, PageSpinner } from '../../components/feedback.js';
import { OrgTreeSelect } from '../../components/org-tree-select.js';
import { PageTitle } from '../../components/page-title.js';
import { type ActivityView, useActivities, useActivity } from '../../features/points/activities-api.js';
import { ActivityBody } from '../../features/points/components/activity-view.js';
import { useI18n } from '../../i18n/index.js';
import { points2 } from '../../lib/points.js';

const PAGE_SIZE = 20;

/** 活动记录 — the activities recorded in the viewer's scope (主题党日 …), the latest first. */
export function ActivitiesPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const org = Number(params.get('org')) || undefined;
  const q = useActivities(org, page, PAGE_SIZE);
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page') next.delete('page');
    setParams(next, { replace: true });
  };
  return (
    <>
      <PageTitle>{t('nav.pointsActivities')}</PageTitle>
      <Card>
        <div className="kh-toolbar">
          <div style={{ width: 240 }}>
            <OrgTreeSelect
              tree="party"
              aria-label={t('points.review.org')}
              placeholder={t('points.review.allOrgs')}
              allowClear
              value={org ?? null}
              onChange={(v) => set('org', v ? String(v) : null)}
            />
          </div>
        </div>
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
        <Table<ActivityView>
          rowKey="id"
          size="middle"
          loading={q.isFetching}
          dataSource={q.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          onRow={(a) => ({ onDoubleClick: () => void navigate(`/points/activities/${a.id}`) })}
          columns={[
            {
              title: t('points.activity.title'),
              key: 'title',
              render: (_v, a) => <Link to={`/points/activities/${a.id}`}>{a.title}</Link>,
            },
            { title: t('points.activity.kind'), dataIndex: 'kind' },
            { title: t('points.entry.occurredOn'), dataIndex: 'occurredOn', width: 110 },
            { title: t('points.entry.branch'), dataIndex: 'branchName', ellipsis: true },
            {
              title: t('points.entry.item'),
              key: 'item',
              render: (_v, a) => `${a.itemName} · ${points2(a.points)}`,
            },
            { title: t('pa.attendees'), dataIndex: 'attendees', align: 'right' },
            { title: t('pa.photos'), key: 'photos', align: 'right', render: (_v, a) => a.evidence.length },
          ]}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: q.data?.total ?? 0,
            showSizeChanger: false,
            onChange: (p) => set('page', p > 1 ? String(p) : null),
          }}
        />
      </Card>
    </>
  );
}

/** One activity: its record, photos, who attended (with their entries' states) and who did not. */
export function ActivityPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const activityId = Number(id) || null;
  const q = useActivity(activityId);
  return (
    <>
      <PageTitle>{q.data?.title ?? t('pa.activity')}</PageTitle>
      <Typography.Paragraph>
        <Link to="/points/activities">{t('pa.backToList')}</Link>
      </Typography.Paragraph>
      <Card>
        {q.isPending ? <PageSpinner /> : null}
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
        {q.data ? (
          <>
            <Typography.Title level={2} style={{ fontSize: 18 }}>
              {q.data.title}
            </Typography.Title>
            <ActivityBody activity={q.data} />
            <Button style={{ marginTop: 16 }} href={`/points/review?activity=${q.data.id}`}>
              {t('pa.toReview')}
            </Button>
          </>
        ) : null}
      </Card>
    </>
  );
}
