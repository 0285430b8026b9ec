/**
 * Corrections after publication (更正): the joint-evaluation office files one against a published
 * branch-month, the committee approves or rejects it. Approval makes a new result version of the
 * whole month on the server; these components only collect the figures, show them and refresh
 * everything of the module afterwards.
 *
 * - `CorrectionDialog` — the office's form for one branch and month;
 * - `CorrectionList` — corrections of a round (pending by default) with the committee's buttons;
 * - `CorrectedTag`, `CorrectionTrail` — the "corrected" mark of a ranking row and the history of
 *   one indicator in an explanation.
 */
import { CheckOutlined, CloseOutlined, PaperClipOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
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
import { useEffect, useMemo, useState } from 'react';
import type { EndpointInput, EndpointOutput } from '../../../contracts/endpoint.js';
import type { Category } from '../../../domain/branch-eval/indicators.js';
import { call } from '../../api/call.js';
import { beResultsApi } from '../../api/endpoints.js';
import { ErrorAlert } from '../../components/feedback.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { checkScore, type ScoreError, scoreText } from '../../lib/be-round.js';
import { formatDateTime } from '../../lib/format.js';
import { points2 } from '../../lib/points.js';
import { fileUrl } from '../files/api.js';
import { type EvidenceRef, EvidenceUpload } from '../points/components/evidence.js';
import { ReasonDialog } from '../points/components/reason-dialog.js';
import { CategoryTag } from './labels.js';
import { beKey, type ScoreExplanation, useScoreExplanation } from './results/api.js';

type CorrectionView = EndpointOutput<typeof beResultsApi.correction>;
type CorrectionState = CorrectionView['state'];
type CreateBody = EndpointInput<typeof beResultsApi.fileCorrection>['body'];
type Figures = CorrectionView['items'][number]['before'];
type Trail = ScoreExplanation['indicators'][number]['corrections'];

const PAGE_SIZE = 20;
const correctionsKey = [...beKey, 'corrections'] as const;

// ── queries ───────────────────────────────────────────────────────────────────────────────

function useCorrections(
  q: { orgId: number; month?: string | null; branchId?: number | null; state?: CorrectionState | null },
  page: number,
  enabled = true,
) {
  return useQuery({
    queryKey: [...correctionsKey, q.orgId, q.month ?? '', q.branchId ?? 0, q.state ?? '', page],
    queryFn: ({ signal }) =>
      call(
        beResultsApi.corrections,
        {
          query: {
            orgId: q.orgId,
            month: q.month ?? undefined,
            branchId: q.branchId ?? undefined,
            state: q.state ?? undefined,
            page,
            pageSize: PAGE_SIZE,
          },
        },
        { signal },
      ),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** Every write here changes results, rankings, boards and the to-do list: refresh the module. */
function useRefresh() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: beKey });
    void qc.invalidateQueries({ queryKey: ['todo'] });
  };
}

// ── figures as people read them ───────────────────────────────────────────────────────────

/** The office's figure of an indicator in words: "已完成 · 20.00", "未完成", "30.00", "未加分". */
export function figuresText(category: Category, f: Figures, t: (k: MessageKey) => string): string {
  if (category === 'mandatory') {
    if (f.done === false) return t('be.correction.notDone');
    if (f.done === true) return `${t('be.correction.done')} · ${points2(f.verified)}`;
    return t('be.correction.none');
  }
  if (category === 'innovation') {
    return f.innovationAward == null ? t('be.correction.noAward') : points2(f.innovationAward);
  }
  return f.verified == null ? t('be.correction.none') : points2(f.verified);
}

const scoreErrorKey: Record<ScoreError, MessageKey> = {
  format: 'be.correction.scoreFormat',
  decimals: 'be.correction.scoreDecimals',
  negative: 'be.correction.scoreNegative',
  aboveMax: 'be.correction.scoreAboveMax',
};

/** One indicator's row of the form: what is in force and what the office types. */
interface DraftRow {
  code: string;
  name: string;
  category: Category;
  maxPoints: number;
  inForce: Figures;
  corrected: boolean;
  /** The typed score (verified or award), as text. */
  text: string;
  /** Mandatory only. */
  done: boolean | null;
}

type RowCheck =
  | { state: 'unchanged' }
  | { state: 'invalid'; message: string }
  | { state: 'changed'; item: CreateBody['items'][number]; after: Figures };

