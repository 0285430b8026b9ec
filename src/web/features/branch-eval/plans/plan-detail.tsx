import { ArrowLeftOutlined, CheckOutlined, RollbackOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Input, Row, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import type { IssueDto } from '../../../../contracts/branch-eval.js';
import { ApiError } from '../../../api/client.js';
import { ButtonLink } from '../../../components/button-link.js';
import { ErrorAlert } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';
import { errorsIn, liveIssues, type PlanItem, tailorChanges } from '../../../lib/be-plans.js';
import { formatDateTime } from '../../../lib/format.js';
import { ReasonDialog } from '../../points/components/reason-dialog.js';
import { useBeLabels } from '../labels.js';
import { type PlanDetail, type PlanSettings, usePlanStep, useTailorPlan } from './api.js';
import { IssueList, PlanEditor, PlanIndicatorsView, PlanTotals, SettingsSummary } from './plan-content.js';
import { PlanStatus } from './plan-view.js';

type Version = PlanDetail['versions'][number];

function Versions({ plan }: { plan: PlanDetail }) {
  const { t } = useI18n();
  const stateText: Record<Version['state'], string> = {
    draft: t('be.plans.versionDraft'),
    approved: t('be.plans.versionApproved'),
    superseded: t('be.plans.versionSuperseded'),
  };
  const color: Record<Version['state'], string> = {
    draft: 'default',
    approved: 'green',
    superseded: 'default',
  };
  return (
    <Card size="small" title={t('be.plans.versions')} style={{ marginTop: 16 }}>
      <Table<Version>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={plan.versions}
        columns={[
          {
            title: t('be.plans.version'),
            dataIndex: 'version',
            width: 70,
            render: (n: number) => t('be.plans.versionShort', { n }),
          },
          {
            title: t('be.plans.state'),
            dataIndex: 'state',
            width: 100,
            render: (s: Version['state']) => <Tag color={color[s]}>{stateText[s]}</Tag>,
          },
          { title: t('be.plans.versionNote'), dataIndex: 'note', render: (v: string | null) => v || '—' },
          {
            title: t('be.plans.createdAt'),
            dataIndex: 'createdAt',
            width: 170,
            render: (v: string) => formatDateTime(v),
          },
          {
            title: t('be.plans.approvedAtShort'),
            dataIndex: 'approvedAt',
            width: 170,
            render: (v: string | null) => (v ? formatDateTime(v) : '—'),
          },
        ]}
      />
    </Card>
  );
}

/**
 * One branch's quarter plan (SPEC §3 量身定制): the office tailors a draft — indicators added from
 * the library or removed, points and settings changed — with live totals and issues; the
 * committee approves it (errors block, warnings do not) or reopens an approved one with a reason.
 * Approved and frozen plans, and every plan a secretary sees, are read-only.
 */
export function PlanDetailView({ plan }: { plan: PlanDetail }) {
  const { t } = useI18n();
  const l = useBeLabels();
  const { message } = App.useApp();
  const tailor = useTailorPlan();
  const step = usePlanStep();
  const [edited, setEdited] = useState<{ items: PlanItem[]; settings: PlanSettings } | null>(null);
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const [dialog, setDialog] = useState<'approve' | 'reopen' | null>(null);
  const saved = { indicators: plan.indicators, settings: plan.settings };
  const items = edited?.items ?? plan.indicators;
  const settings = edited?.settings ?? plan.settings;
  const changes = edited
    ? tailorChanges(saved, { indicators: edited.items, settings: edited.settings })
    : null;
  const dirty = changes !== null;
  const issues = edited ? liveIssues(items, settings) : plan.issues;
  const serverErrors = errorsIn(plan.issues);
  const back = `/branch-eval/plans?org=${plan.orgId}&quarter=${plan.quarter}`;

  const save = async () => {
    if (!changes) return;
    setFailure(null);
    try {
      const r = await tailor.mutateAsync({
        id: plan.id,
        changes,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setEdited(null);
      setNote('');
      const errors = errorsIn(r.issues);
      void (errors > 0
        ? message.warning(t('be.plans.tailoredWithErrors', { count: errors }))
        : message.success(t('be.plans.tailored')));
    } catch (e) {
      setFailure(e);
    }
  };

  return (
    <>
      <div className="kh-toolbar">
        <ButtonLink to={back} icon={<ArrowLeftOutlined />}>
          {t('be.plans.backToList')}
        </ButtonLink>
        <div className="kh-toolbar-spacer" />
        <Space wrap>
          {plan.actions.includes('approve') ? (
            <Tooltip
              title={
                dirty
                  ? t('be.plans.saveFirst')
                  : serverErrors > 0
                    ? t('be.plans.fixFirst', { count: serverErrors })
                    : undefined
              }
            >
              <Button
                type="primary"
                icon={<CheckOutlined />}
                disabled={dirty || serverErrors > 0}
                onClick={() => setDialog('approve')}
              >
                {l.planAction('approve')}
              </Button>
            </Tooltip>
          ) : null}
          {plan.actions.includes('reopen') ? (
            <Button danger icon={<RollbackOutlined />} onClick={() => setDialog('reopen')}>
              {l.planAction('reopen')}
            </Button>
          ) : null}
        </Space>
      </div>
      <PlanStatus plan={plan} />
      {failure ? <IssueOrError error={failure} /> : null}
      <PlanTotals items={items} settings={settings} />
      <IssueList issues={issues} />
      {plan.canTailor ? (
        <>
          <Card size="small">
            <PlanEditor
              orgId={plan.orgId}
              items={items}
              settings={settings}
              onChange={(i, s) => setEdited({ items: i, settings: s })}
            />
          </Card>
          <div
            style={{
              position: 'sticky',
              bottom: 0,
              zIndex: 2,
              background: '#fff',
              borderTop: '1px solid #f0f0f0',
              padding: '10px 0',
              marginTop: 12,
            }}
          >
            <Row gutter={[8, 8]} align="middle">
              <Col flex="auto">
                <Input
                  aria-label={t('be.plans.tailorNote')}
                  placeholder={t('be.plans.tailorNote')}
                  value={note}
                  maxLength={500}
                  disabled={!dirty}
                  onChange={(e) => setNote(e.target.value)}
                />
              </Col>
              <Col>
                <Space>
                  <Typography.Text type={dirty ? 'warning' : 'secondary'}>
                    {dirty ? t('be.plans.unsaved') : t('be.plans.noChanges')}
                  </Typography.Text>
                  <Button disabled={!dirty} onClick={() => setEdited(null)}>
                    {t('be.plans.discard')}
                  </Button>
                  <Button
                    type="primary"
                    icon={<SaveOutlined />}
                    disabled={!dirty}
                    loading={tailor.isPending}
                    onClick={() => void save()}
                  >
                    {t('be.plans.saveTailor')}
                  </Button>
                </Space>
              </Col>
            </Row>
          </div>
        </>
      ) : (
        <Card size="small">
          <Typography.Title level={2} style={{ fontSize: 16, margin: '0 0 8px' }}>
            {t('be.plans.settings')}
          </Typography.Title>
          <SettingsSummary value={settings} />
          <PlanIndicatorsView items={items} />
        </Card>
      )}
      <Versions plan={plan} />
      <ReasonDialog
        open={dialog !== null}
        title={
          dialog === 'approve'
            ? t('be.plans.approveTitle', { branch: plan.branchName })
            : t('be.plans.reopenTitle', { branch: plan.branchName })
        }
        description={dialog === 'approve' ? t('be.plans.approveIntro') : t('be.plans.reopenIntro')}
        label={dialog === 'approve' ? t('be.plans.approveRemark') : t('be.plans.reopenReason')}
        required={dialog === 'reopen'}
        danger={dialog === 'reopen'}
        okText={dialog === 'approve' ? l.planAction('approve') : l.planAction('reopen')}
        onSubmit={async (reason) => {
          if (!dialog) return;
          const r = await step.mutateAsync({ id: plan.id, action: dialog, ...(reason ? { reason } : {}) });
          void message.success(
            dialog === 'approve'
              ? r.approvedLate
                ? t('be.plans.approvedLateOne')
                : t('be.plans.approvedOne', { branch: r.branchName })
              : t('be.plans.reopened', { branch: r.branchName }),
          );
        }}
        onClose={() => setDialog(null)}
      />
    </>
  );
}

/** A refused save: the server's message, and each of its issues when it lists several. */
function IssueOrError({ error }: { error: unknown }) {
  const l = useBeLabels();
  const listed =
    error instanceof ApiError ? (error.details as { issues?: unknown } | null)?.issues : undefined;
  const issues = Array.isArray(listed)
    ? listed.filter((i): i is IssueDto => !!i && typeof i === 'object' && 'message' in i && 'severity' in i)
    : [];
  return (
    <>
      <ErrorAlert error={error} />
      {issues.length > 1 ? (
        <ul style={{ marginTop: -8, marginBottom: 12 }}>
          {issues.map((i) => (
            <li key={`${i.code}-${i.indicator ?? ''}-${JSON.stringify(i.details)}`}>{l.text(i.message)}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
