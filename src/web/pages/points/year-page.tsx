import {
  CalculatorOutlined,
  CheckOutlined,
  DownloadOutlined,
  NotificationOutlined,
  RollbackOutlined,
  SendOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Popover,
  Row,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { lazy, Suspense, useState } from 'react';
import { type Tier, tiers } from '../../../domain/points/tiers.js';
import { ApiError } from '../../api/client.js';
import { useMe } from '../../auth/session.js';
import { BlockedHint, blockedReason } from '../../components/blocked.js';
import { ErrorAlert, errorText, PageSpinner } from '../../components/feedback.js';
import { LabeledSwitch } from '../../components/labeled-switch.js';
import { OrgTreeSelect } from '../../components/org-tree-select.js';
import { PageTitle } from '../../components/page-title.js';
import {
  exportYearResults,
  type TierActionView,
  useCompleteAction,
  useComputeYear,
  useTierActions,
  useYear,
  useYearAction,
  useYearResults,
  type YearResults,
  type YearView,
} from '../../features/points/api.js';
import { ReasonDialog } from '../../features/points/components/reason-dialog.js';
import { SchemeSelect, useSchemeSelection } from '../../features/points/components/scheme-picker.js';
import { TierTag, usePointsLabels, YearStateTag } from '../../features/points/labels.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { points2 } from '../../lib/points.js';

const TierDistributionChart = lazy(async () => ({
  default: (await import('../../features/points/charts.js')).TierDistributionChart,
}));

type ResultRow = YearResults['items'][number];

function YearStatus({ year }: { year: YearView }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const compute = useComputeYear();
  const step = useYearAction();
  const [returning, setReturning] = useState(false);
  const fail = (e: unknown) => void message.error(errorText(e, locale, t));
  const go = (action: 'submit' | 'approve' | 'publish') =>
    step
      .mutateAsync({ schemeId: year.schemeId, action })
      .then(() => void message.success(t(`points.year.done.${action}`)))
      .catch(fail);
  const busy = compute.isPending || step.isPending;
  // 测算等次 under "暂不能测算": disabled, with the server's reason.
  const computeBlocked = blockedReason(year.blocked, 'compute', locale);

  return (
    <Card
      title={
        <Space>
          {t('points.year.statusTitle', { year: year.year })}
          <YearStateTag state={year.state} />
        </Space>
      }
      extra={
        <Space wrap>
          {year.actions.includes('compute') ? (
            <Button
              icon={<CalculatorOutlined />}
              loading={compute.isPending}
              disabled={busy || computeBlocked !== null}
              aria-describedby={computeBlocked ? 'year-compute-blocked' : undefined}
              onClick={() =>
                compute
                  .mutateAsync(year.schemeId)
                  .then(() => void message.success(t('points.year.done.compute')))
                  .catch(fail)
              }
            >
              {year.computedAt ? t('points.year.recompute') : t('points.year.compute')}
            </Button>
          ) : null}
          <BlockedHint reason={computeBlocked} id="year-compute-blocked" />
          {year.actions.includes('submit') ? (
            <Popconfirm
              title={t('points.year.submitConfirm')}
              okText={t('points.year.submit')}
              cancelText={t('common.cancel')}
              onConfirm={() => void go('submit')}
            >
              <Button type="primary" icon={<SendOutlined />} disabled={busy || !year.computedAt}>
                {t('points.year.submit')}
              </Button>
            </Popconfirm>
          ) : null}
          {year.actions.includes('return') ? (
            <Button icon={<RollbackOutlined />} disabled={busy} onClick={() => setReturning(true)}>
              {t('points.year.return')}
            </Button>
          ) : null}
          {year.actions.includes('approve') ? (
            <Popconfirm
              title={t('points.year.approveConfirm')}
              okText={t('points.year.approve')}
              cancelText={t('common.cancel')}
              onConfirm={() => void go('approve')}
            >
              <Button type="primary" icon={<CheckOutlined />} disabled={busy}>
                {t('points.year.approve')}
              </Button>
            </Popconfirm>
          ) : null}
          {year.actions.includes('publish') ? (
            <Popconfirm
              title={t('points.year.publishConfirm')}
              description={t('points.year.publishHint')}
              okText={t('points.year.publish')}
              cancelText={t('common.cancel')}
              onConfirm={() => void go('publish')}
            >
              <Button type="primary" icon={<NotificationOutlined />} disabled={busy}>
                {t('points.year.publish')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      }
    >
      {year.notPublished.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('points.year.quartersPending', {
            quarters: year.notPublished.join(t('common.listSeparator')),
          })}
        />
      ) : null}
      {year.stale > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('points.year.stale', { n: year.stale })}
        />
      ) : null}
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 4 }}
        items={[
          { key: 'members', label: t('points.year.members'), children: year.members },
          {
            key: 'version',
            label: t('points.explain.version'),
            children: year.version != null ? t('points.scheme.versionN', { n: year.version }) : '—',
          },
          {
            key: 'computed',
            label: t('points.year.computedAt'),
            children: year.computedAt ? formatDateTime(year.computedAt) : '—',
          },
          { key: 'published', label: t('points.quarter.publishedOn'), children: year.publishedOn ?? '—' },
        ]}
      />
      {returning ? (
        <ReasonDialog
          open
          title={t('points.year.returnTitle')}
          okText={t('points.year.return')}
          onSubmit={(reason) =>
            step
              .mutateAsync({ schemeId: year.schemeId, action: 'return', reason })
              .then(() => void message.success(t('points.year.done.return')))
          }
          onClose={() => setReturning(false)}
        />
      ) : null}
    </Card>
  );
}