/** Reads a row against its indicator's rules; unchanged when equal to the figures in force. */
function checkRow(r: DraftRow, t: (k: MessageKey, v?: Record<string, string | number>) => string): RowCheck {
  const score = checkScore(r.text, r.maxPoints);
  if (!score.ok) {
    return { state: 'invalid', message: t(scoreErrorKey[score.error], { max: points2(r.maxPoints) }) };
  }
  let after: Figures;
  if (r.category === 'mandatory') {
    if (r.done === true && score.value === null) {
      return { state: 'invalid', message: t('be.correction.verifiedRequired') };
    }
    after = {
      verified: r.done === false ? r.inForce.verified : score.value,
      done: r.done,
      innovationAward: null,
    };
  } else if (r.category === 'innovation') {
    after = { verified: null, done: null, innovationAward: score.value };
  } else {
    if (score.value === null) return { state: 'unchanged' };
    after = { verified: score.value, done: null, innovationAward: null };
  }
  const f = r.inForce;
  if (after.verified === f.verified && after.done === f.done && after.innovationAward === f.innovationAward) {
    return { state: 'unchanged' };
  }
  const item: CreateBody['items'][number] =
    r.category === 'mandatory'
      ? { code: r.code, done: after.done, ...(after.done ? { verified: after.verified } : {}) }
      : r.category === 'innovation'
        ? { code: r.code, innovationAward: after.innovationAward }
        : { code: r.code, verified: after.verified };
  return { state: 'changed', item, after };
}

function draftOf(ex: ScoreExplanation): DraftRow[] {
  return ex.indicators.map((i) => {
    const inForce = { verified: i.verified, done: i.done, innovationAward: i.innovationAward };
    return {
      code: i.code,
      name: i.name,
      category: i.category,
      maxPoints: i.maxPoints,
      inForce,
      corrected: i.corrections.length > 0,
      text: scoreText(i.category === 'innovation' ? i.innovationAward : i.verified),
      done: i.done,
    };
  });
}

// ── the office's dialog ───────────────────────────────────────────────────────────────────

/**
 * The office files a correction of one published branch-month: each indicator shows the figure
 * in force (after earlier corrections) and takes the corrected one; a reason is required,
 * evidence optional. Indicators already in a pending correction are locked. Nothing is sent
 * until every typed score reads; the server checks everything again.
 */
