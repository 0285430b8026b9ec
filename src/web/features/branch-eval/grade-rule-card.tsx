/**
 * The round committee's annual grade rule (年定级规则) for a year: the floors in force and which
 * version they are, the version history, and — for the committee — a dialog that saves a new
 * version (the server keeps every version; the grade board names the one it graded with).
 */
import { EditOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Collapse,
  Descriptions,
  Form,
  Input,
  Modal,
  Pagination,
  Row,
  Skeleton,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import type { GradeRuleView } from '../../../contracts/branch-eval.js';
import type { EndpointInput, EndpointOutput } from '../../../contracts/endpoint.js';
import { call } from '../../api/call.js';
import { beResultsApi } from '../../api/endpoints.js';
import { ErrorAlert } from '../../components/feedback.js';
import { placeServerError } from '../../components/form-errors.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { parsePointsText, points2 } from '../../lib/points.js';

type GradeRule = EndpointOutput<typeof beResultsApi.gradeRule>;
type SaveBody = EndpointInput<typeof beResultsApi.saveGradeRule>['body'];

/** The module's query keys all start with this, so a save refreshes the grade board as well. */
const moduleKey = ['branch-eval'] as const;

export function useGradeRule(orgId: number | null, year: number) {
  return useQuery({
    queryKey: [...moduleKey, 'grade-rule', orgId ?? 0, year],
    queryFn: ({ signal }) =>
      call(beResultsApi.gradeRule, { params: { year }, query: { orgId: orgId ?? undefined } }, { signal }),
    enabled: orgId != null,
    placeholderData: keepPreviousData,
  });
}

export function useSaveGradeRule(year: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SaveBody) => call(beResultsApi.saveGradeRule, { params: { year }, body }),
    onSettled: () => qc.invalidateQueries({ queryKey: moduleKey }),
  });
}

const floors = ['advanced', 'good', 'average'] as const;
type Floor = (typeof floors)[number];
const floorKey: Record<Floor, MessageKey> = {
  advanced: 'be.gradeRule.advanced',
  good: 'be.gradeRule.good',
  average: 'be.gradeRule.average',
};

interface FormValues {
  advanced: string;
  good: string;
  average: string;
  unrectifiedMandatoryLagging: boolean;
  note?: string;
}