function Distribution({ data }: { data: YearResults }) {
  const { t } = useI18n();
  const labels = usePointsLabels();
  const bars = tiers.map((tier) => ({ tier, name: labels.tier(tier), count: data.distribution[tier] }));
  const total = bars.reduce((s, b) => s + b.count, 0);
  const summary = bars.map((b) => `${b.name} ${b.count}`).join(t('common.listSeparator'));
  const rule = data.rule;
  return (
    <Card title={t('points.year.distribution', { org: data.orgName })}>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Suspense fallback={<PageSpinner />}>
            <TierDistributionChart bars={bars} label={t('points.year.chartLabel', { total, summary })} />
          </Suspense>
        </Col>
        <Col xs={24} xl={14}>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {rule
              ? rule.kind === 'quota'
                ? t('points.rules.quotaText', {
                    b: rule.benchmark,
                    e: rule.excellent,
                    g: rule.good,
                    w: points2(rule.warningBelow),
                  })
                : t('points.rules.thresholdText', {
                    b: points2(rule.benchmark),
                    e: points2(rule.excellent),
                    g: points2(rule.good),
                    w: points2(rule.warningBelow),
                  })
              : ''}
          </Typography.Paragraph>
          <Table
            rowKey="scopeOrgId"
            size="small"
            pagination={false}
            dataSource={data.scopes}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('points.year.scope'), dataIndex: 'scopeOrgName' },
              { title: 'n', dataIndex: 'n', align: 'right' },
              {
                title: t('points.year.limits'),
                key: 'limits',
                render: (_v, s) =>
                  s.limits ? `${s.limits.benchmark} / ${s.limits.excellent} / ${s.limits.good}` : '—',
              },
              ...tiers.map((tier: Tier) => ({
                title: labels.tier(tier),
                key: tier,
                align: 'right' as const,
                render: (_v: unknown, s: YearResults['scopes'][number]) => s.distribution[tier],
              })),
            ]}
          />
        </Col>
      </Row>
    </Card>
  );
}

