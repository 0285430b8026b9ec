import { CheckCircleFilled, DeleteOutlined, PlusOutlined, WarningFilled } from '@ant-design/icons';
import {
  Alert,
  Button,
  Empty,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type CSSProperties, type ReactNode, useState } from 'react';
import type { IssueDto } from '../../../../contracts/branch-eval.js';
import { baseCategories, type Category, categories } from '../../../../domain/branch-eval/indicators.js';
import { ErrorAlert } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';
import {
  formatPoints,
  groupByCategory,
  type PlanItem,
  parseCapPoints,
  parseMaxPoints,
  planBalance,
  pointsInputText,
} from '../../../lib/be-plans.js';
import { CategoryTag, useBeLabels } from '../labels.js';
import { type IndicatorOption, type PlanSettings, useIndicatorOptions } from './api.js';

// ── points input ─────────────────────────────────────────────────────────────────────────

/**
 * Points typed with up to two decimals ("7.5"), held as hundredths. The text is kept while it is
 * being typed; a value that cannot be read marks the field and is not passed on.
 */
export function PointsInput({
  value,
  onChange,
  allowZero = false,
  disabled,
  style,
  'aria-label': ariaLabel,
  id,
}: {
  value?: number | null;
  onChange?: (h: number) => void;
  allowZero?: boolean;
  disabled?: boolean;
  style?: CSSProperties;
  'aria-label'?: string;
  id?: string;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(pointsInputText(value));
  const parse = allowZero ? parseCapPoints : parseMaxPoints;
  // Follow the value when it changes from outside (another edit, a reload), not while it is typed:
  // state adjusted during render, as React recommends, rather than an effect.
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    if (parse(text) !== value) setText(pointsInputText(value));
  }
  const bad = text.trim() !== '' && parse(text) === null;
  return (
    <Tooltip title={bad ? t('be.plans.pointsFormat') : undefined} open={bad ? undefined : false}>
      <Input
        id={id}
        aria-label={ariaLabel}
        aria-invalid={bad}
        inputMode="decimal"
        autoComplete="off"
        disabled={disabled}
        status={bad ? 'error' : undefined}
        value={text}
        style={{ width: 96, textAlign: 'right', ...style }}
        onChange={(e) => {
          setText(e.target.value);
          const h = parse(e.target.value);
          if (h !== null) onChange?.(h);
        }}
        onBlur={() => {
          if (parse(text) !== null) setText(pointsInputText(parse(text)));
        }}
      />
    </Tooltip>
  );
}

// ── totals and issues ────────────────────────────────────────────────────────────────────

function Figure({
  label,
  value,
  note,
  tone,
}: {
  label: ReactNode;
  value: string;
  note?: string;
  tone?: 'ok' | 'bad';
}) {
  const color = tone === 'bad' ? '#cf1322' : tone === 'ok' ? '#237804' : undefined;
  return (
    <div style={{ minWidth: 92 }}>
      <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>{label}</div>
      <div style={{ fontSize: 18, fontWeight: 600, color, fontVariantNumeric: 'tabular-nums' }}>{value}</div>
      {note ? <div style={{ fontSize: 12, color: color ?? 'rgba(0,0,0,0.55)' }}>{note}</div> : null}
    </div>
  );
}

/**
 * The plan's numbers as they stand: each category's points, mandatory + basic + evaluative
 * against the plan total (default 100), innovation offered against its cap (default 10).
 */
