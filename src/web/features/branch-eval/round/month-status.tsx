import { Alert, Button, Card, Modal, Space, Tag, Typography } from 'antd';
import { ButtonLink } from '../../../components/button-link.js';
import { CalendarWarningTag } from '../../../components/calendar-warning.js';
import { type MessageKey, useI18n } from '../../../i18n/index.js';
import {
  branchMonthHistory,
  type HistoryEvent,
  type SelfCompleteness,
  type SheetIndicator,
  windowStatus,
} from '../../../lib/be-round.js';
import { formatDateTime } from '../../../lib/format.js';
import { points2 } from '../../../lib/points.js';
import { Movement } from '../../points/components/movement.js';
import { useBeLabels } from '../labels.js';
import type { BranchMonthView, ScoreExplanation } from './api.js';
import { DeadlineText } from './common.js';

const branchStateColor: Record<BranchMonthView['state'], string> = {
  self_open: 'processing',
  self_submitted: 'blue',
  returned: 'warning',
  verified: 'success',
};

/** The steps of the branch-month in a line: 开始 → 提交 → 退回 → 重新提交 → 验证 → 审定 → 发布. */
function History({ events }: { events: HistoryEvent[] }) {
  const { t } = useI18n();
  const when = (at: string) => formatDateTime(at).slice(0, 16);
  const text = (e: HistoryEvent): string => {
    switch (e.kind) {
      case 'opened':
        return t('be.round.history.opened', { date: e.date });
      case 'step': {
        const key = `be.round.history.step.${e.action}` as MessageKey;
        return (
          t(key, { at: when(e.at) }) +
          (e.late ? t('be.round.history.late') : '') +
          (e.reason ? t('be.round.history.reason', { reason: e.reason }) : '')
        );
      }
      case 'approved':
        return t('be.round.history.approved');
      case 'published':
        return t('be.round.history.published');
    }
  };
  return (
    <ol className="kh-be-history" aria-label={t('be.round.history.label')}>
      {events.map((e, i) => (
        <li
          // The list only grows at its end: the position identifies a step.
          // biome-ignore lint/suspicious/noArrayIndexKey: an append-only history has no other key
          key={i}
          className={i === events.length - 1 ? 'kh-be-history-current' : undefined}
          aria-current={i === events.length - 1 ? 'step' : undefined}
        >
          {text(e)}
        </li>
      ))}
    </ol>
  );
}

/**
 * The head of the monthly sheet: the branch and month, their states, the deadlines with days
 * left or overdue, the history, and the message that matters now (returned with the reason,
 * window closed, reopened, late).
 */
export function MonthStatusCard({ view, today }: { view: BranchMonthView; today: string }) {
  const { t } = useI18n();
  const l = useBeLabels();
  const d = view.deadlines;
  const self = windowStatus(
    today,
    { opensOn: d.opensOn, due: d.selfDue },
    view.windowOpen,
    view.windowReopened,
  );
  const closedMonth = view.monthState === 'approved' || view.monthState === 'published';
  const notSubmitted = view.state === 'self_open';

  return (
    <Card>
      <div className="kh-be-status">
        <div className="kh-be-status-head">
          <h2 className="kh-be-status-title">
            {t('be.round.status.title', { branch: view.branchName, month: view.month })}
          </h2>
          <Tag color={branchStateColor[view.state]}>{l.branchMonthState(view.state)}</Tag>
          <Tag>{l.monthState(view.monthState)}</Tag>
          {view.submittedLate ? <Tag color="error">{t('be.round.status.lateTag')}</Tag> : null}
          {view.windowReopened ? <Tag color="gold">{t('be.round.status.reopenedTag')}</Tag> : null}
          <CalendarWarningTag uncertain={d.calendarUncertain} years={d.unknownYears} />
        </div>
        <dl className="kh-be-facts">
          <div>
            <dt>{t('be.round.status.selfDue')}</dt>
            <dd>
              {d.selfDue}
              {notSubmitted && !closedMonth ? (
                <>
                  {' · '}
                  <DeadlineText status={self} />
                </>
              ) : null}
            </dd>
          </div>
          <div>
            <dt>{t('be.round.status.verify')}</dt>
            <dd>{t('be.round.status.verifyWindow', { from: d.verifyStart, to: d.verifyDue })}</dd>
          </div>
          <div>
            <dt>{t('be.round.status.plan')}</dt>
            <dd>{t('be.round.status.planVersion', { n: view.plan.version })}</dd>
          </div>
          {view.submittedAt ? (
            <div>
              <dt>{t('be.round.status.submittedAt')}</dt>
              <dd>{formatDateTime(view.submittedAt).slice(0, 16)}</dd>
            </div>
          ) : null}
        </dl>
        <History events={branchMonthHistory(view)} />
      </div>
    </Card>
  );
}

