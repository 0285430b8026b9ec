import { Card, Empty } from 'antd';
import { useParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { ErrorAlert, PageSpinner } from '../../components/feedback.js';
import { PageTitle } from '../../components/page-title.js';
import { Forbidden, NotFound } from '../../components/result-pages.js';
import { usePlan } from '../../features/branch-eval/plans/api.js';
import { PlanDetailView } from '../../features/branch-eval/plans/plan-detail.js';
import { useQuarterLabel } from '../../features/branch-eval/plans/selection.js';
import { useI18n } from '../../i18n/index.js';

/** One branch's quarter plan: the 量身定制 editor, or the plan read-only. `/branch-eval/plans/:id`. */
export function PlanDetailPage() {
  const { t } = useI18n();
  const quarterLabel = useQuarterLabel();
  const { id } = useParams();
  const planId = Number(id);
  const valid = Number.isInteger(planId) && planId > 0;
  const plan = usePlan(valid ? planId : null);

  if (!valid) return <NotFound />;
  if (plan.error instanceof ApiError && plan.error.status === 404) return <NotFound />;
  if (plan.error instanceof ApiError && plan.error.status === 403) return <Forbidden />;
  return (
    <>
      <PageTitle>
        {plan.data
          ? t('be.plans.detailTitle', {
              branch: plan.data.branchName,
              quarter: quarterLabel(plan.data.quarter),
            })
          : t('be.plans.plansTitle')}
      </PageTitle>
      <ErrorAlert error={plan.error} onRetry={() => void plan.refetch()} />
      {plan.isPending && !plan.error ? <PageSpinner /> : null}
      {plan.data ? <PlanDetailView key={`${plan.data.id}-${plan.data.versionId}`} plan={plan.data} /> : null}
      {!plan.data && plan.error ? (
        <Card>
          <Empty />
        </Card>
      ) : null}
    </>
  );
}