export function PlanTotals({ items, settings }: { items: readonly PlanItem[]; settings: PlanSettings }) {
  const { t } = useI18n();
  const b = planBalance(items, settings);
  const l = useBeLabels();
  return (
    <section
      aria-label={t('be.plans.totals')}
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: '8px 20px',
        alignItems: 'flex-start',
        padding: '10px 14px',
        background: '#fafafa',
        border: '1px solid #f0f0f0',
        borderRadius: 8,
        marginBottom: 12,
      }}
    >
      {baseCategories.map((c) => (
        <Figure key={c} label={l.category(c)} value={formatPoints(b.totals[c])} />
      ))}
      <Figure
        label={t('be.plans.baseTotal')}
        value={`${formatPoints(b.base)} / ${formatPoints(b.target)}`}
        tone={b.balanced ? 'ok' : 'bad'}
        note={
          b.balanced
            ? t('be.plans.balanced')
            : b.diff < 0
              ? t('be.plans.short', { points: formatPoints(-b.diff) })
              : t('be.plans.over', { points: formatPoints(b.diff) })
        }
      />
      <Figure
        label={l.category('innovation')}
        value={formatPoints(b.innovationOffered)}
        tone={b.innovationAboveCap.length > 0 ? 'bad' : undefined}
        note={t('be.plans.innovationCapNote', { cap: formatPoints(b.innovationCap) })}
      />
      <Figure
        label={t('be.plans.weights')}
        value={`${settings.weights.self}/${settings.weights.peer}/${settings.weights.verified}`}
        tone={b.weightsSum === 100 ? undefined : 'bad'}
        note={
          b.weightsSum === 100 ? t('be.plans.weightsNote') : t('be.plans.weightsSum', { sum: b.weightsSum })
        }
      />
    </section>
  );
}

/** Errors (they block approval) and warnings (shown, not blocking), in the current language. */
export function IssueList({ issues, title }: { issues: readonly IssueDto[]; title?: string }) {
  const { t } = useI18n();
  const l = useBeLabels();
  const errors = issues.filter((i) => i.severity === 'error');
  const warnings = issues.filter((i) => i.severity === 'warning');
  if (issues.length === 0) {
    return (
      <Alert type="success" showIcon title={title ?? t('be.plans.noIssues')} style={{ marginBottom: 12 }} />
    );
  }
  const list = (items: IssueDto[]) => (
    <ul style={{ margin: 0, paddingInlineStart: 18 }}>
      {items.map((i) => (
        <li key={`${i.code}-${i.indicator ?? ''}-${JSON.stringify(i.details)}`}>{l.text(i.message)}</li>
      ))}
    </ul>
  );
  return (
    <div aria-live="polite">
      {errors.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('be.plans.errorsTitle', { count: errors.length })}
          description={list(errors)}
        />
      ) : null}
      {warnings.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('be.plans.warningsTitle', { count: warnings.length })}
          description={list(warnings)}
        />
      ) : null}
    </div>
  );
}

/** A small red/green tag with a plan's error count (the list's "issues" column). */
export function ErrorCountTag({ count }: { count: number }) {
  const { t } = useI18n();
  return count > 0 ? (
    <Tag color="error" icon={<WarningFilled />}>
      {t('be.plans.errorCount', { count })}
    </Tag>
  ) : (
    <Tag color="success" icon={<CheckCircleFilled />}>
      {t('be.plans.checked')}
    </Tag>
  );
}

// ── read-only view (phone-friendly) ──────────────────────────────────────────────────────

/**
 * The plan's indicators by category, each with its points, 评分标准 and evidence requirement:
 * a list that reads on a phone as well as on a desk.
 */
