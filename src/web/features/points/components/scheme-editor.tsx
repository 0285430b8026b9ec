import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  EditOutlined,
  PlusOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Radio,
  Row,
  Segmented,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { SchemeItemDto } from '../../../../contracts/points.js';
import {
  type Dimension,
  dimensions,
  itemUnits,
  rankingScopes,
  type SchemeRules,
} from '../../../../domain/points/scheme.js';
import type { SchemeIssue } from '../../../../domain/points/scheme-validation.js';
import { useI18n } from '../../../i18n/index.js';
import { parsePointsText, points2 } from '../../../lib/points.js';
import {
  diffItems,
  formToItem,
  formToRules,
  type ItemFormValues,
  issueTarget,
  itemToForm,
  nextItemCode,
  type RulesFormValues,
  rulesToForm,
  sortIssues,
} from '../../../lib/scheme-form.js';
import { usePointsLabels } from '../labels.js';
import { useItemPointsText } from './entry-fields.js';

type Issue = Pick<SchemeIssue, 'path' | 'code' | 'severity' | 'message_zh' | 'message_en'>;

export function useIssueText() {
  const { locale } = useI18n();
  return (i: Pick<Issue, 'message_zh' | 'message_en'>) => (locale === 'en' ? i.message_en : i.message_zh);
}

function IssueIcons({ issues }: { issues: readonly Issue[] }) {
  const { t } = useI18n();
  const text = useIssueText();
  if (issues.length === 0) return null;
  const error = issues.some((i) => i.severity === 'error');
  return (
    <Tooltip title={issues.map((i) => text(i)).join(t('common.listSeparator'))}>
      <Tag color={error ? 'error' : 'warning'} icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }}>
        {issues.length}
      </Tag>
    </Tooltip>
  );
}

// ── item dialog ──────────────────────────────────────────────────────────────────────────

