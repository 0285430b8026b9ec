import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useToday } from '../../app/server-day.js';
import { hasPermission, useMe } from '../../auth/session.js';
import { ErrorAlert } from '../../components/feedback.js';
import { placeServerError } from '../../components/form-errors.js';
import { OrgTreeSelect } from '../../components/org-tree-select.js';
import { PageTitle } from '../../components/page-title.js';
import { type SchemeSummary, useCreateScheme, useSchemes } from '../../features/points/api.js';
import { useI18n } from '../../i18n/index.js';

interface CreateValues {
  rootOrgId: number;
  year: number;
  name: string;
  copyFromSchemeId?: number;
}

function CreateSchemeModal({ schemes, onClose }: { schemes: readonly SchemeSummary[]; onClose: () => void }) {
  const today = useToday();
  const { t, locale } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const create = useCreateScheme();
  const [banner, setBanner] = useState<unknown>(null);
  const thisYear = Number(today.slice(0, 4));
  const root = me.grants.find((g) => g.role === 'affairs')?.orgId;
  const rootOrgId = Form.useWatch('rootOrgId', form);
  const year = Form.useWatch('year', form);
  // The latest earlier scheme of the same committee is the usual starting point (copy, then tailor).
  const lastYear = schemes
    .filter((s) => s.rootOrgId === rootOrgId && s.currentVersion != null && s.year < (year ?? thisYear))
    .sort((a, b) => b.year - a.year)[0];

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the form marks what is missing
    setBanner(null);
    try {
      const s = await create.mutateAsync({ ...v, name: v.name.trim() });
      void message.success(t('points.scheme.created', { name: s.name }));
      onClose();
      void navigate(`/points/schemes/${s.id}`);
    } catch (e) {
      setBanner(placeServerError(form, e, locale, ['rootOrgId', 'year', 'name'], { scheme_exists: 'year' }));
    }
  };

  return (
    <Modal
      open
      title={t('points.scheme.create')}
      okText={t('points.scheme.createOk')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      confirmLoading={create.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <ErrorAlert error={banner} />
      <Form<CreateValues>
        name="scheme"
        form={form}
        layout="vertical"
        initialValues={{
          rootOrgId: root,
          year: thisYear,
          name: t('points.scheme.defaultName', { year: thisYear }),
        }}
        onValuesChange={(c: Partial<CreateValues>) => {
          if (c.year && !form.isFieldTouched('name'))
            form.setFieldValue('name', t('points.scheme.defaultName', { year: c.year }));
          if (c.rootOrgId !== undefined || c.year !== undefined)
            form.setFieldValue('copyFromSchemeId', undefined);
        }}
      >
        <Form.Item
          name="rootOrgId"
          label={t('points.scheme.root')}
          rules={[{ required: true, message: t('form.required') }]}
          extra={t('points.scheme.rootHint')}
        >
          <OrgTreeSelect tree="party" selectable={(o) => o.kind === 'committee' && o.parentId === null} />
        </Form.Item>
        <Form.Item
          name="year"
          label={t('points.scheme.year')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <InputNumber min={2000} max={2100} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('points.scheme.name')}
          rules={[
            { required: true, whitespace: true, message: t('form.required') },
            { max: 100, message: t('form.maxLength', { max: 100 }) },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="copyFromSchemeId"
          label={t('points.scheme.copyFrom')}
          extra={t('points.scheme.copyFromHint')}
        >
          <Select
            allowClear
            placeholder={t('points.scheme.copyNone')}
            options={schemes
              .filter((s) => s.currentVersion != null && (rootOrgId == null || s.rootOrgId === rootOrgId))
              .map((s) => ({
                value: s.id,
                label:
                  s.year === (year ?? thisYear) - 1
                    ? t('points.scheme.lastYearOption', { name: s.name })
                    : s.name,
              }))}
          />
        </Form.Item>
        {lastYear ? (
          <Button
            type="link"
            style={{ padding: 0 }}
            onClick={() => form.setFieldValue('copyFromSchemeId', lastYear.id)}
          >
            {t('points.scheme.copyLastYear', { name: lastYear.name })}
          </Button>
        ) : null}
      </Form>
    </Modal>
  );
}

/** 积分方案: the schemes of the committees the user reaches, one per year; new ones for affairs. */
export function SchemesPage() {
  const { t } = useI18n();
  const me = useMe();
  const schemes = useSchemes();
  const [creating, setCreating] = useState(false);
  const canManage = hasPermission(me, 'points.scheme.manage');

  const columns: TableColumnsType<SchemeSummary> = [
    { title: t('points.scheme.year'), dataIndex: 'year', width: 90 },
    {
      title: t('points.scheme.name'),
      dataIndex: 'name',
      render: (v: string, s) => <Link to={`/points/schemes/${s.id}`}>{v}</Link>,
    },
    { title: t('points.scheme.root'), dataIndex: 'rootOrgName' },
    {
      title: t('points.scheme.inForce'),
      key: 'version',
      render: (_v, s) =>
        s.currentVersion == null ? (
          <Tag>{t('points.scheme.notAdopted')}</Tag>
        ) : (
          <Tag color="green">{t('points.scheme.versionN', { n: s.currentVersion })}</Tag>
        ),
    },
    {
      title: t('points.scheme.draft'),
      key: 'draft',
      render: (_v, s) => (s.hasDraft ? <Tag color="processing">{t('points.scheme.hasDraft')}</Tag> : '—'),
    },
  ];

  return (
    <>
      <PageTitle>{t('nav.pointsSchemes')}</PageTitle>
      <Card>
        <div className="kh-toolbar">
          <Typography.Text type="secondary">{t('points.scheme.listIntro')}</Typography.Text>
          <div className="kh-toolbar-spacer" />
          {canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('points.scheme.create')}
            </Button>
          ) : null}
        </div>
        <ErrorAlert error={schemes.error} onRetry={() => void schemes.refetch()} />
        <Table<SchemeSummary>
          rowKey="id"
          columns={columns}
          dataSource={schemes.data ?? []}
          loading={schemes.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: canManage ? t('points.scheme.emptyManage') : t('points.scheme.empty') }}
        />
      </Card>
      {creating ? (
        <CreateSchemeModal schemes={schemes.data ?? []} onClose={() => setCreating(false)} />
      ) : null}
    </>
  );
}
