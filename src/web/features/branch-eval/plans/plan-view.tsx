import { Alert, Card, Empty, Select, Space, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../../api/client.js';
import { useToday } from '../../../app/server-day.js';
import { useMe } from '../../../auth/session.js';
import { ErrorAlert, PageSpinner } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';
import { parseQuarter, quarterOfDay } from '../../../lib/be-plans.js';
import { formatDateTime } from '../../../lib/format.js';
import { quarterBounds } from '../../../lib/points.js';
import { useOrgs } from '../../org/api.js';
import { useBeLabels } from '../labels.js';
import { type PlanDetail, type PlanState, useBranchPlan } from './api.js';
import { PlanIndicatorsView, PlanTotals, SettingsSummary } from './plan-content.js';
import { QuarterSelect, useQuarterLabel } from './selection.js';

const stateColors: Record<PlanState, string> = { draft: 'default', approved: 'green', frozen: 'blue' };

/** A plan's state in force (草稿 / 已审定 / 已冻结), and 逾期审定 when it was approved late. */
export function PlanStateTag({ state, late }: { state: PlanState; late?: boolean }) {
  const { t } = useI18n();
  const l = useBeLabels();
  return (
    <Space size={4} wrap>
      <Tag color={stateColors[state]} style={{ marginInlineEnd: 0 }}>
        {l.planState(state)}
      </Tag>
      {late ? (
        <Tag color="orange" style={{ marginInlineEnd: 0 }}>
          {t('be.plans.late')}
        </Tag>
      ) : null}
    </Space>
  );
}

/** Where a plan stands: state, version, approval, and what it means for editing. */
export function PlanStatus({ plan }: { plan: PlanDetail }) {
  const { t } = useI18n();
  const quarterLabel = useQuarterLabel();
  const start = quarterBounds(plan.quarter).start;
  const text =
    plan.state === 'frozen'
      ? t('be.plans.statusFrozen', { version: plan.version, start })
      : plan.state === 'approved'
        ? t('be.plans.statusApproved', { version: plan.version, start })
        : plan.canTailor
          ? t('be.plans.statusDraftEditable', { version: plan.version, start })
          : t('be.plans.statusDraft', { version: plan.version });
  return (
    <Alert
      type={plan.state === 'draft' ? 'info' : 'success'}
      showIcon
      style={{ marginBottom: 12 }}
      title={
        <Space size={8} wrap>
          <PlanStateTag state={plan.state} late={plan.approvedLate} />
          <span>{t('be.plans.versionN', { n: plan.version })}</span>
          <span>{quarterLabel(plan.quarter)}</span>
          {plan.approvedAt ? (
            <Typography.Text type="secondary">
              {t('be.plans.approvedAt', { at: formatDateTime(plan.approvedAt) })}
            </Typography.Text>
          ) : null}
        </Space>
      }
      description={text}
    />
  );
}

/**
 * A branch secretary's view of their branch's plan (SPEC §3: the committee "gives every branch its
 * plan"): read-only, by quarter, laid out for a phone.
 */
export function BranchPlanView() {
  const today = useToday();
  const { t, locale } = useI18n();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const orgs = useOrgs('party');
  const branches = [...new Set(me.grants.filter((g) => g.role === 'secretary').map((g) => g.orgId))];
  const asked = Number(params.get('branch'));
  const branchId = branches.includes(asked) ? asked : (branches[0] ?? null);
  const quarter = parseQuarter(params.get('quarter')) ? params.get('quarter') : quarterOfDay(today);
  const plan = useBranchPlan(branchId, quarter);
  const nameOf = (id: number) => orgs.data?.find((o) => o.id === id)?.name ?? String(id);
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    setParams(next, { replace: true });
  };
  const missing = plan.error instanceof ApiError && plan.error.status === 404;

  if (branchId === null) return <Empty description={t('be.plans.noBranch')} />;
  return (
    <>
      <div className="kh-toolbar">
        {branches.length > 1 ? (
          <Select
            aria-label={t('be.plans.branch')}
            value={branchId}
            style={{ minWidth: 200 }}
            onChange={(v: number) => set('branch', String(v))}
            options={branches.map((b) => ({ value: b, label: nameOf(b) }))}
          />
        ) : null}
        <QuarterSelect value={quarter} onChange={(q) => set('quarter', q)} width={180} />
      </div>
      {plan.isPending && !missing && !plan.error ? <PageSpinner /> : null}
      {missing ? (
        <Card>
          <Empty description={plan.error instanceof ApiError ? plan.error.messageIn(locale) : null} />
        </Card>
      ) : (
        <ErrorAlert error={plan.error} onRetry={() => void plan.refetch()} />
      )}
      {plan.data ? (
        <>
          <Typography.Title level={2} style={{ fontSize: 17, margin: '4px 0 12px' }}>
            {plan.data.branchName}
          </Typography.Title>
          <PlanStatus plan={plan.data} />
          <PlanTotals items={plan.data.indicators} settings={plan.data.settings} />
          <Card size="small">
            <SettingsSummary value={plan.data.settings} />
            <PlanIndicatorsView items={plan.data.indicators} />
          </Card>
        </>
      ) : null}
    </>
  );
}