export function PlanIndicatorsView({ items }: { items: readonly PlanItem[] }) {
  const { t } = useI18n();
  const l = useBeLabels();
  const groups = groupByCategory(items);
  if (groups.length === 0) return <Empty description={t('be.plans.noIndicators')} />;
  return (
    <div>
      {groups.map((g) => {
        const sum = g.items.reduce((s, i) => s + i.maxPoints, 0);
        return (
          <section key={g.category} aria-label={l.category(g.category)} style={{ marginBottom: 16 }}>
            <div
              style={{
                display: 'flex',
                alignItems: 'center',
                gap: 8,
                padding: '6px 0',
                borderBottom: '1px solid #f0f0f0',
              }}
            >
              <CategoryTag category={g.category} />
              <Typography.Text type="secondary">
                {t('be.plans.groupSummary', { count: g.items.length, points: formatPoints(sum) })}
              </Typography.Text>
            </div>
            <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {g.items.map((i) => (
                <li key={i.code} style={{ padding: '10px 0', borderBottom: '1px solid #f5f5f5' }}>
                  <div style={{ display: 'flex', gap: 8, alignItems: 'baseline' }}>
                    <Typography.Text type="secondary" style={{ fontSize: 12, flex: 'none' }}>
                      {i.code}
                    </Typography.Text>
                    <Typography.Text strong style={{ flex: 1, minWidth: 0 }}>
                      {i.name}
                    </Typography.Text>
                    <Typography.Text strong style={{ flex: 'none', fontVariantNumeric: 'tabular-nums' }}>
                      {t('be.plans.pointsUnit', { points: formatPoints(i.maxPoints) })}
                    </Typography.Text>
                  </div>
                  {i.criteria ? (
                    <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 13 }}>
                      {i.criteria}
                    </Typography.Paragraph>
                  ) : null}
                  {i.evidenceRequired ? (
                    <Tag style={{ marginTop: 4 }}>{t('be.plans.evidenceRequired')}</Tag>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

// ── settings ─────────────────────────────────────────────────────────────────────────────

/** The plan's numbers (SPEC: "All numbers … are defaults"): total, innovation cap, weights, raters. */
export function SettingsEditor({
  value,
  onChange,
  editable,
}: {
  value: PlanSettings;
  onChange: (s: PlanSettings) => void;
  editable: boolean;
}) {
  const { t } = useI18n();
  const field = (id: string, label: string, input: ReactNode) => (
    <div style={{ width: 128 }}>
      <label
        htmlFor={id}
        style={{ display: 'block', fontSize: 12, marginBottom: 4, color: 'rgba(0,0,0,0.65)' }}
      >
        {label}
      </label>
      {input}
    </div>
  );
  const weight = (key: keyof PlanSettings['weights'], label: string) =>
    field(
      `be-w-${key}`,
      label,
      <InputNumber
        id={`be-w-${key}`}
        min={0}
        max={100}
        precision={0}
        suffix="%"
        disabled={!editable}
        value={value.weights[key]}
        style={{ width: '100%' }}
        onChange={(v) =>
          typeof v === 'number' && onChange({ ...value, weights: { ...value.weights, [key]: v } })
        }
      />,
    );
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, marginBottom: 12 }}>
      {field(
        'be-total',
        t('be.plans.totalPoints'),
        <PointsInput
          id="be-total"
          value={value.totalPoints}
          disabled={!editable}
          style={{ width: '100%' }}
          onChange={(h) => onChange({ ...value, totalPoints: h })}
        />,
      )}
      {field(
        'be-cap',
        t('be.plans.innovationCap'),
        <PointsInput
          id="be-cap"
          allowZero
          value={value.innovationCap}
          disabled={!editable}
          style={{ width: '100%' }}
          onChange={(h) => onChange({ ...value, innovationCap: h })}
        />,
      )}
      {weight('self', t('be.plans.weightSelf'))}
      {weight('peer', t('be.plans.weightPeer'))}
      {weight('verified', t('be.plans.weightVerified'))}
      {field(
        'be-raters',
        t('be.plans.minPeerRaters'),
        <InputNumber
          id="be-raters"
          min={1}
          max={100}
          precision={0}
          disabled={!editable}
          value={value.minPeerRaters}
          style={{ width: '100%' }}
          onChange={(v) => typeof v === 'number' && onChange({ ...value, minPeerRaters: v })}
        />,
      )}
    </div>
  );
}

/** The settings of a plan that cannot be edited, as one line of text (reads on a phone too). */
export function SettingsSummary({ value }: { value: PlanSettings }) {
  const { t } = useI18n();
  return (
    <Typography.Paragraph type="secondary" style={{ margin: '0 0 12px' }}>
      {t('be.plans.settingsLine', {
        total: formatPoints(value.totalPoints),
        cap: formatPoints(value.innovationCap),
        self: value.weights.self,
        peer: value.weights.peer,
        verified: value.weights.verified,
        raters: value.minPeerRaters,
      })}
    </Typography.Paragraph>
  );
}

// ── picking indicators from the library ──────────────────────────────────────────────────

/**
 * Picks indicators from the libraries the org may use (its own and its ancestors'); those already
 * in the plan show but cannot be picked again.
 */
export function IndicatorPicker({
  orgId,
  taken,
  onPick,
  onClose,
}: {
  orgId: number;
  taken: ReadonlySet<string>;
  onPick: (items: PlanItem[]) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const l = useBeLabels();
  const [category, setCategory] = useState<Category | undefined>(undefined);
  const [q, setQ] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [chosen, setChosen] = useState<Map<string, IndicatorOption>>(new Map());
  const options = useIndicatorOptions(orgId, category, q, page, pageSize);
  const columns: TableColumnsType<IndicatorOption> = [
    { title: t('be.plans.code'), dataIndex: 'code', width: 80 },
    {
      title: t('be.plans.name'),
      key: 'name',
      render: (_v, i) => (
        <div style={{ maxWidth: 380 }}>
          <div>
            {i.name}
            {taken.has(i.code) ? <Tag style={{ marginInlineStart: 6 }}>{t('be.plans.alreadyIn')}</Tag> : null}
          </div>
          {i.criteria ? (
            <Typography.Text
              type="secondary"
              style={{ fontSize: 12, display: 'block', maxWidth: 380 }}
              ellipsis={{ tooltip: i.criteria }}
            >
              {i.criteria}
            </Typography.Text>
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
    { title: t('be.plans.library'), dataIndex: 'orgName', width: 140, ellipsis: true },
  ];
  return (
    <Modal
      open
      width={860}
      title={t('be.plans.pickTitle')}
      okText={t('be.plans.pickOk', { count: chosen.size })}
      okButtonProps={{ disabled: chosen.size === 0 }}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => {
        onPick(
          [...chosen.values()].map((i) => ({
            code: i.code,
            name: i.name,
            category: i.category,
            maxPoints: i.maxPoints,
            criteria: i.criteria,
            evidenceRequired: i.evidenceRequired,
          })),
        );
        onClose();
      }}
      destroyOnHidden
    >
      <div className="kh-toolbar">
        <Select
          aria-label={t('be.plans.category')}
          value={category ?? 'all'}
          style={{ width: 130 }}
          onChange={(v) => {
            setCategory(v === 'all' ? undefined : (v as Category));
            setPage(1);
          }}
          options={[
            { value: 'all', label: t('be.plans.allCategories') },
            ...categories.map((c) => ({ value: c, label: l.category(c) })),
          ]}
        />
        <Input.Search
          aria-label={t('be.plans.search')}
          placeholder={t('be.plans.searchPlaceholder')}
          allowClear
          style={{ width: 220 }}
          onSearch={(v) => {
            setQ(v.trim() || undefined);
            setPage(1);
          }}
        />
        <div className="kh-toolbar-spacer" />
        {chosen.size > 0 ? (
          <Typography.Text>{t('be.plans.pickedN', { count: chosen.size })}</Typography.Text>
        ) : null}
      </div>
      <ErrorAlert error={options.error} onRetry={() => void options.refetch()} />
      <Table<IndicatorOption>
        rowKey="code"
        size="small"
        columns={columns}
        dataSource={options.data?.items ?? []}
        loading={options.isFetching}
        scroll={{ x: 'max-content', y: 420 }}
        locale={{ emptyText: t('be.plans.noOptions') }}
        rowSelection={{
          selectedRowKeys: [...chosen.keys()],
          preserveSelectedRowKeys: true,
          getCheckboxProps: (i) => ({ disabled: taken.has(i.code), 'aria-label': i.name }),
          onChange: (_keys, rows) => {
            // Keep picks from other pages; replace this page's.
            const next = new Map(chosen);
            for (const i of options.data?.items ?? []) next.delete(i.code);
            for (const r of rows) if (r) next.set(r.code, r);
            setChosen(next);
          },
        }}
        pagination={{
          current: page,
          pageSize,
          total: options.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, s) => {
            setPage(s === pageSize ? p : 1);
            setPageSize(s);
          },
        }}
      />
    </Modal>
  );
}

// ── the editor ───────────────────────────────────────────────────────────────────────────

/**
 * The 量身定制 editor of a template or a plan: indicators by category with their 评分标准, points
 * changed in place, indicators removed or added from the library, the plan's settings, and the
 * live totals. The caller keeps the edited state and shows the issues.
 */
export function PlanEditor({
  orgId,
  items,
  settings,
  onChange,
}: {
  orgId: number;
  items: readonly PlanItem[];
  settings: PlanSettings;
  onChange: (items: PlanItem[], settings: PlanSettings) => void;
}) {
  const { t } = useI18n();
  const l = useBeLabels();
  const [picking, setPicking] = useState(false);
  const groups = groupByCategory(items);
  const setPoints = (code: string, h: number) =>
    onChange(
      items.map((i) => (i.code === code ? { ...i, maxPoints: h } : i)),
      settings,
    );
  const remove = (code: string) =>
    onChange(
      items.filter((i) => i.code !== code),
      settings,
    );

  const columns: TableColumnsType<PlanItem> = [
    { title: t('be.plans.code'), dataIndex: 'code', width: 80 },
    {
      title: t('be.plans.name'),
      key: 'name',
      render: (_v, i) => (
        <div style={{ minWidth: 220 }}>
          <div>
            {i.name}
            {i.evidenceRequired ? (
              <Tag style={{ marginInlineStart: 6 }}>{t('be.plans.evidenceRequired')}</Tag>
            ) : null}
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
      title: t('be.plans.maxPoints'),
      key: 'points',
      width: 120,
      render: (_v, i) => (
        <PointsInput
          aria-label={t('be.plans.pointsOf', { name: i.name })}
          value={i.maxPoints}
          onChange={(h) => setPoints(i.code, h)}
        />
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 70,
      render: (_v, i) => (
        <Button
          type="text"
          danger
          size="small"
          icon={<DeleteOutlined />}
          aria-label={t('be.plans.removeIndicator', { name: i.name })}
          onClick={() => remove(i.code)}
        />
      ),
    },
  ];

  return (
    <div>
      <Typography.Title level={2} style={{ fontSize: 16, margin: '4px 0 8px' }}>
        {t('be.plans.settings')}
      </Typography.Title>
      <SettingsEditor value={settings} editable onChange={(s) => onChange([...items], s)} />
      <div className="kh-toolbar" style={{ marginTop: 8 }}>
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          {t('be.plans.indicators')}
        </Typography.Title>
        <div className="kh-toolbar-spacer" />
        <Button icon={<PlusOutlined />} onClick={() => setPicking(true)}>
          {t('be.plans.addFromLibrary')}
        </Button>
      </div>
      {groups.length === 0 ? <Empty description={t('be.plans.noIndicatorsYet')} /> : null}
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        {groups.map((g) => (
          <Table<PlanItem>
            key={g.category}
            rowKey="code"
            size="small"
            title={() => (
              <Space>
                <CategoryTag category={g.category} />
                <Typography.Text type="secondary">
                  {t('be.plans.groupSummary', {
                    count: g.items.length,
                    points: formatPoints(g.items.reduce((s, i) => s + i.maxPoints, 0)),
                  })}
                </Typography.Text>
              </Space>
            )}
            aria-label={l.category(g.category)}
            columns={columns}
            dataSource={g.items}
            pagination={false}
            scroll={{ x: 'max-content' }}
          />
        ))}
      </Space>
      {picking ? (
        <IndicatorPicker
          orgId={orgId}
          taken={new Set(items.map((i) => i.code))}
          onPick={(added) => onChange([...items, ...added], settings)}
          onClose={() => setPicking(false)}
        />
      ) : null}
    </div>
  );
}