/** The message a secretary needs now, above the sheet. */
export function MonthAlerts({ view, today }: { view: BranchMonthView; today: string }) {
  const { t } = useI18n();
  const d = view.deadlines;
  const closedMonth = view.monthState === 'approved' || view.monthState === 'published';
  const alerts: {
    key: string;
    type: 'info' | 'warning' | 'error' | 'success';
    title: string;
    body?: string;
  }[] = [];
  if (view.state === 'returned' && !closedMonth) {
    alerts.push({
      key: 'returned',
      type: 'warning',
      title: t('be.round.alert.returned'),
      body: view.returnedReason
        ? t('be.round.alert.returnedWhy', { reason: view.returnedReason })
        : t('be.round.alert.returnedNoReason'),
    });
  }
  if (view.state === 'self_open' && !closedMonth) {
    if (today < d.opensOn) {
      alerts.push({ key: 'notOpen', type: 'info', title: t('be.round.alert.notOpen', { date: d.opensOn }) });
    } else if (!view.windowOpen) {
      alerts.push({
        key: 'closed',
        type: 'error',
        title: t('be.round.alert.closed', { date: d.selfDue }),
        body: t('be.round.alert.closedAsk'),
      });
    } else if (view.windowReopened) {
      alerts.push({
        key: 'reopened',
        type: 'info',
        title: t('be.round.alert.reopened'),
        body: [
          view.reopenReason ? t('be.round.alert.reopenedWhy', { reason: view.reopenReason }) : '',
          t('be.round.alert.lateFlag'),
        ]
          .filter(Boolean)
          .join(' '),
      });
    }
  }
  if (view.state === 'self_submitted' && !closedMonth) {
    alerts.push({
      key: 'submitted',
      type: 'success',
      title: view.submittedLate ? t('be.round.alert.submittedLate') : t('be.round.alert.submitted'),
      body: view.actions.includes('withdraw')
        ? t('be.round.alert.canWithdraw', { date: d.selfDue })
        : undefined,
    });
  }
  if (view.state === 'verified' && !closedMonth) {
    alerts.push({ key: 'verified', type: 'success', title: t('be.round.alert.verified') });
  }
  if (view.monthState === 'approved') {
    alerts.push({ key: 'approved', type: 'info', title: t('be.round.alert.approved') });
  }
  if (closedMonth && view.state !== 'verified') {
    alerts.push({ key: 'closedMonth', type: 'info', title: t('be.round.alert.monthClosed') });
  }
  if (alerts.length === 0) return null;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      {alerts.map((a) => (
        <Alert key={a.key} type={a.type} showIcon title={a.title} description={a.body} />
      ))}
    </Space>
  );
}

/**
 * The published month: total (two decimals), rank and movement against last month, the parts
 * by category, a missed mandatory item, and the daily-work signal — never who rated.
 */
export function MonthResultCard({ score, orgId }: { score: ScoreExplanation; orgId: number }) {
  const { t } = useI18n();
  const l = useBeLabels();
  const s = score.signal;
  return (
    <Card
      title={t('be.round.result.title', { month: score.month })}
      extra={
        score.correction ? (
          <Tag color="gold">
            {t('be.round.result.correctedTag', {
              n: score.correction.count,
              date: formatDateTime(score.correction.correctedAt).slice(0, 10),
            })}
          </Tag>
        ) : null
      }
    >
      <div className="kh-be-total">
        <div className="kh-be-total-part">
          <small>{t('be.round.result.total')}</small>
          <span className="kh-be-total-value">{points2(score.total)}</span>
        </div>
        <div className="kh-be-total-part">
          <small>{t('be.round.result.rank')}</small>
          <b>
            {t('be.round.result.rankN', { n: score.rank })} <Movement value={score.movement} />
          </b>
        </div>
        {(['mandatory', 'basic', 'evaluative', 'innovation'] as const).map((c) => (
          <div key={c} className="kh-be-total-part">
            <small>{l.category(c)}</small>
            <b>{points2(score.byCategory[c])}</b>
          </div>
        ))}
      </div>
      <Space orientation="vertical" size={8} style={{ width: '100%', marginTop: 12 }}>
        {score.mandatoryMissed ? (
          <Alert
            type={score.rectification ? 'info' : 'error'}
            showIcon
            title={t('be.round.result.missed', { codes: score.missedIndicators.join('、') })}
            description={
              score.rectification
                ? t('be.round.result.rectified', { note: score.rectification.note })
                : t('be.round.result.notRectified')
            }
          />
        ) : null}
        {score.innovationCapped ? (
          <Typography.Text type="secondary">{t('be.round.result.innovationCapped')}</Typography.Text>
        ) : null}
        <Typography.Text>
          <Typography.Text strong>{t('be.round.result.signal')}</Typography.Text>
          {s.percentText === null
            ? t('be.round.result.signalNone')
            : t('be.round.result.signalValue', { pct: s.percentText, late: s.late, total: s.total })}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('be.round.result.signalHint')}
        </Typography.Text>
        <div>
          <ButtonLink to={`/branch-eval/rankings?org=${orgId}&month=${score.month}`}>
            {t('be.round.result.rankings')}
          </ButtonLink>
        </div>
      </Space>
    </Card>
  );
}

