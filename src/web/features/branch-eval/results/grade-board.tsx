import { CheckCircleOutlined, DownloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Form,
  Grid,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { hasPermission, useMe } from '../../../auth/session.js';
import { ErrorAlert, errorText } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';
import { canAt, partyRoots } from '../../../lib/access.js';
import { parseMonth } from '../../../lib/be-results.js';
import { points2 } from '../../../lib/points.js';
import { useOrgs } from '../../org/api.js';
import { GradeRuleCard } from '../grade-rule-card.js';
import { GradeTag, useBeLabels } from '../labels.js';
import { exportGrades, type GradeRow, useGradeBoard, useRectify } from './api.js';
import { BranchName } from './cells.js';
import { type ResultsSelection, useMonthLabel } from './selection.js';

const PAGE_SIZE = 50;

/** The committee's acceptance of a branch's rectification (整改) of a month's missed mandatory item. */
function RectifyDialog({ row, onClose }: { row: GradeRow | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const monthLabel = useMonthLabel();
  const [form] = Form.useForm<{ month: string; note: string }>();
  const rectify = useRectify();
  const [error, setError] = useState<unknown>(null);

  const submit = async () => {
    if (!row) return;
    // The form shows what is missing; nothing else to do until it is fixed.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setError(null);
    try {
      await rectify.mutateAsync({ branchId: row.branchId, month: v.month, note: v.note.trim() });
      void message.success(
        t('be.results.grade.rectifyDone', { branch: row.branchName, month: monthLabel(v.month) }),
      );
      form.resetFields();
      onClose();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Modal
      open={row != null}
      title={row ? t('be.results.grade.rectifyTitle', { branch: row.branchName }) : ''}
      okText={t('be.results.grade.rectify')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: rectify.isPending }}
      onOk={() => void submit()}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('be.results.grade.rectifyHelp')}</Typography.Paragraph>
      <ErrorAlert error={error} />
      {row ? (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ month: row.unrectifiedMonths[0] }}
          onFinish={() => void submit()}
        >
          <Form.Item
            name="month"
            label={t('be.results.grade.rectifyMonth')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <Select options={row.unrectifiedMonths.map((m) => ({ value: m, label: monthLabel(m) }))} />
          </Form.Item>
          <Form.Item
            name="note"
            label={t('be.results.grade.rectifyNote')}
            rules={[
              { required: true, whitespace: true, message: t('be.results.grade.rectifyNoteRequired') },
              { max: 1000, message: t('form.maxLength', { max: 1000 }) },
            ]}
          >
            <Input.TextArea rows={4} maxLength={1000} showCount autoFocus />
          </Form.Item>
        </Form>
      ) : null}
    </Modal>
  );
}

/**
 * 年定级: the mean of the four quarter scores graded 先进/良好/一般/后进 by the thresholds the
 * server applied, and 后进 whatever the score while a missed mandatory month is not rectified;
 * the committee accepts a rectification here.
 */
