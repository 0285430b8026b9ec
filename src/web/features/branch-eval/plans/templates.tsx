import { EditOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Grid, Input, Space, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { defaultPlanSettings } from '../../../../domain/branch-eval/plan.js';
import { ErrorAlert } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';
import {
  baseTotal,
  errorsIn,
  formatPoints,
  liveIssues,
  type PlanItem,
  templatePicks,
} from '../../../lib/be-plans.js';
import { formatDateTime } from '../../../lib/format.js';
import {
  type PlanSettings,
  type TemplateView,
  useCreateTemplate,
  useTemplates,
  useUpdateTemplate,
} from './api.js';
import {
  ErrorCountTag,
  IssueList,
  PlanEditor,
  PlanIndicatorsView,
  PlanTotals,
  SettingsSummary,
} from './plan-content.js';

const defaults = (): PlanSettings => ({
  ...defaultPlanSettings,
  weights: { ...defaultPlanSettings.weights },
});

/**
 * Creates or edits a plan template (SPEC §3: plans are "built from a template"): a name, the
 * plan settings and indicators picked from the library at their points, with the live totals per
 * category against 100 + the innovation cap and every problem the server will report.
 */
function TemplateDrawer({
  orgId,
  template,
  editable,
  onClose,
}: {
  orgId: number;
  template: TemplateView | null;
  editable: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const create = useCreateTemplate();
  const update = useUpdateTemplate();
  const [name, setName] = useState(template?.name ?? t('be.plans.templateDefaultName'));
  const [items, setItems] = useState<PlanItem[]>(template ? [...template.indicators] : []);
  const [settings, setSettings] = useState<PlanSettings>(template?.settings ?? defaults());
  const [failure, setFailure] = useState<unknown>(null);
  const issues = liveIssues(items, settings);

  const save = async () => {
    if (!name.trim()) return;
    setFailure(null);
    const body = { name: name.trim(), settings, indicators: templatePicks(items) };
    try {
      const saved = template
        ? await update.mutateAsync({ id: template.id, body })
        : await create.mutateAsync({ orgId, ...body });
      const errors = errorsIn(saved.issues);
      void (errors > 0
        ? message.warning(t('be.plans.templateSavedWithErrors', { name: saved.name, count: errors }))
        : message.success(t('be.plans.templateSaved', { name: saved.name })));
      onClose();
    } catch (e) {
      setFailure(e);
    }
  };

  return (
    <Drawer
      open
      size={screens.lg ? 1040 : '100%'}
      title={
        template
          ? editable
            ? t('be.plans.editTemplate', { name: template.name })
            : template.name
          : t('be.plans.newTemplate')
      }
      onClose={onClose}
      destroyOnHidden
      extra={
        editable ? (
          <Space>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              loading={create.isPending || update.isPending}
              disabled={!name.trim()}
              onClick={() => void save()}
            >
              {t('common.save')}
            </Button>
          </Space>
        ) : null
      }
    >
      <ErrorAlert error={failure} />
      {editable ? (
        <div style={{ marginBottom: 12, maxWidth: 480 }}>
          <label htmlFor="be-template-name" style={{ display: 'block', fontSize: 12, marginBottom: 4 }}>
            {t('be.plans.templateName')}
          </label>
          <Input
            id="be-template-name"
            value={name}
            maxLength={100}
            status={name.trim() ? undefined : 'error'}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
      ) : null}
      <PlanTotals items={items} settings={settings} />
      <IssueList issues={issues} />
      {editable ? (
        <PlanEditor
          orgId={orgId}
          items={items}
          settings={settings}
          onChange={(i, s) => {
            setItems(i);
            setSettings(s);
          }}
        />
      ) : (
        <>
          <SettingsSummary value={settings} />
          <PlanIndicatorsView items={items} />
        </>
      )}
    </Drawer>
  );
}

/** The org's plan templates; the office creates and edits them, others read them. */
export function TemplatesPanel({ orgId, canManage }: { orgId: number; canManage: boolean }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [open, setOpen] = useState<TemplateView | 'new' | null>(null);
  const list = useTemplates(orgId, page, pageSize);

  const columns: TableColumnsType<TemplateView> = [
    {
      title: t('be.plans.templateName'),
      dataIndex: 'name',
      render: (v: string, tpl) => (
        <Button
          type="link"
          style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
          onClick={() => setOpen(tpl)}
        >
          {v}
        </Button>
      ),
    },
    {
      title: t('be.plans.indicatorCount'),
      key: 'count',
      width: 90,
      align: 'right',
      render: (_v, tpl) => tpl.indicators.length,
    },
    {
      title: t('be.plans.baseTotal'),
      key: 'base',
      width: 140,
      align: 'right',
      render: (_v, tpl) =>
        `${formatPoints(baseTotal(tpl.pointsByCategory))} / ${formatPoints(tpl.settings.totalPoints)}`,
    },
    {
      title: t('be.plans.innovationOffered'),
      key: 'innovation',
      width: 150,
      align: 'right',
      render: (_v, tpl) =>
        t('be.plans.innovationOfCap', {
          offered: formatPoints(tpl.pointsByCategory.innovation),
          cap: formatPoints(tpl.settings.innovationCap),
        }),
    },
    {
      title: t('be.plans.issues'),
      key: 'issues',
      width: 120,
      render: (_v, tpl) => <ErrorCountTag count={errorsIn(tpl.issues)} />,
    },
    {
      title: t('be.plans.updatedAt'),
      dataIndex: 'updatedAt',
      width: 170,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_v, tpl) => (
        <Button
          type="link"
          size="small"
          icon={canManage ? <EditOutlined /> : <EyeOutlined />}
          onClick={() => setOpen(tpl)}
        >
          {canManage ? t('common.edit') : t('be.plans.view')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <div className="kh-toolbar">
        <Typography.Text type="secondary">{t('be.plans.templatesIntro')}</Typography.Text>
        <div className="kh-toolbar-spacer" />
        {canManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen('new')}>
            {t('be.plans.newTemplate')}
          </Button>
        ) : null}
      </div>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <Table<TemplateView>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: canManage ? t('be.plans.templatesEmptyManage') : t('be.plans.templatesEmpty') }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          hideOnSinglePage: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, s) => {
            setPage(s === pageSize ? p : 1);
            setPageSize(s);
          },
        }}
      />
      {open ? (
        <TemplateDrawer
          key={open === 'new' ? 'new' : open.id}
          orgId={orgId}
          template={open === 'new' ? null : open}
          editable={canManage}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </>
  );
}
