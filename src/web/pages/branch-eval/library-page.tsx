import { Card, Empty, Tabs, Typography } from 'antd';
import { PageSpinner } from '../../components/feedback.js';
import { PageTitle } from '../../components/page-title.js';
import { LibraryTable } from '../../features/branch-eval/plans/library-table.js';
import { CommitteePicker, useCommitteeSelection } from '../../features/branch-eval/plans/selection.js';
import { TemplatesPanel } from '../../features/branch-eval/plans/templates.js';
import { useI18n } from '../../i18n/index.js';

const tabs = ['indicators', 'templates'] as const;

/**
 * 指标库与模板 (SPEC §3): a committee's indicator library, kept by party affairs and the office,
 * and the plan templates the office builds the quarter plans from. `?org=&tab=`.
 */
export function LibraryPage() {
  const { t } = useI18n();
  const sel = useCommitteeSelection(['affairs', 'eval_office']);
  const tab = tabs.find((x) => x === sel.params.get('tab')) ?? 'indicators';
  const orgId = sel.orgId;

  return (
    <>
      <PageTitle>{t('be.plans.libraryTitle')}</PageTitle>
      <Card>
        <div className="kh-toolbar">
          <CommitteePicker sel={sel} />
          {sel.org ? (
            <Typography.Text type="secondary">
              {t('be.plans.libraryOf', { org: sel.org.name })}
            </Typography.Text>
          ) : null}
        </div>
        {sel.resolving ? <PageSpinner /> : null}
        {!sel.resolving && orgId === null ? <Empty description={t('be.plans.pickOrg')} /> : null}
        {orgId !== null ? (
          <Tabs
            activeKey={tab}
            onChange={(k) => sel.update({ tab: k === 'indicators' ? null : k })}
            items={[
              {
                key: 'indicators',
                label: t('be.plans.tabIndicators'),
                children: (
                  <LibraryTable
                    key={orgId}
                    orgId={orgId}
                    orgName={sel.org?.name ?? ''}
                    canManage={sel.can('branch_eval.library.manage', orgId)}
                  />
                ),
              },
              {
                key: 'templates',
                label: t('be.plans.tabTemplates'),
                children: (
                  <TemplatesPanel
                    key={orgId}
                    orgId={orgId}
                    canManage={sel.can('branch_eval.plan.manage', orgId)}
                  />
                ),
              },
            ]}
          />
        ) : null}
      </Card>
    </>
  );
}
