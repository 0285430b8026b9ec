import { CheckCircleFilled, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, App, Button, Tag, Typography } from 'antd';
import { type FormEvent, type KeyboardEvent, useEffect, useMemo } from 'react';
import { defaultPlanSettings } from '../../../../domain/branch-eval/plan.js';
import { ApiError } from '../../../api/client.js';
import { errorText } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';
import { checkPeerSheet, scoreText, windowStatus } from '../../../lib/be-round.js';
import { points2 } from '../../../lib/points.js';
import { type PeerTask, useSubmitPeer } from './api.js';
import { DeadlineText, ScoreInput, useScoreErrorText } from './common.js';

/** A task's identity: one rater branch scoring one rated branch. */
export const taskKey = (t: Pick<PeerTask, 'raterBranchId' | 'ratedBranchId'>) =>
  `${t.raterBranchId}:${t.ratedBranchId}`;

const fieldId = (task: PeerTask, code: string) =>
  `be-peer-${task.raterBranchId}-${task.ratedBranchId}-${code}`;

/** A task carries no plan settings; the peer check reads only the indicators, so defaults serve. */
const peerSettings = defaultPlanSettings;

/** What a task's state is, in one tag. */
export function TaskStateTag({ task }: { task: PeerTask }) {
  const { t } = useI18n();
  if (task.submitted)
    return (
      <Tag color="success" icon={<CheckCircleFilled />}>
        {t('be.round.peer.done')}
      </Tag>
    );
  if (task.overdue) return <Tag color="error">{t('be.round.peer.overdue')}</Tag>;
  if (!task.opened) return <Tag>{t('be.round.peer.notOpened')}</Tag>;
  if (!task.open) return <Tag>{t('be.round.peer.closed')}</Tag>;
  return <Tag color="processing">{t('be.round.peer.pending')}</Tag>;
}

/**
 * One peer sheet (互评): the rated branch's evaluative indicators with their 评分标准 and a score
 * each; submitted once every one is scored within its max. Enter submits a complete sheet (or
 * moves to the next empty score); done sheets are read-only. The sheet names only the branch
 * rated and the user's own branch — never who else rates it.
 */