export function CorrectionDialog({
  open,
  orgId,
  month,
  branchId,
  branchName,
  onClose,
  onFiled,
}: {
  open: boolean;
  orgId: number;
  month: string;
  branchId: number;
  branchName?: string;
  onClose: () => void;
  onFiled?: (c: CorrectionView) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const refresh = useRefresh();
  const ex = useScoreExplanation(open ? { branchId, month } : null);
  const pending = useCorrections({ orgId, month, branchId, state: 'pending' }, 1, open);
  const [rows, setRows] = useState<DraftRow[]>([]);
  const [reason, setReason] = useState('');
  const [files, setFiles] = useState<EvidenceRef[]>([]);
  const [tried, setTried] = useState(false);

  // A fresh form each time the dialog opens on the figures in force.
  useEffect(() => {
    if (open && ex.data) setRows(draftOf(ex.data));
    if (!open) {
      setRows([]);
      setReason('');
      setFiles([]);
      setTried(false);
    }
  }, [open, ex.data]);

  const locked = useMemo(
    () => new Set((pending.data?.items ?? []).flatMap((c) => c.items.map((i) => i.code))),
    [pending.data],
  );
  const checks = rows.map((r) => checkRow(r, t));
  const changed = checks.flatMap((c) => (c.state === 'changed' ? [c.item] : []));
  const invalid = checks.some((c) => c.state === 'invalid');
  const reasonMissing = reason.trim() === '';

  const file = useMutation({
    mutationFn: (body: CreateBody) => call(beResultsApi.fileCorrection, { body }),
    onSuccess: (c) => {
      refresh();
      void message.success(t('be.correction.filed'));
      onFiled?.(c);
      onClose();
    },
  });

  const submit = () => {
    setTried(true);
    if (invalid || changed.length === 0 || reasonMissing) return;
    file.mutate({
      branchId,
      month,
      items: changed,
      reason: reason.trim(),
      ...(files.length > 0 ? { fileIds: files.map((f) => f.id) } : {}),
    });
  };

  const update = (code: string, patch: Partial<DraftRow>) =>
    setRows((rs) => rs.map((r) => (r.code === code ? { ...r, ...patch } : r)));

  const editor = (r: DraftRow, i: number) => {
    const check = checks[i];
    const disabled = locked.has(r.code);
    const error = check?.state === 'invalid' ? check.message : null;
    const label = `${r.code} ${r.name}`;
    const scoreInput = (
      <Input
        // A mandatory item not done scores 0 whatever its verified score: the field has nothing to say.
        value={r.category === 'mandatory' && r.done === false ? '' : r.text}
        disabled={disabled || (r.category === 'mandatory' && r.done === false)}
        inputMode="decimal"
        status={error ? 'error' : undefined}
        style={{ width: 112 }}
        placeholder={t(
          r.category === 'innovation'
            ? 'be.correction.awardPlaceholder'
            : 'be.correction.verifiedPlaceholder',
        )}
        aria-label={`${label} ${t(r.category === 'innovation' ? 'be.correction.awardLabel' : 'be.correction.verifiedLabel')}`}
        onChange={(e) => update(r.code, { text: e.target.value })}
        onPressEnter={submit}
      />
    );
    return (
      <Space orientation="vertical" size={2}>
        <Space size={6} wrap>
          {r.category === 'mandatory' ? (
            <Select<'done' | 'not_done'>
              value={r.done === null ? undefined : r.done ? 'done' : 'not_done'}
              disabled={disabled}
              style={{ width: 112 }}
              aria-label={`${label} ${t('be.correction.doneLabel')}`}
              placeholder={t('be.correction.doneLabel')}
              options={[
                { value: 'done', label: t('be.correction.done') },
                { value: 'not_done', label: t('be.correction.notDone') },
              ]}
              onChange={(v) => update(r.code, { done: v === 'done' })}
            />
          ) : null}
          {scoreInput}
          {disabled ? <Tag color="orange">{t('be.correction.inPending')}</Tag> : null}
          {check?.state === 'changed' ? (
            <Tag color="blue">{figuresText(r.category, check.after, t)}</Tag>
          ) : null}
        </Space>
        {error ? (
          <Typography.Text type="danger" style={{ fontSize: 12 }} role="alert">
            {error}
          </Typography.Text>
        ) : null}
      </Space>
    );
  };

  const columns: TableColumnsType<DraftRow> = [
    {
      title: t('be.correction.colIndicator'),
      key: 'indicator',
      render: (_v, r) => (
        <Space size={4} wrap>
          <CategoryTag category={r.category} />
          <Typography.Text>
            {r.code} {r.name}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('be.correction.colMax'),
      dataIndex: 'maxPoints',
      align: 'right',
      width: 72,
      render: (v: number) => points2(v),
    },
    {
      title: t('be.correction.colInForce'),
      key: 'inForce',
      width: 132,
      render: (_v, r) => (
        <Space size={4} wrap>
          <span>{figuresText(r.category, r.inForce, t)}</span>
          {r.corrected ? <Tag color="gold">{t('be.correction.correctedMark')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('be.correction.colCorrectTo'), key: 'edit', render: (_v, r, i) => editor(r, i) },
  ];
  // A phone stacks each indicator: name, the figure in force, then the inputs.
  const phoneColumns: TableColumnsType<DraftRow> = [
    {
      title: t('be.correction.colIndicator'),
      key: 'all',
      render: (_v, r, i) => (
        <Space orientation="vertical" size={4}>
          <Space size={4} wrap>
            <CategoryTag category={r.category} />
            <Typography.Text>
              {r.code} {r.name}
            </Typography.Text>
          </Space>
          <Typography.Text type="secondary">
            {t('be.correction.colInForce')} {figuresText(r.category, r.inForce, t)} ·{' '}
            {t('be.correction.colMax')} {points2(r.maxPoints)}
            {r.corrected ? ` · ${t('be.correction.correctedMark')}` : ''}
          </Typography.Text>
          {editor(r, i)}
        </Space>
      ),
    },
  ];

  const title = t('be.correction.fileTitle', { branch: branchName ?? ex.data?.branchName ?? '', month });
  const notPublished = ex.data && ex.data.state !== 'published';
  return (
    <Modal
      open={open}
      title={title}
      width={screens.md ? 860 : '100%'}
      okText={t('be.correction.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: file.isPending, disabled: !ex.data || Boolean(notPublished) }}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('be.correction.fileIntro')}</Typography.Paragraph>
      <ErrorAlert error={ex.error} onRetry={() => void ex.refetch()} />
      <ErrorAlert error={file.error} />
      {notPublished ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('be.correction.notPublished', { month })}
        />
      ) : null}
      {(pending.data?.total ?? 0) > 0 ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('be.correction.pendingHint', { count: pending.data?.total ?? 0 })}
        />
      ) : null}
      <Table<DraftRow>
        rowKey="code"
        size="small"
        columns={screens.md ? columns : phoneColumns}
        dataSource={rows}
        loading={ex.isPending && ex.fetchStatus !== 'idle'}
        pagination={false}
        scroll={screens.md ? { x: 'max-content' } : undefined}
        rowClassName={(_r, i) => (checks[i]?.state === 'changed' ? 'ant-table-row-selected' : '')}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 6 }}>
        {t('be.correction.peerNote')}{' '}
        {changed.length > 0 ? (
          <strong>{t('be.correction.changedCount', { count: changed.length })}</strong>
        ) : null}
      </Typography.Paragraph>
      {tried && changed.length === 0 && !invalid ? (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('be.correction.noChange')} />
      ) : null}
      <Form layout="vertical" component="div">
        <Form.Item
          label={t('be.correction.reason')}
          required
          validateStatus={tried && reasonMissing ? 'error' : undefined}
          help={tried && reasonMissing ? t('be.correction.reasonRequired') : undefined}
          htmlFor="be-correction-reason"
        >
          <Input.TextArea
            id="be-correction-reason"
            rows={3}
            maxLength={1000}
            showCount
            value={reason}
            placeholder={t('be.correction.reasonPlaceholder')}
            onChange={(e) => setReason(e.target.value)}
          />
        </Form.Item>
        <Form.Item
          label={t('be.correction.evidence')}
          htmlFor="be-correction-evidence"
          style={{ marginBottom: 0 }}
        >
          <EvidenceUpload id="be-correction-evidence" orgId={branchId} value={files} onChange={setFiles} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ── the committee's list ──────────────────────────────────────────────────────────────────

const stateColors: Record<CorrectionState, string> = {
  pending: 'orange',
  approved: 'green',
  rejected: 'red',
};
const stateKeys: Record<CorrectionState, MessageKey> = {
  pending: 'be.correction.statePending',
  approved: 'be.correction.stateApproved',
  rejected: 'be.correction.stateRejected',
};

/** A correction's indicators, one line each: "B1 三会一课  25.00 → 30.00". */
function ItemLines({ c }: { c: CorrectionView }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size={2}>
      {c.items.map((i) => (
        <span key={i.code}>
          <Typography.Text type="secondary">{i.code}</Typography.Text> {i.name}{' '}
          <Typography.Text strong>
            {t('be.correction.trailLine', {
              before: figuresText(i.category, i.before, t),
              after: figuresText(i.category, i.after, t),
            })}
          </Typography.Text>
        </span>
      ))}
    </Space>
  );
}

function ReasonCell({ c }: { c: CorrectionView }) {
  return (
    <Space orientation="vertical" size={2} style={{ maxWidth: 320 }}>
      <Typography.Paragraph style={{ marginBottom: 0 }} ellipsis={{ rows: 3, expandable: true }}>
        {c.reason}
      </Typography.Paragraph>
      {c.files.map((f) => (
        <a key={f.id} href={fileUrl(f.id)} target="_blank" rel="noreferrer">
          <PaperClipOutlined aria-hidden /> {f.name}
        </a>
      ))}
    </Space>
  );
}

/**
 * The corrections of a round (optionally of one month), newest first, one server page at a time:
 * pending ones by default, with 通过 / 驳回 for the committee (the buttons the server lists in
 * `actions`). Approving asks for an optional comment and says what it recomputes; rejecting
 * needs a reason.
 */
export function CorrectionList({
  orgId,
  month,
  defaultState = 'pending',
}: {
  orgId: number;
  month?: string | null;
  defaultState?: CorrectionState | 'all';
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const refresh = useRefresh();
  const [state, setState] = useState<CorrectionState | 'all'>(defaultState);
  const [page, setPage] = useState(1);
  const q = useCorrections({ orgId, month: month ?? null, state: state === 'all' ? null : state }, page);
  const [approving, setApproving] = useState<CorrectionView | null>(null);
  const [rejecting, setRejecting] = useState<CorrectionView | null>(null);
  const [note, setNote] = useState('');

  // A new round or month starts on the first page.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the reset is what these changes trigger
  useEffect(() => setPage(1), [orgId, month, state]);

  const approve = useMutation({
    mutationFn: (v: { id: number; note: string }) =>
      call(beResultsApi.approveCorrection, { params: { id: v.id }, body: v.note ? { note: v.note } : {} }),
    onSuccess: (c) => {
      refresh();
      void message.success(t('be.correction.approved', { month: c.month, version: c.resultVersion ?? '' }));
      setApproving(null);
      setNote('');
    },
  });
  const reject = (c: CorrectionView, reason: string) =>
    call(beResultsApi.rejectCorrection, { params: { id: c.id }, body: { reason } }).then(() => {
      refresh();
      void message.success(t('be.correction.rejected'));
    });

  const actions = (c: CorrectionView) =>
    c.actions.length === 0 ? null : (
      <Space size={4} wrap>
        {c.actions.includes('approve') ? (
          <Button
            type="primary"
            size="small"
            icon={<CheckOutlined />}
            aria-label={t('be.correction.approveNamed', { branch: c.branchName, month: c.month })}
            onClick={() => {
              approve.reset();
              setNote('');
              setApproving(c);
            }}
          >
            {t('be.correction.approve')}
          </Button>
        ) : null}
        {c.actions.includes('reject') ? (
          <Button
            size="small"
            danger
            icon={<CloseOutlined />}
            aria-label={t('be.correction.rejectNamed', { branch: c.branchName, month: c.month })}
            onClick={() => setRejecting(c)}
          >
            {t('be.correction.reject')}
          </Button>
        ) : null}
      </Space>
    );

  const stateCell = (c: CorrectionView) => (
    <Space orientation="vertical" size={2}>
      <Tag color={stateColors[c.state]}>{t(stateKeys[c.state])}</Tag>
      {c.decidedBy ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {c.decidedBy.name}
          <br />
          {formatDateTime(c.decidedAt)}
        </Typography.Text>
      ) : null}
      {c.resultVersion !== null ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('be.correction.version', { version: c.resultVersion })}
        </Typography.Text>
      ) : null}
      {c.decisionNote ? (
        <Typography.Text style={{ fontSize: 12 }}>
          {t(c.state === 'rejected' ? 'be.correction.rejectReasonIs' : 'be.correction.decisionNote', {
            note: c.decisionNote,
          })}
        </Typography.Text>
      ) : null}
    </Space>
  );

  const columns: TableColumnsType<CorrectionView> = [
    ...(month ? [] : [{ title: t('be.correction.colMonth'), dataIndex: 'month', width: 88 }]),
    { title: t('be.correction.colBranch'), dataIndex: 'branchName' },
    { title: t('be.correction.colItems'), key: 'items', render: (_v, c) => <ItemLines c={c} /> },
    { title: t('be.correction.colReason'), key: 'reason', render: (_v, c) => <ReasonCell c={c} /> },
    {
      title: t('be.correction.colFiled'),
      key: 'filed',
      render: (_v, c) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{c.filedBy.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(c.filedAt)}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('be.correction.colState'), key: 'state', render: (_v, c) => stateCell(c) },
    {
      title: t('be.correction.colActions'),
      key: 'actions',
      fixed: 'right',
      render: (_v, c) => actions(c),
    },
  ];

  // A phone shows one column: the whole correction stacked, the buttons under it.
  const phoneColumns: TableColumnsType<CorrectionView> = [
    {
      title: t('be.correction.listTitle'),
      key: 'all',
      render: (_v, c) => (
        <Space orientation="vertical" size={6} style={{ width: '100%' }}>
          <Space size={6} wrap>
            <Typography.Text strong>{c.branchName}</Typography.Text>
            <Typography.Text type="secondary">{c.month}</Typography.Text>
            <Tag color={stateColors[c.state]}>{t(stateKeys[c.state])}</Tag>
          </Space>
          <ItemLines c={c} />
          <ReasonCell c={c} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('be.correction.byAt', { name: c.filedBy.name, at: formatDateTime(c.filedAt) })}
          </Typography.Text>
          {actions(c)}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Segmented<CorrectionState | 'all'>
        aria-label={t('be.correction.filterLabel')}
        value={state}
        onChange={setState}
        style={{ marginBottom: 12 }}
        options={[
          { value: 'pending', label: t('be.correction.statePending') },
          { value: 'approved', label: t('be.correction.stateApproved') },
          { value: 'rejected', label: t('be.correction.stateRejected') },
          { value: 'all', label: t('be.correction.stateAll') },
        ]}
      />
      <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      <Table<CorrectionView>
        rowKey="id"
        size={screens.md ? 'middle' : 'small'}
        columns={screens.md ? columns : phoneColumns}
        dataSource={q.data?.items ?? []}
        loading={q.isFetching}
        scroll={screens.md ? { x: 'max-content' } : undefined}
        locale={{
          emptyText: q.isPending
            ? ' '
            : t(state === 'pending' ? 'be.correction.emptyPending' : 'be.correction.empty'),
        }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: q.data?.total ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal: (total) => t('be.correction.count', { total }),
          onChange: setPage,
        }}
      />
      <Modal
        open={approving !== null}
        title={
          approving
            ? t('be.correction.approveTitle', { branch: approving.branchName, month: approving.month })
            : ''
        }
        okText={t('be.correction.approve')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: approve.isPending }}
        onOk={() => approving && approve.mutate({ id: approving.id, note: note.trim() })}
        onCancel={() => setApproving(null)}
        destroyOnHidden
      >
        {approving ? (
          <>
            <Typography.Paragraph type="secondary">
              {t('be.correction.approveHint', { month: approving.month })}
            </Typography.Paragraph>
            <ErrorAlert error={approve.error} />
            <div style={{ marginBottom: 12 }}>
              <ItemLines c={approving} />
            </div>
            <Form layout="vertical" component="div">
              <Form.Item
                label={t('be.correction.approveNote')}
                htmlFor="be-correction-note"
                style={{ marginBottom: 24 }}
              >
                <Input.TextArea
                  id="be-correction-note"
                  rows={2}
                  maxLength={500}
                  showCount
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                />
              </Form.Item>
            </Form>
          </>
        ) : null}
      </Modal>
      <ReasonDialog
        open={rejecting !== null}
        title={
          rejecting
            ? t('be.correction.rejectTitle', { branch: rejecting.branchName, month: rejecting.month })
            : ''
        }
        description={t('be.correction.rejectHint')}
        label={t('be.correction.rejectReason')}
        okText={t('be.correction.reject')}
        danger
        onSubmit={(reason) => (rejecting ? reject(rejecting, reason) : Promise.resolve())}
        onClose={() => setRejecting(null)}
      />
    </>
  );
}

