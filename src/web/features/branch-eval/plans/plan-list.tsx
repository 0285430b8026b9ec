import { CheckOutlined, CopyOutlined, ThunderboltOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Modal,
  Popconfirm,
  Radio,
  Segmented,
  Space,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { PlanRefusal } from '../../../../contracts/branch-eval.js';
import { planStates } from '../../../../domain/branch-eval/plan.js';
import { ApiError } from '../../../api/client.js';
import { useToday } from '../../../app/server-day.js';
import { hasPermission, useMe } from '../../../auth/session.js';
import { ErrorAlert, errorText, PageSpinner } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';
import {
  baseTotal,
  defaultPlanQuarter,
  errorsIn,
  formatPoints,
  parseQuarter,
  quarterOfDay,
  refusedPlans,
  shiftQuarter,
} from '../../../lib/be-plans.js';
import { formatDateTime } from '../../../lib/format.js';
import { quarterBounds } from '../../../lib/points.js';
import { ReasonDialog } from '../../points/components/reason-dialog.js';
import { useBeLabels } from '../labels.js';
import {
  type PlanState,
  type PlanSummary,
  useApproveQuarter,
  useCopyPlans,
  useGeneratePlans,
  usePlanCounts,
  usePlanStep,
  usePlans,
  useTemplates,
} from './api.js';
import { ErrorCountTag } from './plan-content.js';
import { PlanStateTag } from './plan-view.js';
import { CommitteePicker, QuarterSelect, useCommitteeSelection, useQuarterLabel } from './selection.js';

const num = (s: string | null) => {
  const n = Number(s);
  return s && Number.isInteger(n) && n > 0 ? n : null;
};

/** Picks the template the quarter's draft plans are generated from. */
function GenerateModal({ orgId, quarter, onClose }: { orgId: number; quarter: string; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const quarterLabel = useQuarterLabel();
  const templates = useTemplates(orgId, 1, 100);
  const generate = useGeneratePlans();
  const [templateId, setTemplateId] = useState<number | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const items = templates.data?.items ?? [];
  const chosen = templateId ?? items[0]?.id ?? null;

  const submit = async () => {
    if (chosen === null) return;
    setFailure(null);
    try {
      const r = await generate.mutateAsync({ templateId: chosen, quarter });
      void message.success(t('be.plans.generated', { created: r.created.length, skipped: r.skipped.length }));
      onClose();
    } catch (e) {
      setFailure(e);
    }
  };

  return (
    <Modal
      open
      width={640}
      title={t('be.plans.generateTitle', { quarter: quarterLabel(quarter) })}
      okText={t('be.plans.generate')}
      okButtonProps={{ disabled: chosen === null }}
      cancelText={t('common.cancel')}
      confirmLoading={generate.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('be.plans.generateIntro')}</Typography.Paragraph>
      <ErrorAlert error={failure ?? templates.error} />
      {templates.isPending ? <PageSpinner /> : null}
      {templates.data && items.length === 0 ? <Empty description={t('be.plans.noTemplates')} /> : null}
      <Radio.Group
        value={chosen}
        onChange={(e) => setTemplateId(e.target.value as number)}
        style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
      >
        {items.map((tpl) => {
          const errors = errorsIn(tpl.issues);
          return (
            <Radio key={tpl.id} value={tpl.id}>
              <span>{tpl.name}</span>
              <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                {t('be.plans.templateLine', {
                  count: tpl.indicators.length,
                  base: formatPoints(baseTotal(tpl.pointsByCategory)),
                  innovation: formatPoints(tpl.pointsByCategory.innovation),
                })}
              </Typography.Text>
              {errors > 0 ? (
                <Typography.Text type="danger" style={{ marginInlineStart: 8, fontSize: 12 }}>
                  {t('be.plans.errorCount', { count: errors })}
                </Typography.Text>
              ) : null}
            </Radio>
          );
        })}
      </Radio.Group>
    </Modal>
  );
}

/** The plans that kept the quarter from being approved, each with its problems and a link to fix it. */
function RefusalModal({
  refusal,
  onClose,
}: {
  refusal: { message: string; plans: PlanRefusal[] };
  onClose: () => void;
}) {
  const { t } = useI18n();
  const l = useBeLabels();
  const columns: TableColumnsType<PlanRefusal> = [
    {
      title: t('be.plans.branch'),
      key: 'branch',
      width: 220,
      render: (_v, p) => (
        <Link to={`/branch-eval/plans/${p.planId}`} onClick={onClose}>
          {p.branchName}
        </Link>
      ),
    },
    {
      title: t('be.plans.issues'),
      key: 'issues',
      render: (_v, p) => (
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {p.issues.map((i) => (
            <li key={`${i.code}-${i.indicator ?? ''}-${JSON.stringify(i.details)}`}>{l.text(i.message)}</li>
          ))}
        </ul>
      ),
    },
  ];
  return (
    <Modal
      open
      width={820}
      title={t('be.plans.refusedTitle', { count: refusal.plans.length })}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('common.done')}
        </Button>
      }
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert
        type="error"
        showIcon
        title={refusal.message}
        description={t('be.plans.refusedHint')}
        style={{ marginBottom: 12 }}
      />
      <Table<PlanRefusal>
        rowKey="planId"
        size="small"
        columns={columns}
        dataSource={refusal.plans}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content', y: 420 }}
      />
    </Modal>
  );
}

