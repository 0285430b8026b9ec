import {
  BarChartOutlined,
  CheckCircleOutlined,
  FileTextOutlined,
  NotificationOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Modal,
  Progress,
  Select,
  Skeleton,
  Space,
  Statistic,
  Steps,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client.js';
import { hasPermission, useMe } from '../../auth/session.js';
import { BlockedHint, blockedReason } from '../../components/blocked.js';
import { ButtonLink } from '../../components/button-link.js';
import { CalendarWarningTag } from '../../components/calendar-warning.js';
import { ErrorAlert, errorText } from '../../components/feedback.js';
import { PageTitle } from '../../components/page-title.js';
import { CorrectionList } from '../../features/branch-eval/corrections.js';
import { useBeLabels } from '../../features/branch-eval/labels.js';
import {
  type BranchStatus,
  type MonthView,
  useApproveMonth,
  useBranchStatuses,
  useMonth,
  usePublishMonth,
} from '../../features/branch-eval/office/api.js';
import { RoundPicker, useRoundSelection } from '../../features/branch-eval/office/components/round-picker.js';
import {
  BranchFlagTags,
  BranchStateTag,
  MonthStateTag,
} from '../../features/branch-eval/office/components/tags.js';
import { useI18n } from '../../i18n/index.js';
import { unverifiedOf, verifiedPercent } from '../../lib/be-office.js';
import { formatDateTime } from '../../lib/format.js';

const PAGE_SIZE = 50;
type Filter = BranchStatus['state'] | 'all';
const states = ['self_open', 'self_submitted', 'returned', 'verified'] as const;

const num = (s: string | null) => {
  const n = Number(s);
  return s && Number.isInteger(n) && n > 0 ? n : null;
};

function stepIndex(state: MonthView['state']): number {
  return { open: 0, verifying: 1, approved: 2, published: 3 }[state];
}

/** The round's timeline: self and peer evaluation, verification, approval, publication. */
function RoundSteps({ m }: { m: MonthView }) {
  const { t } = useI18n();
  const current = stepIndex(m.state);
  return (
    <Steps
      className="kh-be-steps"
      size="small"
      current={m.state === 'published' ? 3 : current}
      status={m.state === 'published' ? 'finish' : 'process'}
      items={[
        {
          title: t('be.office.stepSelf'),
          content: t('be.office.stepSelfDates', { from: m.deadlines.opensOn, due: m.deadlines.selfDue }),
        },
        {
          title: t('be.office.stepVerify'),
          content: t('be.office.stepVerifyDates', {
            from: m.deadlines.verifyStart,
            due: m.deadlines.verifyDue,
          }),
        },
        {
          title: t('be.office.stepApprove'),
          content: m.approvedAt ? formatDateTime(m.approvedAt).slice(0, 16) : t('be.office.stepPending'),
        },
        {
          title: t('be.office.stepPublish'),
          content: m.publishedOn ?? t('be.office.stepPending'),
        },
      ]}
    />
  );
}

/**
 * 月度审定 (SPEC §3 steps 4–5): the committee sees where the month stands (state, deadlines,
 * counts, every branch's progress with late and overdue flags), approves the month for all the
 * round's branches at once — refused, with the list, while any branch is not verified — and then
 * publishes it; after publication the rankings and the printable report are a click away. Others
 * who read the round (the office) see the same page without the buttons.
 */
export function ApprovePage() {
  const { t, locale } = useI18n();
  const l = useBeLabels();
  const { message } = App.useApp();
  const me = useMe();
  const sel = useRoundSelection('approve', ['committee', 'eval_office']);
  const { orgId, month, params, update } = sel;
  const m = useMonth(orgId, month);
  const filterParam = params.get('state');
  const filter: Filter = states.find((s) => s === filterParam) ?? 'all';
  const page = num(params.get('page')) ?? 1;
  const list = useBranchStatuses(orgId, month, filter === 'all' ? undefined : filter, page, PAGE_SIZE);
  const approve = useApproveMonth();
  const publish = usePublishMonth();
  const [confirm, setConfirm] = useState<'approve' | 'publish' | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const canApprove = hasPermission(me, 'branch_eval.month.approve');
  const data = m.data;
  const unverified = unverifiedOf(failure instanceof ApiError ? failure : null);
  const rows = list.data?.items ?? [];

  const perform = async (action: 'approve' | 'publish') => {
    if (orgId == null || month == null) return;
    setFailure(null);
    try {
      if (action === 'approve') await approve.mutateAsync({ orgId, month });
      else await publish.mutateAsync({ orgId, month });
      void message.success(t(`be.office.monthDone.${action}`, { month }));
    } catch (e) {
      setFailure(e);
    } finally {
      setConfirm(null);
    }
  };

  const rankingsLink = `/branch-eval/rankings?org=${orgId}&month=${month}`;
  const reportLink = `/branch-eval/report?org=${orgId}&month=${month}`;
  const notVerified = data ? data.counts.branches - data.counts.verified : 0;
  // 审定本月结果 while branches are unverified: disabled, with the server's reason.
  const approveBlocked = data ? blockedReason(data.blocked, 'approve', locale) : null;

  return (
    <>
      <PageTitle>{t('nav.beApprove')}</PageTitle>
      <div className="kh-toolbar">
        <RoundPicker sel={sel} onChange={() => ({ page: null, state: null })} />
      </div>
      {orgId == null || month == null ? <Empty description={t('be.office.pickRound')} /> : null}
      <ErrorAlert error={m.error} onRetry={() => void m.refetch()} />
      {m.isLoading ? <Skeleton active paragraph={{ rows: 5 }} /> : null}
      {data ? (
        <Card
          className="kh-be-month-card"
          style={{ marginBottom: 16 }}
          title={
            <Space wrap>
              <span>{t('be.office.monthTitle', { org: data.orgName, month: data.month })}</span>
              <MonthStateTag state={data.state} />
            </Space>
          }
          extra={
            <Space wrap>
              {data.actions.includes('approve') && canApprove ? (
                <Button
                  type="primary"
                  icon={<CheckCircleOutlined />}
                  loading={approve.isPending}
                  disabled={approveBlocked !== null}
                  aria-describedby={approveBlocked ? 'month-approve-blocked' : undefined}
                  onClick={() => {
                    setFailure(null);
                    setConfirm('approve');
                  }}
                >
                  {l.monthAction('approve')}
                </Button>
              ) : null}
              {canApprove ? <BlockedHint reason={approveBlocked} id="month-approve-blocked" /> : null}
              {data.actions.includes('publish') && canApprove ? (
                <Button
                  type="primary"
                  icon={<NotificationOutlined />}
                  loading={publish.isPending}
                  onClick={() => {
                    setFailure(null);
                    setConfirm('publish');
                  }}
                >
                  {l.monthAction('publish')}
                </Button>
              ) : null}
              {data.state === 'approved' || data.state === 'published' ? (
                <>
                  <ButtonLink to={rankingsLink} icon={<BarChartOutlined />}>
                    {data.state === 'published' ? t('be.office.rankings') : t('be.office.rankingsPreview')}
                  </ButtonLink>
                  {data.state === 'published' ? (
                    <ButtonLink to={reportLink} icon={<FileTextOutlined />}>
                      {t('be.office.report')}
                    </ButtonLink>
                  ) : null}
                </>
              ) : null}
            </Space>
          }
        >
          <RoundSteps m={data} />
          <div className="kh-be-stats" style={{ marginTop: 16 }}>
            <Statistic title={t('be.office.stat.branches')} value={data.counts.branches} />
            <Statistic
              title={t('be.office.stat.selfOpen')}
              value={data.counts.selfOpen}
              styles={{ content: { color: data.counts.selfOpen > 0 ? '#d46b08' : undefined } }}
            />
            <Statistic title={t('be.office.stat.submitted')} value={data.counts.submitted} />
            <Statistic
              title={t('be.office.stat.returned')}
              value={data.counts.returned}
              styles={{ content: { color: data.counts.returned > 0 ? '#d46b08' : undefined } }}
            />
            <Statistic
              title={t('be.office.stat.verified')}
              value={data.counts.verified}
              suffix={`/ ${data.counts.branches}`}
              styles={{ content: { color: '#237804' } }}
            />
            <div style={{ minWidth: 220, flex: 1 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('be.office.stat.progress')}
              </Typography.Text>
              <Progress percent={verifiedPercent(data.counts)} />
            </div>
          </div>
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2, xl: 4 }}
            style={{ marginTop: 12 }}
            items={[
              { key: 'self', label: t('be.office.selfDue'), children: data.deadlines.selfDue },
              {
                key: 'verify',
                label: t('be.office.verifyDue'),
                children: (
                  <>
                    {data.deadlines.verifyDue}{' '}
                    <CalendarWarningTag
                      uncertain={data.deadlines.calendarUncertain}
                      years={data.deadlines.unknownYears}
                    />
                  </>
                ),
              },
              {
                key: 'approved',
                label: t('be.office.approvedAt'),
                children: data.approvedAt ? formatDateTime(data.approvedAt) : '—',
              },
              {
                key: 'published',
                label: t('be.office.publishedOn'),
                children: data.publishedOn ?? '—',
              },
            ]}
          />
          {data.state === 'open' ? (
            <Alert
              type="info"
              showIcon
              style={{ marginTop: 12 }}
              title={t('be.office.approveAfter', { due: data.deadlines.selfDue })}
            />
          ) : null}
          {data.state === 'verifying' && notVerified > 0 ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 12 }}
              title={t('be.office.notAllVerified', { n: notVerified })}
              description={
                <Space wrap size={6}>
                  {(
                    [
                      ['self_open', data.counts.selfOpen],
                      ['self_submitted', data.counts.submitted],
                      ['returned', data.counts.returned],
                    ] as const
                  )
                    .filter(([, n]) => n > 0)
                    .map(([s, n]) => (
                      <Button key={s} size="small" onClick={() => update({ state: s, page: null })}>
                        {t('be.office.filterOption', { name: l.branchMonthState(s), n })}
                      </Button>
                    ))}
                </Space>
              }
            />
          ) : null}
          {data.state === 'verifying' && notVerified === 0 && data.counts.branches > 0 ? (
            <Alert type="success" showIcon style={{ marginTop: 12 }} title={t('be.office.allVerified')} />
          ) : null}
          {data.state === 'published' ? (
            <Alert
              type="success"
              showIcon
              style={{ marginTop: 12 }}
              title={t('be.office.publishedNote', { date: data.publishedOn ?? '' })}
            />
          ) : null}
          {!canApprove ? (
            <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0', fontSize: 12 }}>
              {t('be.office.readOnly')}
            </Typography.Paragraph>
          ) : null}
          {failure ? (
            <Alert
              type="error"
              showIcon
              style={{ marginTop: 12 }}
              title={
                // The refusal lists the branches itself; shown as tags rather than one long sentence.
                unverified.length > 0
                  ? t('be.office.unverifiedList', { n: unverified.length })
                  : errorText(failure, locale, t)
              }
              description={
                unverified.length > 0 ? (
                  <div className="kh-be-rater-tags" style={{ marginTop: 4 }}>
                    {unverified.map((b) => (
                      <Tag key={b.id}>{`${b.name}（${b.code}）`}</Tag>
                    ))}
                  </div>
                ) : undefined
              }
              closable={{ onClose: () => setFailure(null) }}
            />
          ) : null}
        </Card>
      ) : null}

      {data ? (
        <Card title={t('be.office.branchProgress')}>
          <div className="kh-toolbar">
            <Select
              aria-label={t('be.office.filter')}
              value={filter}
              style={{ width: 200 }}
              onChange={(v) => update({ state: v === 'all' ? null : v, page: null })}
              options={[
                { value: 'all', label: t('be.office.filterAll') },
                ...states.map((s) => ({ value: s, label: l.branchMonthState(s) })),
              ]}
            />
          </div>
          <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
          <Table<BranchStatus>
            rowKey="branchId"
            size="small"
            loading={list.isFetching}
            dataSource={rows}
            locale={{ emptyText: t('common.noData') }}
            scroll={{ x: 900 }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => t('common.total', { total }),
              onChange: (p) => update({ page: p > 1 ? String(p) : null }),
            }}
            columns={[
              {
                key: 'branch',
                title: t('be.office.branch'),
                render: (_, r) => (
                  <div>
                    <div>{r.branchName}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.branchCode}
                    </Typography.Text>
                  </div>
                ),
              },
              {
                key: 'state',
                title: t('be.office.state'),
                width: 130,
                render: (_, r) => <BranchStateTag state={r.state} />,
              },
              {
                key: 'plan',
                title: t('be.office.plan'),
                width: 100,
                render: (_, r) => l.planState(r.planState),
              },
              {
                key: 'submitted',
                title: t('be.office.submittedCol'),
                width: 170,
                render: (_, r) => (r.submittedAt ? formatDateTime(r.submittedAt).slice(0, 16) : '—'),
              },
              {
                key: 'verified',
                title: t('be.office.verifiedCol'),
                width: 170,
                render: (_, r) => (r.verifiedAt ? formatDateTime(r.verifiedAt).slice(0, 16) : '—'),
              },
              {
                key: 'flags',
                title: t('be.office.flags'),
                width: 220,
                render: (_, r) => (
                  <div className="kh-be-branch-flags">
                    <BranchFlagTags flags={r} />
                  </div>
                ),
              },
            ]}
          />
        </Card>
      ) : null}

      {orgId != null && data?.state === 'published' ? (
        <Card title={t('be.correction.listTitle')} size="small">
          <CorrectionList orgId={orgId} month={month} />
        </Card>
      ) : null}

      <Modal
        open={confirm !== null}
        title={
          confirm === 'approve'
            ? t('be.office.approveTitle', { month: month ?? '' })
            : t('be.office.publishTitle', { month: month ?? '' })
        }
        okText={confirm ? l.monthAction(confirm) : ''}
        cancelText={t('common.cancel')}
        confirmLoading={approve.isPending || publish.isPending}
        onOk={() => confirm && void perform(confirm)}
        onCancel={() => setConfirm(null)}
      >
        {confirm === 'approve' && data ? (
          <>
            <Typography.Paragraph>
              {t('be.office.approveHint', { n: data.counts.branches })}
            </Typography.Paragraph>
            {notVerified > 0 ? (
              <Alert type="warning" showIcon title={t('be.office.approveWillFail', { n: notVerified })} />
            ) : null}
          </>
        ) : null}
        {confirm === 'publish' ? (
          <Typography.Paragraph>{t('be.office.publishHint')}</Typography.Paragraph>
        ) : null}
      </Modal>
    </>
  );
}