function RuleDialog({ rule, open, onClose }: { rule: GradeRule; open: boolean; onClose: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const save = useSaveGradeRule(rule.year);
  const [error, setError] = useState<unknown>(null);
  const max = points2(rule.maxFloor);

  const pointsOf = (v: string | undefined) => {
    const h = parsePointsText(v);
    return h !== null && h >= 0 && h <= rule.maxFloor ? h : null;
  };
  const floorRules = (f: Floor) => {
    const upper: Floor | null = f === 'good' ? 'advanced' : f === 'average' ? 'good' : null;
    return [
      { required: true, message: t('form.required') },
      ({ getFieldValue }: { getFieldValue: (n: Floor) => string }) => ({
        validator: (_r: unknown, v: string | undefined) => {
          if (v === undefined || v === '') return Promise.resolve();
          const h = pointsOf(v);
          if (h === null) return Promise.reject(new Error(t('be.gradeRule.pointsFormat', { max })));
          const above = upper ? pointsOf(getFieldValue(upper)) : null;
          if (upper && above !== null && h >= above) {
            return Promise.reject(
              new Error(t('be.gradeRule.mustBeBelow', { upper: t(floorKey[upper]), points: points2(above) })),
            );
          }
          return Promise.resolve();
        },
      }),
    ];
  };

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the form marks what is missing
    setError(null);
    try {
      const saved = await save.mutateAsync({
        orgId: rule.orgId,
        advanced: pointsOf(v.advanced) ?? 0,
        good: pointsOf(v.good) ?? 0,
        average: pointsOf(v.average) ?? 0,
        unrectifiedMandatoryLagging: v.unrectifiedMandatoryLagging,
        note: v.note?.trim() || undefined,
        expectedVersion: rule.current.version,
      });
      void message.success(t('be.gradeRule.saved', { version: saved.current.version }));
      onClose();
    } catch (e) {
      setError(placeServerError(form, e, locale, floors));
    }
  };

  return (
    <Modal
      open={open}
      title={t('be.gradeRule.editTitle', { year: rule.year })}
      okText={t('be.gradeRule.save')}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
      afterOpenChange={(o) => {
        if (!o) return;
        setError(null);
        form.setFieldsValue({
          advanced: points2(rule.current.advanced),
          good: points2(rule.current.good),
          average: points2(rule.current.average),
          unrectifiedMandatoryLagging: rule.current.unrectifiedMandatoryLagging,
          note: '',
        });
      }}
    >
      <Typography.Paragraph type="secondary">
        {t('be.gradeRule.editHint', { version: rule.current.version + 1 })}
      </Typography.Paragraph>
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" requiredMark={false} preserve={false}>
        <Row gutter={12}>
          {floors.map((f) => (
            <Col key={f} xs={24} sm={8}>
              <Form.Item
                name={f}
                label={t(floorKey[f])}
                rules={floorRules(f)}
                dependencies={f === 'advanced' ? [] : [f === 'good' ? 'advanced' : 'good']}
              >
                <Input inputMode="decimal" autoComplete="off" suffix={t('be.gradeRule.pointsUnit')} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Form.Item
          name="unrectifiedMandatoryLagging"
          valuePropName="checked"
          label={t('be.gradeRule.unrectified')}
          extra={t('be.gradeRule.unrectifiedSwitch')}
        >
          <Switch />
        </Form.Item>
        <Form.Item name="note" label={t('be.gradeRule.noteLabel')}>
          <Input.TextArea
            rows={2}
            maxLength={500}
            showCount
            placeholder={t('be.gradeRule.notePlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const HISTORY_PAGE = 10;

function History({ versions }: { versions: readonly GradeRuleView[] }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const shown = versions.slice((page - 1) * HISTORY_PAGE, page * HISTORY_PAGE);
  return (
    <div>
      <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {shown.map((v) => (
          <li key={v.version} style={{ padding: '6px 0', borderBottom: '1px solid rgba(5, 5, 5, 0.06)' }}>
            <Space size={[8, 2]} wrap>
              <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
                {t('be.gradeRule.version', { version: v.version })}
              </Typography.Text>
              {v.version === versions[0]?.version && <Tag color="blue">{t('be.gradeRule.current')}</Tag>}
              <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                {t('be.gradeRule.floorsIs', {
                  floors: `${points2(v.advanced)} / ${points2(v.good)} / ${points2(v.average)}`,
                })}
              </span>
              <span>
                {t('be.gradeRule.unrectifiedIs', {
                  value: t(
                    v.unrectifiedMandatoryLagging
                      ? 'be.gradeRule.unrectifiedOn'
                      : 'be.gradeRule.unrectifiedOff',
                  ),
                })}
              </span>
            </Space>
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t('be.gradeRule.savedBy', { name: v.createdBy?.name ?? '—', at: formatDateTime(v.createdAt) })}
              {v.note ? ` · ${v.note}` : ''}
            </Typography.Text>
          </li>
        ))}
      </ol>
      {versions.length > HISTORY_PAGE && (
        <Pagination
          size="small"
          align="end"
          style={{ marginTop: 8 }}
          current={page}
          pageSize={HISTORY_PAGE}
          total={versions.length}
          showSizeChanger={false}
          onChange={setPage}
        />
      )}
    </div>
  );
}

/**
 * The grade rule of a round (`orgId`, the round's org) for `year`: shown to everyone who reads the
 * round's boards, editable by its committee.
 */
export function GradeRuleCard({ orgId, year }: { orgId: number | null; year: number }) {
  const { t } = useI18n();
  const q = useGradeRule(orgId, year);
  const [editing, setEditing] = useState(false);
  const rule = q.data;

  if (orgId == null) return null;
  if (q.isError && !rule) {
    return (
      <Card size="small" title={t('be.gradeRule.title', { year })}>
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      </Card>
    );
  }
  if (!rule) {
    return (
      <Card size="small" title={t('be.gradeRule.title', { year })}>
        <Skeleton active paragraph={{ rows: 2 }} title={false} />
      </Card>
    );
  }
  const c = rule.current;
  return (
    <Card
      size="small"
      title={
        <Space size={8} wrap>
          <span>{t('be.gradeRule.title', { year: rule.year })}</span>
          {c.isDefault ? (
            <Tag>{t('be.gradeRule.default')}</Tag>
          ) : (
            <Tag color="blue">{t('be.gradeRule.version', { version: c.version })}</Tag>
          )}
        </Space>
      }
      extra={
        rule.canEdit ? (
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('be.gradeRule.edit')}
          </Button>
        ) : null
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 5 }}
        items={[
          ...floors.map((f) => ({
            key: f,
            label: t(floorKey[f]),
            children: t('be.gradeRule.atLeast', { points: points2(c[f]) }),
          })),
          {
            key: 'lagging',
            label: t('be.gradeRule.lagging'),
            children: t('be.gradeRule.laggingBelow', { points: points2(c.average) }),
          },
          {
            key: 'unrectified',
            label: t('be.gradeRule.unrectified'),
            children: t(
              c.unrectifiedMandatoryLagging ? 'be.gradeRule.unrectifiedOn' : 'be.gradeRule.unrectifiedOff',
            ),
          },
        ]}
      />
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
        {c.isDefault
          ? t('be.gradeRule.defaultHint')
          : `${t('be.gradeRule.savedBy', { name: c.createdBy?.name ?? '—', at: formatDateTime(c.createdAt) })}${
              c.note ? ` · ${c.note}` : ''
            }`}
      </Typography.Text>
      {!rule.canEdit && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4, fontSize: 12 }}>
          {t('be.gradeRule.readOnlyHint')}
        </Typography.Text>
      )}
      {rule.versions.length > 0 && (
        <Collapse
          size="small"
          ghost
          style={{ marginTop: 8 }}
          items={[
            {
              key: 'history',
              label: t('be.gradeRule.history', { count: rule.versions.length }),
              children: <History versions={rule.versions} />,
            },
          ]}
        />
      )}
      {rule.canEdit && <RuleDialog rule={rule} open={editing} onClose={() => setEditing(false)} />}
    </Card>
  );
}
