import {
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import { useState } from 'react';
import { appealStates } from '../../../domain/points/workflow.js';
import { ErrorAlert, errorText } from '../../components/feedback.js';
import { PageTitle } from '../../components/page-title.js';
import { type AppealView, useAppealAction, useAppeals } from '../../features/points/api.js';
import { EntryDrawer } from '../../features/points/components/entry-drawer.js';
import { SchemeSelect, useSchemeSelection } from '../../features/points/components/scheme-picker.js';
import { AppealStateTag, EntryStateTag, usePointsLabels } from '../../features/points/labels.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { signedPoints } from '../../lib/points.js';

function DecideDialog({ appeal, onClose }: { appeal: AppealView; onClose: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const labels = usePointsLabels();
  const act = useAppealAction();
  const [form] = Form.useForm<{ decision: 'uphold' | 'dismiss'; reason: string }>();
  const decision = Form.useWatch('decision', form);
  const choices = appeal.actions.filter((a): a is 'uphold' | 'dismiss' => a === 'uphold' || a === 'dismiss');

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the form marks what is missing
    try {
      await act.mutateAsync({ id: appeal.id, action: v.decision, reason: v.reason.trim() });
      void message.success(
        v.decision === 'uphold' ? t('points.appeal.upheldMsg') : t('points.appeal.dismissedMsg'),
      );
      onClose();
    } catch (e) {
      void message.error(errorText(e, locale, t));
    }
  };

  return (
    <Modal
      open
      width={600}
      title={t('points.appeal.decideTitle', { name: appeal.memberName })}
      okText={t('points.appeal.decide')}
      okButtonProps={{ danger: decision === 'dismiss' }}
      cancelText={t('common.cancel')}
      confirmLoading={act.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Descriptions
        size="small"
        column={1}
        bordered
        style={{ marginBottom: 16 }}
        items={[
          { key: 'item', label: t('points.entry.item'), children: `${appeal.itemCode} ${appeal.itemName}` },
          {
            key: 'date',
            label: t('points.entry.occurredOn'),
            children: t('common.nameWithNote', { name: appeal.occurredOn, note: appeal.quarter }),
          },
          {
            key: 'points',
            label: t('points.entry.points'),
            children: signedPoints(appeal.points, appeal.direction),
          },
          { key: 'reason', label: t('points.appeal.memberReason'), children: appeal.reason },
        ]}
      />
      <Form form={form} layout="vertical" initialValues={{ decision: choices[0] }} preserve={false}>
        <Form.Item
          name="decision"
          label={t('points.appeal.decision')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Radio.Group
            options={choices.map((c) => ({
              value: c,
              label: c === 'uphold' ? labels.appealState('upheld') : labels.appealState('dismissed'),
            }))}
          />
        </Form.Item>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {decision === 'uphold' ? t('points.appeal.upholdHint') : t('points.appeal.dismissHint')}
        </Typography.Paragraph>
        <Form.Item
          name="reason"
          label={t('points.appeal.decisionReason')}
          rules={[
            { required: true, whitespace: true, message: t('points.reasonRequired') },
            { max: 1000, message: t('form.maxLength', { max: 1000 }) },
          ]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 申诉: members' appeals of entries of published quarters; affairs upholds or dismisses each with a reason. */
export function AppealsPage() {
  const { t } = useI18n();
  const sel = useSchemeSelection();
  const [state, setState] = useState<(typeof appealStates)[number] | 'all'>('open');
  const [page, setPage] = useState(1);
  const [deciding, setDeciding] = useState<AppealView | null>(null);
  const [entry, setEntry] = useState<number | null>(null);
  const appeals = useAppeals(
    { schemeId: sel.scheme?.id, ...(state === 'all' ? {} : { state }), page, pageSize: 50 },
    sel.scheme != null,
  );
  const labels = usePointsLabels();

  const columns: TableColumnsType<AppealView> = [
    {
      title: t('points.appeal.createdAt'),
      dataIndex: 'createdAt',
      width: 150,
      render: (v: string) => formatDateTime(v).slice(0, 16),
    },
    { title: t('points.entry.member'), dataIndex: 'memberName' },
    { title: t('points.entry.branch'), dataIndex: 'branchName', width: 150, ellipsis: true },
    {
      title: t('points.entry.item'),
      key: 'item',
      render: (_v, a) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setEntry(a.entryId)}>
          {`${a.itemName} · ${a.occurredOn}`}
        </Button>
      ),
    },
    {
      title: t('points.entry.points'),
      key: 'p',
      align: 'right',
      render: (_v, a) => signedPoints(a.points, a.direction),
    },
    {
      title: t('points.appeal.memberReason'),
      dataIndex: 'reason',
      width: 220,
      render: (v: string) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: v }} style={{ margin: 0 }}>
          {v}
        </Typography.Paragraph>
      ),
    },
    { title: t('points.appeal.state'), key: 's', render: (_v, a) => <AppealStateTag state={a.state} /> },
    {
      title: t('points.appeal.decisionReason'),
      key: 'd',
      width: 240,
      render: (_v, a) =>
        a.decisionReason ? (
          <Space orientation="vertical" size={0}>
            <Typography.Paragraph ellipsis={{ rows: 2, tooltip: a.decisionReason }} style={{ margin: 0 }}>
              {a.decisionReason}
            </Typography.Paragraph>
            {a.adjustmentEntryId ? (
              <Space size={4}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('points.appeal.adjustment', { id: a.adjustmentEntryId })}
                </Typography.Text>
                {a.adjustmentState ? <EntryStateTag state={a.adjustmentState} /> : null}
              </Space>
            ) : null}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('common.actions'),
      key: 'a',
      render: (_v, a) =>
        a.actions.some((x) => x === 'uphold' || x === 'dismiss') ? (
          <Button
            size="small"
            type="primary"
            onClick={() => setDeciding(a)}
            aria-label={t('points.appeal.decideNamed', { name: a.memberName })}
          >
            {t('points.appeal.decide')}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <PageTitle>{t('nav.pointsAppeals')}</PageTitle>
      <Card>
        <div className="kh-toolbar">
          <SchemeSelect schemes={sel.schemes.data ?? []} value={sel.scheme?.id} onChange={sel.setScheme} />
          <Select
            aria-label={t('points.appeal.state')}
            value={state}
            onChange={(v) => {
              setState(v);
              setPage(1);
            }}
            style={{ width: 140 }}
            options={[
              { value: 'all', label: t('points.entry.allStates') },
              ...appealStates.map((s) => ({ value: s, label: labels.appealState(s) })),
            ]}
          />
        </div>
        <ErrorAlert error={appeals.error} onRetry={() => void appeals.refetch()} />
        <Table<AppealView>
          rowKey="id"
          columns={columns}
          dataSource={appeals.data?.items ?? []}
          loading={appeals.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('points.appeal.empty')} />,
          }}
          pagination={{
            current: page,
            pageSize: 50,
            total: appeals.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('common.total', { total }),
            onChange: setPage,
          }}
        />
      </Card>
      {deciding ? <DecideDialog appeal={deciding} onClose={() => setDeciding(null)} /> : null}
      <EntryDrawer entryId={entry} onClose={() => setEntry(null)} />
    </>
  );
}
