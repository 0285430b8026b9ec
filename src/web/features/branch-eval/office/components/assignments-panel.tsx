import { CheckCircleFilled, EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { defaultPlanSettings } from '../../../../../domain/branch-eval/plan.js';
import { ErrorAlert } from '../../../../components/feedback.js';
import { useI18n } from '../../../../i18n/index.js';
import { useOrgs } from '../../../org/api.js';
import {
  type AssignmentRow,
  type Assignments,
  useAssignments,
  useGenerateAssignments,
  useSetRaters,
} from '../api.js';

type Warning = Assignments['warnings'][number];

/** Warnings listed before "show all": the table flags every short branch anyway. */
const WARNINGS_SHOWN = 3;

/** The fewest raters the round's plans ask for: from the server's warnings, else the SPEC default (5). */
function minRatersOf(warnings: readonly Warning[]): number {
  const required = warnings
    .map((w) => Number(w.details.required))
    .filter((n) => Number.isInteger(n) && n > 0);
  return required.length > 0 ? Math.max(...required) : defaultPlanSettings.minPeerRaters;
}

function RatersDialog({
  row,
  orgId,
  month,
  min,
  onClose,
}: {
  row: AssignmentRow;
  orgId: number;
  month: string;
  min: number;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const orgs = useOrgs('party');
  const set = useSetRaters();
  const [value, setValue] = useState<number[]>(row.raters.map((r) => r.branchId));
  const options = useMemo(() => {
    const scored = new Set(row.raters.filter((r) => r.submitted).map((r) => r.branchId));
    return (orgs.data ?? [])
      .filter((o) => o.kind === 'branch' && o.id !== row.ratedBranchId && o.activeTo === null)
      .map((o) => ({
        value: o.id,
        label: `${o.name}（${o.code}）`,
        // A rater who has already scored cannot be taken off (the server refuses it too).
        disabled: scored.has(o.id) && value.includes(o.id),
      }));
  }, [orgs.data, row, value]);

  const submit = async () => {
    try {
      const res = await set.mutateAsync({
        orgId,
        month,
        ratedBranchId: row.ratedBranchId,
        raterBranchIds: value,
      });
      const after = res.items[0];
      if (after && after.raterCount < min) {
        void message.warning(t('be.office.ratersSavedFew', { n: after.raterCount, min }));
      } else {
        void message.success(t('be.office.ratersSaved', { name: row.ratedBranchName }));
      }
      onClose();
    } catch {
      // Shown in the dialog.
    }
  };

  return (
    <Modal
      open
      title={t('be.office.editRatersTitle', { name: row.ratedBranchName })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={set.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      <Typography.Paragraph type="secondary">{t('be.office.editRatersHint', { min })}</Typography.Paragraph>
      <ErrorAlert error={set.error} />
      <ErrorAlert error={orgs.error} />
      <label htmlFor="be-raters" className="kh-be-label">
        {t('be.office.ratersOf', { n: value.length })}
      </label>
      <Select
        id="be-raters"
        mode="multiple"
        style={{ width: '100%' }}
        loading={orgs.isLoading}
        value={value}
        onChange={setValue}
        options={options}
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('be.office.pickRaters')}
        maxTagCount="responsive"
      />
      {value.length < min ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          title={t('be.office.fewRatersInDialog', { n: value.length, min })}
        />
      ) : null}
    </Modal>
  );
}

/**
 * 互评分配: who rates whom this month, rated branch by rated branch (the office and the committee
 * see raters; the rated branch never does). The office fills in the SPEC default for branches that
 * have none and adjusts raters one branch at a time; too few raters is a warning, not a refusal.
 */
export function AssignmentsPanel({
  orgId,
  month,
  canEdit,
  closed,
}: {
  orgId: number;
  month: string;
  canEdit: boolean;
  closed: boolean;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const pageSize = 50;
  const list = useAssignments(orgId, month, page, pageSize);
  const generate = useGenerateAssignments();
  const orgs = useOrgs('party');
  const [editing, setEditing] = useState<AssignmentRow | null>(null);
  const [showAll, setShowAll] = useState(false);
  const warnings = list.data?.warnings ?? [];
  const min = minRatersOf(warnings);
  const nameOf = (id: unknown) =>
    (orgs.data ?? []).find((o) => o.id === Number(id))?.name ?? String(id ?? '');
  const side = locale === 'en' ? 'en' : 'zh';
  const warningText = (w: Warning) =>
    w.code === 'branch_too_few_raters'
      ? t('be.office.fewRaters', {
          name: nameOf(w.details.branch),
          n: String(w.details.available),
          min: String(w.details.required),
        })
      : w.message[side];
  const editable = canEdit && !closed;

  return (
    <>
      <div className="kh-toolbar">
        <Typography.Text type="secondary">{t('be.office.assignIntro', { min })}</Typography.Text>
        <div className="kh-toolbar-spacer" />
        {editable ? (
          <Popconfirm
            title={t('be.office.generateTitle')}
            description={<div style={{ maxWidth: 320 }}>{t('be.office.generateHint')}</div>}
            okText={t('be.office.generate')}
            cancelText={t('common.cancel')}
            onConfirm={async () => {
              try {
                await generate.mutateAsync({ orgId, month });
                void message.success(t('be.office.generated'));
              } catch {
                // Shown below the toolbar.
              }
            }}
          >
            <Button icon={<ReloadOutlined />} loading={generate.isPending}>
              {t('be.office.generate')}
            </Button>
          </Popconfirm>
        ) : null}
      </div>
      {closed ? (
        <Alert type="info" showIcon title={t('be.office.assignClosed')} style={{ marginBottom: 12 }} />
      ) : null}
      <ErrorAlert error={generate.error} />
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      {warnings.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('be.office.warningsTitle', { n: warnings.length })}
          description={
            <ul className="kh-be-issue-list">
              {(showAll ? warnings : warnings.slice(0, WARNINGS_SHOWN)).map((w, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: warnings have no id and never reorder
                <li key={i}>{warningText(w)}</li>
              ))}
              {warnings.length > WARNINGS_SHOWN ? (
                <li className="kh-be-more">
                  <Button type="link" size="small" onClick={() => setShowAll((x) => !x)}>
                    {showAll
                      ? t('be.office.warningsFewer')
                      : t('be.office.warningsAll', { n: warnings.length })}
                  </Button>
                </li>
              ) : null}
            </ul>
          }
        />
      ) : null}
      <Table<AssignmentRow>
        rowKey="ratedBranchId"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('be.office.noAssignments') }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('common.total', { total }),
          onChange: setPage,
        }}
        columns={[
          {
            key: 'rated',
            title: t('be.office.ratedBranch'),
            width: 220,
            render: (_, r) => r.ratedBranchName,
          },
          {
            key: 'count',
            title: t('be.office.raterCount'),
            width: 110,
            render: (_, r) =>
              r.hidden ? (
                '—'
              ) : (
                <Space size={4}>
                  <span className="kh-be-num">{r.raterCount}</span>
                  {r.raterCount < min ? <Tag color="orange">{t('be.office.belowMin', { min })}</Tag> : null}
                </Space>
              ),
          },
          {
            key: 'raters',
            title: t('be.office.raters'),
            render: (_, r) =>
              r.hidden ? (
                <Typography.Text type="secondary">{t('be.office.ratersHidden')}</Typography.Text>
              ) : r.raters.length === 0 ? (
                <Typography.Text type="secondary">{t('be.office.noRatersYet')}</Typography.Text>
              ) : (
                <div className="kh-be-rater-tags">
                  {r.raters.map((x) => (
                    <Tag
                      key={x.branchId}
                      color={x.source === 'office' ? 'blue' : undefined}
                      title={
                        x.source === 'office' ? t('be.office.sourceOffice') : t('be.office.sourceDefault')
                      }
                    >
                      {x.branchName}
                      {x.submitted ? (
                        <CheckCircleFilled
                          style={{ color: '#52c41a', marginInlineStart: 4 }}
                          aria-label={t('be.office.raterSubmitted')}
                        />
                      ) : null}
                    </Tag>
                  ))}
                </div>
              ),
          },
          ...(editable
            ? [
                {
                  key: 'edit',
                  title: t('common.actions'),
                  width: 100,
                  render: (_: unknown, r: AssignmentRow) =>
                    r.hidden ? null : (
                      <Button
                        type="link"
                        size="small"
                        icon={<EditOutlined />}
                        onClick={() => setEditing(r)}
                        aria-label={t('be.office.editRatersTitle', { name: r.ratedBranchName })}
                      >
                        {t('be.office.editRaters')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
        <Tag color="blue">{t('be.office.sourceOfficeShort')}</Tag>
        {t('be.office.legendOffice')} <CheckCircleFilled style={{ color: '#52c41a' }} aria-hidden />{' '}
        {t('be.office.legendSubmitted')}
      </Typography.Paragraph>
      {editing ? (
        <RatersDialog row={editing} orgId={orgId} month={month} min={min} onClose={() => setEditing(null)} />
      ) : null}
    </>
  );
}