function Results({ schemeId, published }: { schemeId: number; published: boolean }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const labels = usePointsLabels();
  const ownBranch = me.grants.find((g) => g.role === 'secretary')?.orgId;
  const officer = me.permissions.includes('points.results.read');
  const [orgId, setOrgId] = useState<number | null>(officer ? null : (ownBranch ?? null));
  const [tier, setTier] = useState<Tier | undefined>();
  const [flagged, setFlagged] = useState(false);
  const [page, setPage] = useState(1);
  const filters = {
    ...(orgId ? { orgId } : {}),
    ...(tier ? { tier } : {}),
    ...(flagged ? { flagged: 'true' as const } : {}),
  };
  const results = useYearResults(schemeId, filters, page, 50, officer || published);
  const data = results.data;

  const columns: TableColumnsType<ResultRow> = [
    {
      title: t('points.year.rank'),
      dataIndex: 'rankInScope',
      width: 70,
      align: 'center',
      render: (v: number | null) => v ?? '—',
    },
    {
      title: t('points.board.name'),
      key: 'name',
      render: (_v, r) => (
        <Space size={4}>
          <span>{r.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.employeeNo}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('points.board.branch'), dataIndex: 'branchName', ellipsis: true },
    { title: t('points.year.scope'), dataIndex: 'scopeOrgName', ellipsis: true },
    {
      title: t('points.year.annual'),
      key: 'annual',
      align: 'right',
      render: (_v, r) => (
        <Popover
          title={t('points.year.whyTitle', { name: r.name })}
          trigger="click"
          content={
            <div style={{ maxWidth: 360 }}>
              <Typography.Paragraph>
                {locale === 'en' ? r.explanation.text.en : r.explanation.text.zh}
              </Typography.Paragraph>
              <Space size={4} wrap>
                {r.explanation.quarters.map((q) => (
                  <Tag key={q.quarter}>{`${q.quarter.slice(5)} ${points2(q.total)}`}</Tag>
                ))}
              </Space>
            </div>
          }
        >
          <Button
            type="link"
            size="small"
            className="kh-score-link"
            aria-label={t('points.year.whyNamed', { name: r.name })}
          >
            <strong>{points2(r.annualScore)}</strong>
          </Button>
        </Popover>
      ),
    },
    { title: t('points.year.quartersPresent'), dataIndex: 'quartersPresent', align: 'center' },
    {
      title: t('points.year.tier'),
      key: 'tier',
      render: (_v, r) => (
        <Space size={4} wrap>
          <TierTag tier={r.tier} />
          {r.flagged ? <Tag color="orange">{t('points.year.flagged')}</Tag> : null}
          {r.hasVeto ? <Tag color="red">{t('points.item.veto')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('points.year.reason'), key: 'reason', render: (_v, r) => labels.tierReason(r.reason) },
  ];

  if (results.error instanceof ApiError && results.error.status === 403) {
    return <Alert type="info" showIcon title={t('points.year.notPublishedYet')} />;
  }
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {data ? <Distribution data={data} /> : null}
      <Card title={t('points.year.results')}>
        <div className="kh-toolbar">
          <div style={{ width: 240 }}>
            <OrgTreeSelect
              tree="party"
              aria-label={t('points.board.org')}
              placeholder={t('points.year.allOrgs')}
              allowClear
              value={orgId}
              onChange={(v) => {
                setOrgId(v);
                setPage(1);
              }}
            />
          </div>
          <Select
            aria-label={t('points.year.tier')}
            value={tier ?? 'all'}
            onChange={(v) => {
              setTier(v === 'all' ? undefined : (v as Tier));
              setPage(1);
            }}
            style={{ width: 130 }}
            options={[
              { value: 'all', label: t('points.year.allTiers') },
              ...tiers.map((x) => ({ value: x, label: labels.tier(x) })),
            ]}
          />
          <LabeledSwitch
            checked={flagged}
            onChange={(v) => {
              setFlagged(v);
              setPage(1);
            }}
            label={t('points.year.flaggedOnly')}
          />
          <div className="kh-toolbar-spacer" />
          <Button
            icon={<DownloadOutlined />}
            disabled={!data || data.total === 0}
            onClick={() =>
              void exportYearResults(schemeId, filters, `${t('nav.pointsYear')}.xlsx`).catch(
                (e: unknown) => void message.error(errorText(e, locale, t)),
              )
            }
          >
            {t('points.board.export')}
          </Button>
        </div>
        <ErrorAlert error={results.error} onRetry={() => void results.refetch()} />
        <Table<ResultRow>
          rowKey="memberId"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={results.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('points.year.noResults')} />
            ),
          }}
          pagination={{
            current: page,
            pageSize: 50,
            total: data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('common.total', { total }),
            onChange: setPage,
          }}
        />
      </Card>
    </Space>
  );
}

