import { DownloadOutlined, EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Checkbox,
  Col,
  Drawer,
  Form,
  Grid,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { type Category, categories } from '../../../../domain/branch-eval/indicators.js';
import { ErrorAlert, errorText } from '../../../components/feedback.js';
import { placeServerError } from '../../../components/form-errors.js';
import { useI18n } from '../../../i18n/index.js';
import { formatPoints, parseMaxPoints, pointsInputText } from '../../../lib/be-plans.js';
import { CategoryTag, useBeLabels } from '../labels.js';
import {
  exportIndicators,
  type IndicatorFilters,
  type IndicatorView,
  useCreateIndicator,
  useIndicators,
  useUpdateIndicator,
} from './api.js';
import { LibraryImport } from './library-import.js';

interface IndicatorForm {
  code: string;
  name: string;
  category: Category;
  maxPoints: string;
  criteria: string;
  evidenceRequired: boolean;
}

/** Adds an indicator to the library or edits one (its code stays: plans name it). */
function IndicatorModal({
  orgId,
  indicator,
  onClose,
}: {
  orgId: number;
  indicator: IndicatorView | null;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const l = useBeLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm<IndicatorForm>();
  const create = useCreateIndicator();
  const update = useUpdateIndicator();
  const [banner, setBanner] = useState<unknown>(null);
  const required = { required: true, whitespace: true, message: t('form.required') };

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the form marks what is missing
    const maxPoints = parseMaxPoints(v.maxPoints);
    if (maxPoints === null) return;
    setBanner(null);
    const body = {
      name: v.name.trim(),
      category: v.category,
      maxPoints,
      criteria: (v.criteria ?? '').trim(),
      evidenceRequired: v.evidenceRequired ?? false,
    };
    try {
      if (indicator) await update.mutateAsync({ id: indicator.id, body });
      else await create.mutateAsync({ orgId, code: v.code.trim(), ...body });
      void message.success(
        indicator ? t('be.plans.indicatorSaved', { code: indicator.code }) : t('be.plans.indicatorAdded'),
      );
      onClose();
    } catch (e) {
      setBanner(
        placeServerError(form, e, locale, ['code', 'name', 'category', 'maxPoints', 'criteria'], {
          duplicate_code: 'code',
        }),
      );
    }
  };

  return (
    <Modal
      open
      width={640}
      title={indicator ? t('be.plans.editIndicator', { code: indicator.code }) : t('be.plans.addIndicator')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending || update.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ErrorAlert error={banner} />
      <Form<IndicatorForm>
        form={form}
        name="indicator"
        layout="vertical"
        initialValues={
          indicator
            ? { ...indicator, maxPoints: pointsInputText(indicator.maxPoints) }
            : { category: 'basic', evidenceRequired: false, criteria: '', maxPoints: '' }
        }
      >
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item
              name="code"
              label={t('be.plans.code')}
              extra={indicator ? t('be.plans.codeFixed') : undefined}
              rules={[
                required,
                { max: 20, message: t('form.maxLength', { max: 20 }) },
                { pattern: /^[A-Za-z0-9_.-]+$/, message: t('be.plans.codeFormat') },
              ]}
            >
              <Input autoComplete="off" spellCheck={false} disabled={indicator !== null} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item
              name="name"
              label={t('be.plans.name')}
              rules={[required, { max: 100, message: t('form.maxLength', { max: 100 }) }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="category" label={t('be.plans.category')} extra={t('be.plans.categoryHint')}>
              <Select options={categories.map((c) => ({ value: c, label: l.category(c) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="maxPoints"
              label={t('be.plans.maxPoints')}
              extra={t('be.plans.maxPointsHint')}
              rules={[
                required,
                {
                  validator: (_r, v: string | undefined) =>
                    !v || parseMaxPoints(v) !== null
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('be.plans.pointsFormat'))),
                },
              ]}
            >
              <Input inputMode="decimal" autoComplete="off" style={{ maxWidth: 160 }} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="criteria"
              label={t('be.plans.criteria')}
              rules={[{ max: 2000, message: t('form.maxLength', { max: 2000 }) }]}
            >
              <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('be.plans.criteriaHint')} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="evidenceRequired" valuePropName="checked" style={{ marginBottom: 0 }}>
              <Checkbox>{t('be.plans.evidenceRequiredLong')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

/**
 * An org's indicator library (SPEC §3 指标库): paged, filtered by category, state and text; add,
 * edit, retire and restore indicators; Excel template, import (checked first) and export.
 */
export function LibraryTable({
  orgId,
  orgName,
  canManage,
}: {
  orgId: number;
  orgName: string;
  canManage: boolean;
}) {
  const { t, locale } = useI18n();
  const l = useBeLabels();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [filters, setFilters] = useState<IndicatorFilters>({ active: 'true' });
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [editing, setEditing] = useState<IndicatorView | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const list = useIndicators(orgId, filters, page, pageSize);
  const update = useUpdateIndicator();

  const setFilter = (patch: Partial<IndicatorFilters>) => {
    setFilters({ ...filters, ...patch });
    setPage(1);
  };

  const toggle = async (i: IndicatorView) => {
    try {
      await update.mutateAsync({ id: i.id, body: { active: !i.active } });
      void message.success(
        i.active ? t('be.plans.retired', { code: i.code }) : t('be.plans.restored', { code: i.code }),
      );
    } catch (e) {
      void message.error(errorText(e, locale, t));
    }
  };

  const download = async () => {
    try {
      await exportIndicators(orgId, `${t('be.plans.exportName', { org: orgName })}.xlsx`);
    } catch (e) {
      void message.error(errorText(e, locale, t));
    }
  };

  const columns: TableColumnsType<IndicatorView> = [
    { title: t('be.plans.code'), dataIndex: 'code', width: 90, fixed: 'left' },
    {
      title: t('be.plans.name'),
      key: 'name',
      render: (_v, i) => (
        <div style={{ minWidth: 240, maxWidth: 460 }}>
          <div>
            {i.name}
            {i.active ? null : <Tag style={{ marginInlineStart: 6 }}>{t('be.plans.inactive')}</Tag>}
          </div>
          {i.criteria ? (
            <Typography.Paragraph
              type="secondary"
              style={{ fontSize: 12, margin: 0 }}
              ellipsis={{ rows: 2, tooltip: i.criteria }}
            >
              {i.criteria}
            </Typography.Paragraph>
          ) : null}
        </div>
      ),
    },
    {
      title: t('be.plans.category'),
      dataIndex: 'category',
      width: 90,
      render: (c: Category) => <CategoryTag category={c} />,
    },
    {
      title: t('be.plans.maxPoints'),
      dataIndex: 'maxPoints',
      width: 80,
      align: 'right',
      render: (h: number) => formatPoints(h),
    },
    {
      title: t('be.plans.evidence'),
      dataIndex: 'evidenceRequired',
      width: 90,
      render: (v: boolean) => (v ? t('be.plans.evidenceYes') : t('be.plans.evidenceNo')),
    },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      fixed: 'right',
      render: (_v, i) => (
        <Space size={0}>
          <Button
            type="link"
            size="small"
            icon={<EditOutlined />}
            aria-label={t('be.plans.editIndicator', { code: i.code })}
            onClick={() => setEditing(i)}
          >
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={
              i.active
                ? t('be.plans.retireConfirm', { name: i.name })
                : t('be.plans.restoreConfirm', { name: i.name })
            }
            description={i.active ? t('be.plans.retireHint') : undefined}
            okText={i.active ? t('be.plans.retire') : t('be.plans.restore')}
            cancelText={t('common.cancel')}
            onConfirm={() => toggle(i)}
          >
            <Button type="link" size="small" danger={i.active}>
              {i.active ? t('be.plans.retire') : t('be.plans.restore')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <>
      <div className="kh-toolbar">
        <Select
          aria-label={t('be.plans.category')}
          value={filters.category ?? 'all'}
          style={{ width: 130 }}
          onChange={(v) => setFilter({ category: v === 'all' ? undefined : (v as Category) })}
          options={[
            { value: 'all', label: t('be.plans.allCategories') },
            ...categories.map((c) => ({ value: c, label: l.category(c) })),
          ]}
        />
        <Select
          aria-label={t('be.plans.activeFilter')}
          value={filters.active ?? 'all'}
          style={{ width: 120 }}
          onChange={(v) => setFilter({ active: v === 'all' ? undefined : (v as 'true' | 'false') })}
          options={[
            { value: 'true', label: t('be.plans.activeOnly') },
            { value: 'false', label: t('be.plans.inactiveOnly') },
            { value: 'all', label: t('be.plans.activeAll') },
          ]}
        />
        <Input.Search
          aria-label={t('be.plans.search')}
          placeholder={t('be.plans.searchPlaceholder')}
          allowClear
          style={{ width: 220 }}
          onSearch={(v) => setFilter({ q: v.trim() || undefined })}
        />
        <div className="kh-toolbar-spacer" />
        <Space wrap>
          <Button icon={<DownloadOutlined />} onClick={() => void download()}>
            {t('be.plans.export')}
          </Button>
          {canManage ? (
            <>
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
                {t('be.plans.import')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
                {t('be.plans.addIndicator')}
              </Button>
            </>
          ) : null}
        </Space>
      </div>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <Table<IndicatorView>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText:
            filters.category || filters.q || filters.active === 'false'
              ? t('common.noData')
              : canManage
                ? t('be.plans.libraryEmptyManage')
                : t('be.plans.libraryEmpty'),
        }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, s) => {
            setPage(s === pageSize ? p : 1);
            setPageSize(s);
          },
        }}
      />
      {editing ? (
        <IndicatorModal
          orgId={orgId}
          indicator={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <Drawer
        open={importing}
        size={screens.lg ? 980 : '100%'}
        title={t('be.plans.importTitle', { org: orgName })}
        onClose={() => setImporting(false)}
        destroyOnHidden
      >
        <LibraryImport orgId={orgId} />
      </Drawer>
    </>
  );
}