function ItemModal({
  item,
  items,
  index,
  onSave,
  onClose,
}: {
  item: SchemeItemDto | null;
  items: readonly SchemeItemDto[];
  index: number | null;
  onSave: (item: SchemeItemDto) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const labels = usePointsLabels();
  const [form] = Form.useForm<ItemFormValues>();
  const pointsKind = Form.useWatch('pointsKind', form);
  const capKind = Form.useWatch('capKind', form);
  const direction = Form.useWatch('direction', form);
  const initial: ItemFormValues = item
    ? itemToForm(item)
    : {
        code: nextItemCode(items, 'political'),
        name: '',
        dimension: 'political',
        direction: 'bonus',
        pointsKind: 'fixed',
        value: '',
        unit: itemUnits[0],
        capKind: 'none',
        evidenceRequired: false,
        veto: false,
      };

  const pointsRule = {
    validator: (_r: unknown, v: string | undefined) =>
      v === undefined || v === '' || parsePointsText(v) !== null
        ? Promise.resolve()
        : Promise.reject(new Error(t('points.form.pointsFormat'))),
  };
  const required = { required: true, whitespace: true, message: t('form.required') };

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the form marks what is missing
    const r = formToItem(v);
    if (!r.ok) {
      form.setFields(
        r.errors.map((e) => ({
          name: e.field,
          errors: [e.error === 'whole' ? t('points.form.wholeNumber') : t('points.form.pointsFormat')],
        })),
      );
      return;
    }
    const dup = items.findIndex(
      (x, i) => i !== index && x.code.trim().toUpperCase() === r.value.code.toUpperCase(),
    );
    if (dup >= 0) {
      form.setFields([
        { name: 'code', errors: [t('points.item.codeTaken', { name: items[dup]?.name ?? '' })] },
      ]);
      return;
    }
    onSave(r.value);
    onClose();
  };

  return (
    <Modal
      open
      width={640}
      title={item ? t('points.item.editTitle', { code: item.code }) : t('points.item.addTitle')}
      okText={t('common.done')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<ItemFormValues>
        name="item"
        form={form}
        layout="vertical"
        initialValues={initial}
        onValuesChange={(changed: Partial<ItemFormValues>) => {
          // A new item's code follows its dimension until the officer types one.
          if (!item && changed.dimension && !form.isFieldTouched('code')) {
            form.setFieldValue('code', nextItemCode(items, changed.dimension));
          }
          if (changed.direction === 'bonus') form.setFieldValue('veto', false);
        }}
      >
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item
              name="code"
              label={t('points.item.code')}
              rules={[required, { max: 20, message: t('form.maxLength', { max: 20 }) }]}
            >
              <Input autoComplete="off" spellCheck={false} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item
              name="name"
              label={t('points.item.name')}
              rules={[required, { max: 100, message: t('form.maxLength', { max: 100 }) }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="dimension" label={t('points.entry.dimension')}>
              <Select options={dimensions.map((d) => ({ value: d, label: labels.dimension(d) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="direction" label={t('points.item.direction')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'bonus', label: labels.direction('bonus') },
                  { value: 'deduction', label: labels.direction('deduction') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="pointsKind" label={t('points.item.pointsKind')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'fixed', label: t('points.item.fixed') },
                  { value: 'range', label: t('points.item.range') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="unit"
              label={t('points.item.unit')}
              rules={[required, { max: 10, message: t('form.maxLength', { max: 10 }) }]}
            >
              <Select
                options={itemUnits.map((u) => ({ value: u, label: u }))}
                showSearch
                // The scheme may use its own unit; typing one offers it.
                onSearch={(v) => v && form.setFieldValue('unit', v)}
              />
            </Form.Item>
          </Col>
          {pointsKind === 'range' ? (
            <>
              <Col xs={12}>
                <Form.Item name="min" label={t('points.item.min')} rules={[required, pointsRule]}>
                  <Input inputMode="decimal" />
                </Form.Item>
              </Col>
              <Col xs={12}>
                <Form.Item name="max" label={t('points.item.max')} rules={[required, pointsRule]}>
                  <Input inputMode="decimal" />
                </Form.Item>
              </Col>
            </>
          ) : (
            <Col xs={24} sm={12}>
              <Form.Item
                name="value"
                label={t('points.item.value')}
                rules={[required, pointsRule]}
                extra={t('points.item.valueHint')}
              >
                <Input inputMode="decimal" />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} sm={12}>
            <Form.Item name="capKind" label={t('points.item.quarterCap')}>
              <Select
                options={[
                  { value: 'none', label: t('points.item.capNone') },
                  { value: 'count', label: t('points.item.capCount') },
                  { value: 'points', label: t('points.item.capPoints') },
                ]}
              />
            </Form.Item>
          </Col>
          {capKind && capKind !== 'none' ? (
            <Col xs={24} sm={12}>
              <Form.Item
                name="capValue"
                label={capKind === 'count' ? t('points.item.capCountValue') : t('points.item.capPointsValue')}
                rules={[
                  required,
                  capKind === 'points'
                    ? pointsRule
                    : { pattern: /^\d+$/, message: t('points.form.wholeNumber') },
                ]}
              >
                <Input inputMode={capKind === 'count' ? 'numeric' : 'decimal'} />
              </Form.Item>
            </Col>
          ) : null}
          <Col xs={24}>
            <Space size={24} wrap>
              <Form.Item name="evidenceRequired" valuePropName="checked" noStyle>
                <Checkbox>{t('points.item.evidenceRequired')}</Checkbox>
              </Form.Item>
              <Form.Item name="veto" valuePropName="checked" noStyle>
                <Checkbox disabled={direction !== 'deduction'}>{t('points.item.vetoLong')}</Checkbox>
              </Form.Item>
            </Space>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

// ── items table ──────────────────────────────────────────────────────────────────────────

/**
 * The scheme's items (积分项目), grouped by a dimension filter, with add / edit / remove / move
 * when editable and each item's live check results beside it.
 */
export function ItemsEditor({
  items,
  issues,
  editable,
  onChange,
  inForce,
}: {
  items: readonly SchemeItemDto[];
  issues: readonly Issue[];
  editable: boolean;
  onChange: (items: SchemeItemDto[]) => void;
  /** The version in force, to mark what the draft adds, changes and removes. */
  inForce?: readonly SchemeItemDto[] | undefined;
}) {
  const { t } = useI18n();
  const labels = usePointsLabels();
  const pointsText = useItemPointsText();
  const [dim, setDim] = useState<Dimension | 'all'>('all');
  const [dialog, setDialog] = useState<{ index: number | null } | null>(null);
  const diff = inForce ? diffItems(inForce, items) : null;
  const rows = items
    .map((item, index) => ({ item, index }))
    .filter((r) => dim === 'all' || r.item.dimension === dim);
  const issuesOf = (index: number) =>
    issues.filter((i) => {
      const target = issueTarget(i.path);
      return target.kind === 'item' && target.index === index;
    });

  const move = (index: number, delta: -1 | 1) => {
    const next = [...items];
    const j = index + delta;
    if (j < 0 || j >= next.length) return;
    [next[index], next[j]] = [next[j] as SchemeItemDto, next[index] as SchemeItemDto];
    onChange(next);
  };

  const columns: TableColumnsType<{ item: SchemeItemDto; index: number }> = [
    {
      title: t('points.item.code'),
      key: 'code',
      width: 80,
      render: (_v, r) => <Typography.Text strong>{r.item.code}</Typography.Text>,
    },
    {
      title: t('points.item.name'),
      key: 'name',
      render: (_v, r) => {
        const change = diff?.changes[r.index];
        return (
          <Space size={4} wrap>
            <span>{r.item.name}</span>
            {change === 'added' ? <Tag color="blue">{t('points.item.added')}</Tag> : null}
            {change === 'changed' ? <Tag color="orange">{t('points.item.changed')}</Tag> : null}
          </Space>
        );
      },
    },
    { title: t('points.entry.dimension'), key: 'dim', render: (_v, r) => labels.dimension(r.item.dimension) },
    {
      title: t('points.item.direction'),
      key: 'dir',
      render: (_v, r) => (
        <Tag color={r.item.direction === 'bonus' ? 'green' : 'red'}>{labels.direction(r.item.direction)}</Tag>
      ),
    },
    { title: t('points.item.points'), key: 'points', render: (_v, r) => pointsText(r.item) },
    {
      title: t('points.item.quarterCap'),
      key: 'cap',
      render: (_v, r) =>
        r.item.quarterCap === null
          ? '—'
          : r.item.quarterCap.kind === 'count'
            ? t('points.item.capCountUnit', { n: r.item.quarterCap.value, unit: r.item.unit })
            : t('points.explain.capPoints', { points: points2(r.item.quarterCap.value) }),
    },
    {
      title: t('points.item.flags'),
      key: 'flags',
      render: (_v, r) => (
        <Space size={4} wrap>
          {r.item.evidenceRequired ? <Tag>{t('points.item.evidenceRequired')}</Tag> : null}
          {r.item.veto ? <Tag color="red">{t('points.item.veto')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('points.scheme.checks'),
      key: 'issues',
      width: 70,
      render: (_v, r) => <IssueIcons issues={issuesOf(r.index)} />,
    },
  ];
  if (editable) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_v, r) => (
        <Space size={0}>
          <Button
            type="text"
            size="small"
            icon={<ArrowUpOutlined />}
            disabled={r.index === 0}
            aria-label={t('points.item.moveUp', { code: r.item.code })}
            onClick={() => move(r.index, -1)}
          />
          <Button
            type="text"
            size="small"
            icon={<ArrowDownOutlined />}
            disabled={r.index === items.length - 1}
            aria-label={t('points.item.moveDown', { code: r.item.code })}
            onClick={() => move(r.index, 1)}
          />
          <Button
            type="text"
            size="small"
            icon={<EditOutlined />}
            aria-label={t('points.item.editTitle', { code: r.item.code })}
            onClick={() => setDialog({ index: r.index })}
          />
          <Popconfirm
            title={t('points.item.removeConfirm', { code: r.item.code, name: r.item.name })}
            okText={t('points.item.remove')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => onChange(items.filter((_x, i) => i !== r.index))}
          >
            <Button
              type="text"
              size="small"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('points.item.removeNamed', { code: r.item.code })}
            />
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <>
      <div className="kh-toolbar">
        <Segmented<Dimension | 'all'>
          value={dim}
          onChange={setDim}
          options={[
            { value: 'all', label: t('points.item.allDimensions', { n: items.length }) },
            ...dimensions.map((d) => ({
              value: d,
              label: `${labels.dimension(d)} ${items.filter((i) => i.dimension === d).length}`,
            })),
          ]}
        />
        <div className="kh-toolbar-spacer" />
        {editable ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ index: null })}>
            {t('points.item.add')}
          </Button>
        ) : null}
      </div>
      {diff && diff.removed.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('points.item.removedFromDraft', {
            items: diff.removed.map((i) => `${i.code} ${i.name}`).join(t('common.listSeparator')),
          })}
        />
      ) : null}
      <Table
        rowKey={(r) => `${r.index}-${r.item.code}`}
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('points.item.empty')} />,
        }}
      />
      {dialog ? (
        <ItemModal
          item={dialog.index === null ? null : (items[dialog.index] ?? null)}
          index={dialog.index}
          items={items}
          onClose={() => setDialog(null)}
          onSave={(it) =>
            onChange(
              dialog.index === null ? [...items, it] : items.map((x, i) => (i === dialog.index ? it : x)),
            )
          }
        />
      ) : null}
    </>
  );
}

// ── rules form ───────────────────────────────────────────────────────────────────────────

/** The scheme's rules: base score, caps per dimension, tier rule, ranking scope, privacy, windows. */
export function RulesForm({
  rules,
  issues,
  editable,
  onChange,
}: {
  rules: SchemeRules;
  issues: readonly Issue[];
  editable: boolean;
  onChange: (rules: SchemeRules) => void;
}) {
  const { t } = useI18n();
  const labels = usePointsLabels();
  const text = useIssueText();
  const [form] = Form.useForm<RulesFormValues>();
  const tierKind = Form.useWatch('tierKind', form);
  const initial = useMemo(() => rulesToForm(rules), [rules]);
  // A rules object from outside (loaded, copied, saved) replaces what the form shows.
  useEffect(() => {
    const current = formToRules(form.getFieldsValue(true) as RulesFormValues);
    if (!current.ok || JSON.stringify(current.value) !== JSON.stringify(rules)) form.setFieldsValue(initial);
  }, [rules, initial, form]);

  const issueFor = (field: string) => {
    const found = issues.filter((i) => {
      const target = issueTarget(i.path);
      return target.kind === 'rules' && target.field === field;
    });
    if (found.length === 0) return {};
    const error = found.some((i) => i.severity === 'error');
    return {
      validateStatus: error ? ('error' as const) : ('warning' as const),
      help: found.map((i) => text(i)).join(t('common.listSeparator')),
    };
  };
  const pointsRule = {
    validator: (_r: unknown, v: string | undefined) =>
      parsePointsText(v) !== null
        ? Promise.resolve()
        : Promise.reject(new Error(t('points.form.pointsFormat'))),
  };
  const wholeRule = { pattern: /^\d+$/, message: t('points.form.wholeNumber') };
  const tierUnit = tierKind === 'quota' ? '%' : t('points.unit.points');

  return (
    <Form<RulesFormValues>
      name="rules"
      form={form}
      layout="vertical"
      initialValues={initial}
      disabled={!editable}
      onValuesChange={(_c, all) => {
        const r = formToRules(all);
        if (r.ok) onChange(r.value);
      }}
      style={{ maxWidth: 880 }}
    >
      <Card size="small" title={t('points.rules.scoreSection')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} sm={6}>
            <Form.Item
              name="baseScore"
              label={t('points.rules.baseScore')}
              rules={[pointsRule]}
              {...issueFor('baseScore')}
            >
              <Input inputMode="decimal" suffix={t('points.unit.points')} />
            </Form.Item>
          </Col>
          {(['political', 'professional', 'civility'] as const).map((d) => {
            const field =
              d === 'political' ? 'capPolitical' : d === 'professional' ? 'capProfessional' : 'capCivility';
            return (
              <Col xs={24} sm={6} key={d}>
                <Form.Item
                  name={field}
                  label={t('points.rules.bonusCapOf', { dimension: labels.dimension(d) })}
                  rules={[pointsRule]}
                  {...issueFor(`bonusCaps.${d}`)}
                >
                  <Input inputMode="decimal" suffix={t('points.unit.points')} />
                </Form.Item>
              </Col>
            );
          })}
        </Row>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('points.rules.formula')}
        </Typography.Text>
      </Card>

      <Card size="small" title={t('points.rules.tierSection')} style={{ marginBottom: 16 }}>
        <Form.Item name="tierKind" label={t('points.rules.tierRule')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'quota', label: t('points.rules.quota') },
              { value: 'threshold', label: t('points.rules.threshold') },
            ]}
          />
        </Form.Item>
        <Row gutter={16}>
          {(['benchmark', 'excellent', 'good'] as const).map((tier) => (
            <Col xs={12} sm={6} key={tier}>
              <Form.Item
                name={tier}
                label={
                  tierKind === 'quota'
                    ? t('points.rules.quotaOf', { tier: labels.tier(tier) })
                    : t('points.rules.thresholdOf', { tier: labels.tier(tier) })
                }
                rules={[tierKind === 'quota' ? wholeRule : pointsRule]}
                {...issueFor(`tierRule.${tier}`)}
              >
                <Input inputMode="decimal" suffix={tierUnit} />
              </Form.Item>
            </Col>
          ))}
          <Col xs={12} sm={6}>
            <Form.Item
              name="warningBelow"
              label={t('points.rules.warningBelow')}
              rules={[pointsRule]}
              {...issueFor('tierRule.warningBelow')}
            >
              <Input inputMode="decimal" suffix={t('points.unit.points')} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {tierKind === 'quota' ? t('points.rules.quotaHint') : t('points.rules.thresholdHint')}
        </Typography.Text>
      </Card>

      <Card size="small" title={t('points.rules.otherSection')}>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="rankingScope"
              label={t('points.rules.rankingScope')}
              {...issueFor('rankingScope')}
            >
              <Select
                options={rankingScopes.map((s) => ({ value: s, label: t(`points.rules.scope.${s}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="showOthersDeductions"
              label={t('points.rules.privacy')}
              valuePropName="checked"
              extra={t('points.rules.privacyHint')}
            >
              <Switch
                checkedChildren={t('points.rules.privacyShowShort')}
                unCheckedChildren={t('points.rules.privacyHideShort')}
              />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item
              name="appealWindowDays"
              label={t('points.rules.appealWindow')}
              rules={[wholeRule]}
              {...issueFor('appealWindowDays')}
            >
              <Input inputMode="numeric" suffix={t('points.unit.days')} />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item
              name="reviewOverdueDays"
              label={t('points.rules.reviewOverdue')}
              rules={[wholeRule]}
              {...issueFor('reviewOverdueDays')}
            >
              <Input inputMode="numeric" suffix={t('points.unit.days')} />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item
              name="minQuartersForUnflagged"
              label={t('points.rules.minQuarters')}
              rules={[wholeRule]}
              {...issueFor('minQuartersForUnflagged')}
            >
              <Input inputMode="numeric" />
            </Form.Item>
          </Col>
        </Row>
      </Card>
    </Form>
  );
}

// ── issues ───────────────────────────────────────────────────────────────────────────────

/** Every check result, errors first, each saying where it is (item code or rule). */
export function IssuesList({ issues, items }: { issues: readonly Issue[]; items: readonly SchemeItemDto[] }) {
  const { t } = useI18n();
  const text = useIssueText();
  const sorted = sortIssues(issues);
  if (sorted.length === 0) {
    return <Alert type="success" showIcon title={t('points.scheme.noIssues')} />;
  }
  const where = (i: Issue) => {
    const target = issueTarget(i.path);
    if (target.kind === 'item') {
      const item = items[target.index];
      return t('points.scheme.issueAtItem', { n: target.index + 1, code: item?.code ?? '' });
    }
    if (target.kind === 'rules') return t('points.scheme.issueAtRules');
    return t('points.scheme.issueAtScheme');
  };
  return (
    <List
      size="small"
      dataSource={sorted}
      renderItem={(i) => (
        <List.Item>
          <Space align="start">
            <Badge status={i.severity === 'error' ? 'error' : 'warning'} />
            <Tag color={i.severity === 'error' ? 'error' : 'warning'}>
              {i.severity === 'error' ? t('points.scheme.severityError') : t('points.scheme.severityWarning')}
            </Tag>
            <span>
              <Typography.Text type="secondary">
                {t('points.scheme.issueWhere', { where: where(i) })}
              </Typography.Text>
              {text(i)}
            </span>
          </Space>
        </List.Item>
      )}
    />
  );
}