function ActionsTab({ schemeId }: { schemeId: number }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const labels = usePointsLabels();
  const [status, setStatus] = useState<'open' | 'done' | 'overdue' | undefined>();
  const [tier, setTier] = useState<Tier | undefined>();
  const [page, setPage] = useState(1);
  const actions = useTierActions({ schemeId, status, tier, page, pageSize: 50 });
  const complete = useCompleteAction();
  const [doing, setDoing] = useState<TierActionView | null>(null);
  const [form] = Form.useForm<{ note: string }>();

  const columns: TableColumnsType<TierActionView> = [
    {
      title: t('points.board.name'),
      key: 'm',
      render: (_v, a) => t('common.nameWithNote', { name: a.memberName, note: a.employeeNo }),
    },
    { title: t('points.board.branch'), dataIndex: 'branchName', ellipsis: true },
    { title: t('points.year.tier'), key: 'tier', render: (_v, a) => <TierTag tier={a.tier} /> },
    { title: t('points.actions.name'), dataIndex: 'name' },
    { title: t('points.actions.owner'), dataIndex: 'ownerName', render: (v: string | null) => v ?? '—' },
    {
      title: t('points.actions.due'),
      key: 'due',
      render: (_v, a) => (
        <Typography.Text type={a.status === 'overdue' ? 'danger' : undefined}>
          {a.dueOn ?? '—'}
        </Typography.Text>
      ),
    },
    {
      title: t('points.actions.status'),
      key: 'status',
      render: (_v, a) =>
        a.status === 'done' ? (
          <Space orientation="vertical" size={0}>
            <Tag color="success">{t('points.actions.status.done')}</Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {a.doneNote}
            </Typography.Text>
          </Space>
        ) : (
          <Tag color={a.status === 'overdue' ? 'error' : 'processing'}>
            {t(`points.actions.status.${a.status}`)}
          </Tag>
        ),
    },
    {
      title: t('common.actions'),
      key: 'a',
      render: (_v, a) =>
        a.canComplete ? (
          <Button
            size="small"
            onClick={() => setDoing(a)}
            aria-label={t('points.actions.markDoneNamed', { name: a.memberName, action: a.name })}
          >
            {t('points.actions.markDone')}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <div className="kh-toolbar">
        <Select
          aria-label={t('points.actions.status')}
          value={status ?? 'all'}
          onChange={(v) => {
            setStatus(v === 'all' ? undefined : (v as 'open' | 'done' | 'overdue'));
            setPage(1);
          }}
          style={{ width: 130 }}
          options={[
            { value: 'all', label: t('points.actions.allStatuses') },
            ...(['open', 'overdue', 'done'] as const).map((s) => ({
              value: s,
              label: t(`points.actions.status.${s}`),
            })),
          ]}
        />
        <Select
          aria-label={t('points.year.tier')}
          value={tier ?? 'all'}
          onChange={(v) => {
            setTier(v === 'all' ? undefined : (v as Tier));
            setPage(1);
          }}
          style={{ width: 130 }}
          options={[
            { value: 'all', label: t('points.year.allTiers') },
            ...tiers.map((x) => ({ value: x, label: labels.tier(x) })),
          ]}
        />
      </div>
      <ErrorAlert error={actions.error} onRetry={() => void actions.refetch()} />
      <Table<TierActionView>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={actions.data?.items ?? []}
        loading={actions.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('points.actions.empty')} />,
        }}
        pagination={{
          current: page,
          pageSize: 50,
          total: actions.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('common.total', { total }),
          onChange: setPage,
        }}
      />
      {doing ? (
        <Modal
          open
          title={t('points.actions.markDoneTitle', { name: doing.memberName, action: doing.name })}
          okText={t('points.actions.markDone')}
          cancelText={t('common.cancel')}
          confirmLoading={complete.isPending}
          onCancel={() => setDoing(null)}
          destroyOnHidden
          onOk={async () => {
            const v = await form.validateFields().catch(() => null);
            if (!v) return; // the form marks what is missing
            const { note } = v;
            try {
              await complete.mutateAsync({ id: doing.id, note: note.trim() });
              void message.success(t('points.actions.doneMsg'));
              setDoing(null);
            } catch (e) {
              void message.error(errorText(e, locale, t));
            }
          }}
        >
          <Form form={form} layout="vertical" preserve={false}>
            <Form.Item
              name="note"
              label={t('points.actions.note')}
              rules={[
                { required: true, whitespace: true, message: t('form.required') },
                { max: 500, message: t('form.maxLength', { max: 500 }) },
              ]}
            >
              <Input.TextArea rows={3} maxLength={500} placeholder={t('points.actions.notePlaceholder')} />
            </Form.Item>
          </Form>
        </Modal>
      ) : null}
    </>
  );
}

/**
 * 年度评级: the year's annual scores and five tiers — computed and submitted by affairs,
 * approved and published by the committee — with the distribution chart, each member's result
 * explained, and the tiers' tracked rewards and penalties (奖惩) marked done.
 */
export function YearPage() {
  const { t } = useI18n();
  const sel = useSchemeSelection();
  const year = useYear(sel.scheme?.id);
  const [tab, setTab] = useState('results');
  const forbidden = year.error instanceof ApiError && year.error.status === 403;

  return (
    <>
      <PageTitle>{t('nav.pointsYear')}</PageTitle>
      <div className="kh-toolbar">
        <SchemeSelect schemes={sel.schemes.data ?? []} value={sel.scheme?.id} onChange={sel.setScheme} />
      </div>
      <ErrorAlert error={sel.schemes.error ?? (forbidden ? null : year.error)} />
      {sel.schemes.data && !sel.scheme ? <Empty description={t('points.scheme.noneYet')} /> : null}
      {sel.scheme && year.isPending ? <PageSpinner /> : null}
      {sel.scheme && (year.data || forbidden) ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {year.data ? (
            <YearStatus year={year.data} />
          ) : (
            <Alert type="info" showIcon title={t('points.year.notPublishedYet')} />
          )}
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              {
                key: 'results',
                label: t('points.year.results'),
                children: year.data?.computedAt ? (
                  <Results schemeId={sel.scheme.id} published={year.data.state === 'published'} />
                ) : (
                  <Empty
                    description={forbidden ? t('points.year.notPublishedYet') : t('points.year.notComputed')}
                  />
                ),
              },
              {
                key: 'actions',
                label: t('points.actions.title'),
                children: <ActionsTab schemeId={sel.scheme.id} />,
              },
            ]}
          />
        </Space>
      ) : null}
    </>
  );
}