/**
 * The confirmation before submitting: what still blocks it (empty scores, missing evidence,
 * invalid scores — the submit button stays off), and what the secretary should know
 * (a mandatory item scored 0 marks the month 必备项缺失; unclaimed innovation; a late submission).
 */
export function SubmitDialog({
  open,
  action,
  check,
  indicators,
  late,
  busy,
  onCancel,
  onConfirm,
  onGoTo,
}: {
  open: boolean;
  action: 'submit' | 'resubmit';
  check: SelfCompleteness;
  indicators: readonly SheetIndicator[];
  late: boolean;
  busy: boolean;
  onCancel: () => void;
  onConfirm: () => void;
  onGoTo: (code: string) => void;
}) {
  const { t } = useI18n();
  const name = (code: string) => {
    const i = indicators.find((x) => x.code === code);
    return i ? `${code} ${i.name}` : code;
  };
  const list = (codes: string[]) => (
    <ul className="kh-be-check-list">
      {codes.map((c) => (
        <li key={c}>
          <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => onGoTo(c)}>
            {name(c)}
          </Button>
        </li>
      ))}
    </ul>
  );
  const blocked = !check.ready;
  return (
    <Modal
      open={open}
      title={action === 'resubmit' ? t('be.round.submit.titleResubmit') : t('be.round.submit.title')}
      onCancel={onCancel}
      okText={action === 'resubmit' ? t('be.round.submit.okResubmit') : t('be.round.submit.ok')}
      okButtonProps={{ disabled: blocked, loading: busy }}
      onOk={onConfirm}
      cancelText={blocked ? t('be.round.submit.backToSheet') : t('common.cancel')}
    >
      <Typography.Paragraph>
        {t('be.round.submit.filled', { filled: check.filled, required: check.required })}
      </Typography.Paragraph>
      {check.empty.length > 0 ? (
        <>
          <Typography.Text type="danger" strong>
            {t('be.round.submit.empty', { n: check.empty.length })}
          </Typography.Text>
          {list(check.empty)}
        </>
      ) : null}
      {check.invalid.length > 0 ? (
        <>
          <Typography.Text type="danger" strong>
            {t('be.round.submit.invalid', { n: check.invalid.length })}
          </Typography.Text>
          {list(check.invalid)}
        </>
      ) : null}
      {check.evidenceMissing.length > 0 ? (
        <>
          <Typography.Text type="danger" strong>
            {t('be.round.submit.evidence', { n: check.evidenceMissing.length })}
          </Typography.Text>
          {list(check.evidenceMissing)}
        </>
      ) : null}
      {check.mandatoryZero.length > 0 ? (
        <>
          <Typography.Text type="warning" strong>
            {t('be.round.submit.mandatoryZero', { n: check.mandatoryZero.length })}
          </Typography.Text>
          {list(check.mandatoryZero)}
        </>
      ) : null}
      {check.innovationUnclaimed.length > 0 && !blocked ? (
        <Typography.Paragraph type="secondary">
          {t('be.round.submit.innovation', { n: check.innovationUnclaimed.length })}
        </Typography.Paragraph>
      ) : null}
      {late && !blocked ? <Alert type="warning" showIcon title={t('be.round.submit.late')} /> : null}
      {blocked ? (
        <Alert type="error" showIcon title={t('be.round.submit.blocked')} />
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('be.round.submit.after')}
        </Typography.Paragraph>
      )}
    </Modal>
  );
}