/**
 * A round's quarter plans (SPEC §3 季度指标方案): every branch's plan with its state, totals and
 * problems; the office generates them from a template or copies last quarter's, the committee
 * approves them one by one or all at once (all or none), or reopens one with a reason.
 */
export function RoundPlans() {
  const { t, locale } = useI18n();
  const me = useMe();
  const l = useBeLabels();
  const { message, modal } = App.useApp();
  const quarterLabel = useQuarterLabel();
  const sel = useCommitteeSelection(['eval_office', 'committee', 'affairs', 'admin']);
  const orgId = sel.orgId;
  const today = useToday();
  const current = quarterOfDay(today);
  const asked = parseQuarter(sel.params.get('quarter')) ? sel.params.get('quarter') : null;
  const currentCounts = usePlanCounts(asked ? null : orgId, current);
  const quarter = asked ?? (currentCounts.data ? defaultPlanQuarter(today, currentCounts.data) : null);
  const state = planStates.find((s) => s === sel.params.get('state'));
  const page = num(sel.params.get('page')) ?? 1;
  const [pageSize, setPageSize] = useState(50);
  const plans = usePlans(orgId, quarter, state, page, pageSize);
  const counts = usePlanCounts(orgId, quarter);
  const generate = useGeneratePlans();
  const copy = useCopyPlans();
  const approveAll = useApproveQuarter();
  const step = usePlanStep();
  const [generating, setGenerating] = useState(false);
  const [refusal, setRefusal] = useState<{ message: string; plans: PlanRefusal[] } | null>(null);
  const [reopening, setReopening] = useState<PlanSummary | null>(null);

  const canManage = sel.can('branch_eval.plan.manage', orgId);
  const approves = hasPermission(me, 'branch_eval.plan.approve');
  const canApproveRow = (p: PlanSummary) => sel.can('branch_eval.plan.approve', p.branchId);
  const drafts = counts.data?.drafts ?? 0;
  const total = counts.data?.total ?? 0;
  const start = quarter ? quarterBounds(quarter).start : '';
  const started = quarter !== null && today >= start;

  if (sel.resolving || (orgId !== null && !asked && currentCounts.isPending)) return <PageSpinner />;
  if (orgId === null) {
    return (
      <Card>
        <CommitteePicker sel={sel} />
        <Empty description={t('be.plans.pickOrg')} />
      </Card>
    );
  }

  const runCopy = () => {
    if (!quarter) return;
    const from = shiftQuarter(quarter, -1);
    modal.confirm({
      title: t('be.plans.copyTitle', { from: quarterLabel(from), to: quarterLabel(quarter) }),
      content: t('be.plans.copyIntro'),
      okText: t('be.plans.copy'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const r = await copy.mutateAsync({ orgId, fromQuarter: from });
          if (r.created.length === 0 && r.skipped.length === 0) {
            void message.info(t('be.plans.copyNothing', { from: quarterLabel(from) }));
          } else {
            void message.success(
              t('be.plans.copied', { created: r.created.length, skipped: r.skipped.length }),
            );
          }
        } catch (e) {
          void message.error(errorText(e, locale, t));
        }
      },
    });
  };

  const runApproveAll = () => {
    if (!quarter) return;
    modal.confirm({
      title: t('be.plans.approveAllTitle', { quarter: quarterLabel(quarter), count: drafts }),
      content: started ? t('be.plans.approveAllLate', { start }) : t('be.plans.approveAllIntro', { start }),
      okText: t('be.plans.approveAll'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const r = await approveAll.mutateAsync({ orgId, quarter });
          if (r.approved.length === 0) void message.info(t('be.plans.approveAllNothing'));
          else if (r.late) void message.warning(t('be.plans.approvedAllLate', { count: r.approved.length }));
          else void message.success(t('be.plans.approvedAll', { count: r.approved.length }));
        } catch (e) {
          const plans = e instanceof ApiError ? refusedPlans(e.details) : [];
          if (e instanceof ApiError && plans.length > 0) setRefusal({ message: e.messageIn(locale), plans });
          else void message.error(errorText(e, locale, t));
        }
      },
    });
  };

  const approveOne = async (p: PlanSummary) => {
    try {
      const r = await step.mutateAsync({ id: p.id, action: 'approve' });
      void message.success(t('be.plans.approvedOne', { branch: r.branchName }));
    } catch (e) {
      void message.error(errorText(e, locale, t));
    }
  };

  const columns: TableColumnsType<PlanSummary> = [
    {
      title: t('be.plans.branch'),
      key: 'branch',
      fixed: 'left',
      render: (_v, p) => (
        <div style={{ minWidth: 140, maxWidth: 200 }}>
          <Link to={`/branch-eval/plans/${p.id}`}>{p.branchName}</Link>
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{p.branchCode}</div>
        </div>
      ),
    },
    {
      title: t('be.plans.state'),
      key: 'state',
      width: 150,
      render: (_v, p) => (
        <div>
          <Space size={4} wrap>
            <PlanStateTag state={p.state} late={p.approvedLate} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('be.plans.versionShort', { n: p.version })}
            </Typography.Text>
          </Space>
          {p.approvedAt ? (
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
              {t('be.plans.approvedAt', { at: formatDateTime(p.approvedAt).slice(0, 16) })}
            </div>
          ) : null}
        </div>
      ),
    },
    ...(['mandatory', 'basic', 'evaluative'] as const).map((c) => ({
      title: l.category(c),
      key: c,
      width: 70,
      align: 'right' as const,
      render: (_v: unknown, p: PlanSummary) => formatPoints(p.pointsByCategory[c]),
    })),
    {
      title: t('be.plans.baseTotalShort'),
      key: 'base',
      width: 80,
      align: 'right',
      render: (_v, p) => <strong>{formatPoints(baseTotal(p.pointsByCategory))}</strong>,
    },
    {
      title: l.category('innovation'),
      key: 'innovation',
      width: 70,
      align: 'right',
      render: (_v, p) => formatPoints(p.pointsByCategory.innovation),
    },
    {
      title: t('be.plans.issues'),
      key: 'issues',
      width: 110,
      render: (_v, p) => <ErrorCountTag count={p.errorCount} />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 130,
      fixed: 'right',
      render: (_v, p) => (
        <Space size={0} wrap>
          {p.state === 'draft' && canApproveRow(p) ? (
            <Popconfirm
              title={t('be.plans.approveOneConfirm', { branch: p.branchName })}
              description={p.errorCount > 0 ? t('be.plans.approveOneErrors') : undefined}
              okText={l.planAction('approve')}
              cancelText={t('common.cancel')}
              okButtonProps={{ disabled: p.errorCount > 0 }}
              onConfirm={() => approveOne(p)}
            >
              <Button type="link" size="small">
                {l.planAction('approve')}
              </Button>
            </Popconfirm>
          ) : null}
          {p.state === 'approved' && canApproveRow(p) ? (
            <Button type="link" size="small" onClick={() => setReopening(p)}>
              {l.planAction('reopen')}
            </Button>
          ) : null}
          {p.state === 'draft' && canManage ? (
            <Link to={`/branch-eval/plans/${p.id}`}>{t('be.plans.tailor')}</Link>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <div className="kh-toolbar">
        <CommitteePicker sel={sel} />
        <QuarterSelect value={quarter} onChange={(q) => sel.update({ quarter: q })} />
        <Segmented
          aria-label={t('be.plans.state')}
          value={state ?? 'all'}
          onChange={(v) => sel.update({ state: v === 'all' ? null : String(v) })}
          options={[
            { value: 'all', label: t('be.plans.allStates') },
            ...planStates.map((s) => ({ value: s, label: l.planState(s as PlanState) })),
          ]}
        />
        <div className="kh-toolbar-spacer" />
        <Space wrap>
          {canManage ? (
            <>
              <Button
                icon={<ThunderboltOutlined />}
                onClick={() => setGenerating(true)}
                loading={generate.isPending}
              >
                {t('be.plans.generate')}
              </Button>
              <Button icon={<CopyOutlined />} onClick={runCopy} loading={copy.isPending}>
                {t('be.plans.copyLast')}
              </Button>
            </>
          ) : null}
          {approves ? (
            <Button
              type="primary"
              icon={<CheckOutlined />}
              disabled={drafts === 0}
              loading={approveAll.isPending}
              onClick={runApproveAll}
            >
              {t('be.plans.approveAllN', { count: drafts })}
            </Button>
          ) : null}
        </Space>
      </div>
      {quarter && counts.data ? (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {t('be.plans.quarterSummary', {
            quarter: quarterLabel(quarter),
            total,
            drafts,
            approved: total - drafts,
          })}
          {started ? t('be.plans.quarterStarted', { start }) : t('be.plans.quarterStarts', { start })}
        </Typography.Paragraph>
      ) : null}
      <ErrorAlert error={plans.error} onRetry={() => void plans.refetch()} />
      <Table<PlanSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={plans.data?.items ?? []}
        loading={plans.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: state
            ? t('be.plans.noneInState')
            : canManage
              ? t('be.plans.noPlansManage')
              : t('be.plans.noPlans'),
        }}
        pagination={{
          current: page,
          pageSize,
          total: plans.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (n) => t('common.total', { total: n }),
          onChange: (p, s) => {
            setPageSize(s);
            sel.update({ page: s === pageSize && p > 1 ? String(p) : null });
          },
        }}
      />
      {generating && quarter ? (
        <GenerateModal orgId={orgId} quarter={quarter} onClose={() => setGenerating(false)} />
      ) : null}
      {refusal ? <RefusalModal refusal={refusal} onClose={() => setRefusal(null)} /> : null}
      <ReasonDialog
        open={reopening !== null}
        title={t('be.plans.reopenTitle', { branch: reopening?.branchName ?? '' })}
        description={t('be.plans.reopenIntro')}
        label={t('be.plans.reopenReason')}
        okText={l.planAction('reopen')}
        danger
        onSubmit={async (reason) => {
          if (!reopening) return;
          await step.mutateAsync({ id: reopening.id, action: 'reopen', reason });
          void message.success(t('be.plans.reopened', { branch: reopening.branchName }));
        }}
        onClose={() => setReopening(null)}
      />
    </>
  );
}