export function GradeBoard({ sel, page }: { sel: ResultsSelection; page: number }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const l = useBeLabels();
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const [exporting, setExporting] = useState(false);
  const orgs = useOrgs('party', false, hasPermission(me, 'org.read'));
  const years = useMemo(
    () => [...new Set(sel.readable.map((m) => Number(m.month.slice(0, 4))))].sort((a, b) => b - a),
    [sel.readable],
  );
  const asked = Number(sel.params.get('year'));
  const year = years.includes(asked) ? asked : (parseMonth(sel.month)?.year ?? years[0] ?? null);
  const q = useGradeBoard(sel.orgId, year, page, PAGE_SIZE);
  const [rectifying, setRectifying] = useState<GradeRow | null>(null);
  const mine = new Set(sel.ownBranchIds);
  const mayRectify = useMemo(() => {
    if (!hasPermission(me, 'branch_eval.month.approve')) return () => false;
    const list = orgs.data ?? [];
    const roots = partyRoots(list);
    return (branchId: number) => canAt(me.grants, 'branch_eval.month.approve', branchId, list, roots);
  }, [me, orgs.data]);
  const th = q.data?.thresholds;

  // What an incomplete year still lacks: quarters without a score, and quarters lacking months.
  const incompleteText = (r: GradeRow) =>
    [
      ...r.missingQuarters.map((q) => ({ q, text: t('be.results.grade.quarterMissing', { q }) })),
      ...r.incompleteQuarters.map((x) => ({
        q: x.quarter,
        text: t('be.results.grade.quarterLacks', {
          q: x.quarter,
          months: x.missingMonths.join(t('be.results.grade.monthSeparator')),
        }),
      })),
    ]
      .sort((a, b) => a.q - b.q)
      .map((x) => x.text)
      .join(t('common.listSeparator'));

  // Lagging for an unrectified missed mandatory month: the reason, and the committee's way out.
  const missedReason = (r: GradeRow) => (
    <Space orientation="vertical" size={4}>
      <Typography.Text type="danger">{l.text(r.reason)}</Typography.Text>
      {mayRectify(r.branchId) && r.unrectifiedMonths.length > 0 ? (
        <Button size="small" icon={<CheckCircleOutlined />} onClick={() => setRectifying(r)}>
          {t('be.results.grade.rectify')}
        </Button>
      ) : null}
    </Space>
  );

  const columns: TableColumnsType<GradeRow> = [
    {
      title: t('be.results.branch'),
      key: 'branch',
      render: (_v, r) => (
        <Space orientation="vertical" size={2}>
          <Space size={6} wrap>
            <BranchName name={r.branchName} code={r.branchCode} strong={mine.has(r.branchId)} />
            {!r.complete ? (
              <Tooltip title={t('be.results.grade.incompleteTip', { what: incompleteText(r) })}>
                <Tag color="orange">{t('be.results.grade.incomplete')}</Tag>
              </Tooltip>
            ) : null}
          </Space>
          {/* A phone has no reason column: only the reason that changes the grade is shown. */}
          {!screens.md && r.reason.code === 'mandatory_missed_unrectified' ? missedReason(r) : null}
        </Space>
      ),
    },
    ...(screens.md
      ? [0, 1, 2, 3].map((i) => ({
          title: `Q${i + 1}`,
          key: `q${i}`,
          align: 'right' as const,
          className: 'kh-be-num',
          render: (_v: unknown, r: GradeRow) => {
            const lacks = r.incompleteQuarters.find((x) => x.quarter === i + 1);
            return lacks ? (
              <Tooltip
                title={t('be.results.grade.quarterLacks', {
                  q: lacks.quarter,
                  months: lacks.missingMonths.join(t('be.results.grade.monthSeparator')),
                })}
              >
                <Typography.Text type="warning">{points2(r.quarters[i] ?? null)}*</Typography.Text>
              </Tooltip>
            ) : (
              points2(r.quarters[i] ?? null)
            );
          },
        }))
      : []),
    {
      title: t('be.results.grade.annual'),
      dataIndex: 'annualScore',
      align: 'right',
      className: 'kh-be-num',
      render: (v: number | null) => <strong>{points2(v)}</strong>,
    },
    {
      title: t('be.results.grade.grade'),
      dataIndex: 'grade',
      align: 'center',
      render: (g: GradeRow['grade']) =>
        g ? <GradeTag grade={g} /> : <Typography.Text type="secondary">—</Typography.Text>,
    },
    ...(screens.md
      ? [
          {
            title: t('be.results.grade.reason'),
            key: 'reason',
            render: (_v: unknown, r: GradeRow) =>
              r.reason.code === 'mandatory_missed_unrectified' ? (
                missedReason(r)
              ) : (
                <Typography.Text type="secondary">{l.text(r.reason)}</Typography.Text>
              ),
          },
        ]
      : []),
  ];

  return (
    <>
      <div className="kh-toolbar">
        {years.length > 1 ? (
          <Segmented
            aria-label={t('be.results.grade.pickYear')}
            value={year ?? undefined}
            options={years.map((y) => ({ value: y, label: String(y) }))}
            onChange={(v) => sel.update({ year: String(v) })}
          />
        ) : null}
        {sel.orgId !== null && year !== null && (q.data?.total ?? 0) > 0 ? (
          <Button
            icon={<DownloadOutlined />}
            loading={exporting}
            onClick={async () => {
              if (sel.orgId === null || year === null) return;
              setExporting(true);
              try {
                await exportGrades(sel.orgId, year, `${t('be.results.grade.exportName')}-${year}.xlsx`);
              } catch (e) {
                void message.error(errorText(e, locale, t));
              } finally {
                setExporting(false);
              }
            }}
          >
            {t('be.results.grade.export')}
          </Button>
        ) : null}
        {th ? (
          <Typography.Text type="secondary">
            {t('be.results.grade.thresholds', {
              advanced: points2(th.advanced),
              good: points2(th.good),
              average: points2(th.average),
            })}
          </Typography.Text>
        ) : null}
      </div>
      <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      <Table<GradeRow>
        rowKey="branchId"
        size={screens.md ? 'middle' : 'small'}
        columns={columns}
        dataSource={q.data?.items ?? []}
        loading={q.isFetching}
        // A phone wraps long names instead of scrolling sideways.
        scroll={screens.md ? { x: 'max-content' } : undefined}
        rowClassName={(r) => (mine.has(r.branchId) ? 'kh-row-me' : '')}
        locale={{ emptyText: q.isPending ? ' ' : t('be.results.grade.empty') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: q.data?.total ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal: (total) => t('be.results.branchCount', { total }),
          onChange: (p) => sel.update({ page: p > 1 ? String(p) : null }),
        }}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
        {t('be.results.grade.note')}
      </Typography.Paragraph>
      {year !== null ? <GradeRuleCard orgId={sel.orgId} year={year} /> : null}
      <RectifyDialog row={rectifying} onClose={() => setRectifying(null)} />
    </>
  );
}
