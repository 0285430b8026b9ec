import { Card } from 'antd';
import { hasPermission, useMe } from '../../auth/session.js';
import { PageTitle } from '../../components/page-title.js';
import { RoundPlans } from '../../features/branch-eval/plans/plan-list.js';
import { BranchPlanView } from '../../features/branch-eval/plans/plan-view.js';
import { useI18n } from '../../i18n/index.js';

/**
 * 季度指标方案 (SPEC §3): the office prepares a round's plans, the committee approves them; a
 * branch secretary reads their branch's plan. `?org=&quarter=&state=` (the to-do list links here).
 */
export function PlansPage() {
  const { t } = useI18n();
  const me = useMe();
  const readsRound =
    hasPermission(me, 'branch_eval.plan.manage') ||
    hasPermission(me, 'branch_eval.plan.approve') ||
    hasPermission(me, 'branch_eval.results.read');
  return (
    <>
      <PageTitle>{readsRound ? t('be.plans.plansTitle') : t('be.plans.myPlanTitle')}</PageTitle>
      {readsRound ? (
        <Card>
          <RoundPlans />
        </Card>
      ) : (
        <BranchPlanView />
      )}
    </>
  );
}