export function PeerSheet({
  task,
  texts,
  onText,
  showRater,
  today,
  onPrevious,
  onNext,
  onSubmitted,
}: {
  task: PeerTask;
  texts: Record<string, string>;
  onText: (code: string, text: string) => void;
  showRater: boolean;
  today: string;
  onPrevious?: () => void;
  onNext?: () => void;
  onSubmitted: (task: PeerTask) => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const scoreErrorText = useScoreErrorText();
  const submit = useSubmitPeer();
  const readOnly = task.submitted || !task.open;
  const values = useMemo(() => {
    if (!task.submitted || !task.scores) return texts;
    const saved = task.scores;
    return Object.fromEntries(task.indicators.map((i) => [i.code, scoreText(saved[i.code] ?? null)]));
  }, [task, texts]);
  const check = useMemo(
    () => checkPeerSheet(peerSettings, task.indicators, values),
    [task.indicators, values],
  );
  const filled = task.indicators.length - check.missing.length - Object.keys(check.errors).length;
  const status = windowStatus(today, { opensOn: `${task.due.slice(0, 7)}-01`, due: task.due }, task.open);

  const send = async () => {
    if (readOnly || submit.isPending) return;
    if (!check.complete) {
      const first = task.indicators.find((i) => check.missing.includes(i.code) || i.code in check.errors);
      if (first) document.getElementById(fieldId(task, first.code))?.focus();
      void message.warning(t('be.round.peer.incomplete', { n: task.indicators.length - filled }));
      return;
    }
    try {
      const saved = await submit.mutateAsync({
        month: task.due.slice(0, 7),
        ratedBranchId: task.ratedBranchId,
        raterBranchId: task.raterBranchId,
        scores: check.scores,
      });
      void message.success(t('be.round.peer.submitted', { branch: task.ratedBranchName }));
      onSubmitted(saved);
    } catch (e) {
      void message.error(errorText(e, locale, t));
      if (e instanceof ApiError && e.code === 'window_closed') onSubmitted(task);
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send();
  };

  // Enter: submit when complete, else go to the next field still empty or wrong.
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
    e.preventDefault();
    if (check.complete) {
      void send();
      return;
    }
    const here = task.indicators.findIndex((i) => fieldId(task, i.code) === (e.target as HTMLElement).id);
    const order = [...task.indicators.slice(here + 1), ...task.indicators.slice(0, here + 1)];
    const next = order.find((i) => check.missing.includes(i.code) || i.code in check.errors);
    if (next) document.getElementById(fieldId(task, next.code))?.focus();
  };

  const headingId = `be-peer-title-${taskKey(task)}`;
  // Each sheet opens at its top (on a phone the previous sheet may have been scrolled far down).
  useEffect(() => {
    document.getElementById(headingId)?.scrollIntoView({ block: 'nearest' });
  }, [headingId]);
  return (
    <form onSubmit={onSubmit} aria-labelledby={headingId} noValidate>
      <div className="kh-be-peer-head">
        <Typography.Title level={2} id={headingId} style={{ margin: 0, fontSize: 18 }}>
          {t('be.round.peer.sheetTitle', { branch: task.ratedBranchName })}
        </Typography.Title>
        <TaskStateTag task={task} />
      </div>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('be.round.peer.dueLine', { date: task.due })}
        {!task.submitted && task.open ? (
          <>
            {' · '}
            <DeadlineText status={status} />
          </>
        ) : null}
        {showRater ? ` · ${t('be.round.peer.asRater', { branch: task.raterBranchName })}` : ''}
      </Typography.Paragraph>
      {task.submitted ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('be.round.peer.sentAlready')}
          description={t('be.round.peer.doneReadOnly')}
        />
      ) : !task.opened ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('be.round.peer.notOpenedBody')} />
      ) : !task.open ? (
        <Alert
          type={task.overdue ? 'error' : 'info'}
          showIcon
          style={{ marginBottom: 12 }}
          title={t('be.round.peer.closedBody', { date: task.due })}
        />
      ) : (
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {t('be.round.peer.hint')}
        </Typography.Paragraph>
      )}

      <div className="kh-be-indicators">
        {task.indicators.map((i) => {
          const id = fieldId(task, i.code);
          const err = check.errors[i.code];
          const criteriaId = `${id}-criteria`;
          return (
            <div key={i.code} className={`kh-be-ind${err ? ' kh-be-ind-error' : ''}`}>
              <div className="kh-be-ind-head">
                <h3 className="kh-be-ind-name">
                  <label htmlFor={id}>
                    <span className="kh-be-ind-code">{i.code}</span>
                    {i.name}
                  </label>
                </h3>
                <span className="kh-be-ind-max">{t('be.round.ind.max', { max: points2(i.maxPoints) })}</span>
              </div>
              {i.criteria ? (
                <p id={criteriaId} className="kh-be-criteria">
                  <Typography.Text type="secondary" strong>
                    {t('be.round.ind.criteria')}
                  </Typography.Text>
                  {i.criteria}
                </p>
              ) : null}
              <div style={{ maxWidth: 260 }}>
                <ScoreInput
                  id={id}
                  value={values[i.code] ?? ''}
                  max={i.maxPoints}
                  readOnly={readOnly}
                  error={!readOnly && err ? scoreErrorText(err, i.maxPoints) : null}
                  label={t('be.round.peer.scoreOf', { code: i.code, name: i.name })}
                  describedBy={i.criteria ? criteriaId : undefined}
                  onChange={(text) => onText(i.code, text)}
                  onKeyDown={onKeyDown}
                />
              </div>
            </div>
          );
        })}
      </div>

      <div className="kh-be-actionbar">
        <div className="kh-be-actionbar-info" aria-live="polite">
          {readOnly ? (
            <span>{task.submitted ? t('be.round.peer.done') : t('be.round.peer.closed')}</span>
          ) : (
            <span>{t('be.round.peer.filled', { filled, total: task.indicators.length })}</span>
          )}
          {!readOnly && check.complete ? (
            <Typography.Text type="secondary">{t('be.round.peer.enterHint')}</Typography.Text>
          ) : null}
        </div>
        <div className="kh-be-actionbar-buttons">
          <Button
            icon={<LeftOutlined />}
            onClick={onPrevious}
            disabled={!onPrevious}
            aria-label={t('be.round.peer.previous')}
          >
            <span className="kh-be-hide-xs">{t('be.round.peer.previousShort')}</span>
          </Button>
          {!readOnly ? (
            <Button type="primary" htmlType="submit" loading={submit.isPending}>
              {t('be.round.peer.submit')}
            </Button>
          ) : null}
          <Button onClick={onNext} disabled={!onNext} aria-label={t('be.round.peer.next')}>
            <span className="kh-be-hide-xs">{t('be.round.peer.nextShort')}</span>
            <RightOutlined />
          </Button>
        </div>
      </div>
    </form>
  );
}