// ── marks and history ─────────────────────────────────────────────────────────────────────

/** The "corrected" mark of a ranking row or a month, with how often and when. */
export function CorrectedTag({ correction }: { correction: { count: number; correctedAt: string } | null }) {
  const { t } = useI18n();
  if (!correction) return null;
  return (
    <Tooltip
      title={t('be.correction.correctedTip', {
        count: correction.count,
        at: formatDateTime(correction.correctedAt),
      })}
    >
      <Tag color="gold" tabIndex={0}>
        {t('be.correction.correctedMark')}
      </Tag>
    </Tooltip>
  );
}

/**
 * One indicator's corrections in an explanation: the office's original verification, then each
 * approved correction with its reason, who approved it and when.
 */
export function CorrectionTrail({ category, corrections }: { category: Category; corrections: Trail }) {
  const { t } = useI18n();
  const first = corrections[0];
  if (!first) return null;
  return (
    <div role="note" style={{ borderLeft: '3px solid #faad14', paddingLeft: 8, marginTop: 6 }}>
      <Typography.Text strong>{t('be.correction.trailTitle')}</Typography.Text>
      <div>
        <Typography.Text type="secondary">
          {t('be.correction.original', { value: figuresText(category, first.before, t) })}
        </Typography.Text>
      </div>
      {corrections.map((c) => (
        <div key={c.correctionId}>
          <Typography.Text strong>
            {t('be.correction.trailLine', {
              before: figuresText(category, c.before, t),
              after: figuresText(category, c.after, t),
            })}
          </Typography.Text>{' '}
          <Typography.Text>{c.reason}</Typography.Text>{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('be.correction.trailBy', { name: c.approvedBy.name, at: formatDateTime(c.approvedAt) })}
          </Typography.Text>
        </div>
      ))}
    </div>
  );
}
