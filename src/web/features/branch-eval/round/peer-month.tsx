import { Alert, App, Button, Card, Space, Tag, Typography } from 'antd';
import { type KeyboardEvent, useEffect, useState } from 'react';
import { defaultPlanSettings } from '../../../../domain/branch-eval/plan.js';
import { errorText } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';
import { checkPeerSheet, scoreText } from '../../../lib/be-round.js';
import { points2 } from '../../../lib/points.js';
import { type PeerTask, useSubmitPeer } from './api.js';
import { EvidenceFileLink, ScoreInput, useScoreErrorText } from './common.js';
import { TaskStateTag, taskKey } from './peer-sheet.js';

/** One-click levels: each indicator at this share of its max, rounded to half a point. */
const LEVELS = [
  { key: 'a', pct: 95 },
  { key: 'b', pct: 85 },
  { key: 'c', pct: 75 },
  { key: 'd', pct: 60 },
] as const;

/** A level's score for an indicator, in hundredths, rounded to half a point (50 hundredths). */
export const levelScore = (maxPoints: number, pct: number) => Math.round((maxPoints * pct) / 100 / 50) * 50;

const fieldId = (task: PeerTask, code: string) => `be-pm-${task.raterBranchId}-${task.ratedBranchId}-${code}`;

/**
 * 互评 — every branch assigned this month on one screen (SPEC §3): for each, its evaluative
 * indicators with the rated branch's notes and evidence (never its self score), a score each, and
 * one-click levels that fill a branch's scores before adjusting them. One button (or Ctrl+Enter)
 * submits every fully scored branch, one sheet per branch. Nothing shows who else rates a branch.
 */
export function PeerMonthForm({
  tasks,
  showRater,
  onUnsent,
}: {
  tasks: readonly PeerTask[];
  showRater: boolean;
  /** How many open sheets hold typed scores not yet submitted (the page warns before leaving). */
  onUnsent?: (n: number) => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const submit = useSubmitPeer();
  const scoreErrorText = useScoreErrorText();
  const [texts, setTexts] = useState<Record<string, Record<string, string>>>({});
  const [sending, setSending] = useState(false);

  const valuesOf = (task: PeerTask): Record<string, string> => {
    if (task.submitted && task.scores) {
      const saved = task.scores;
      return Object.fromEntries(task.indicators.map((i) => [i.code, scoreText(saved[i.code] ?? null)]));
    }
    return texts[taskKey(task)] ?? {};
  };
  // A few sheets a month: checked on every render, no memo needed.
  const checks = new Map(
    tasks.map((task) => [
      taskKey(task),
      checkPeerSheet(defaultPlanSettings, task.indicators, valuesOf(task)),
    ]),
  );
  const editable = (task: PeerTask) => task.open && !task.submitted;
  const unsent = tasks.filter(
    (task) => editable(task) && Object.values(texts[taskKey(task)] ?? {}).some((v) => v.trim() !== ''),
  ).length;
  useEffect(() => onUnsent?.(unsent), [onUnsent, unsent]);
  const ready = tasks.filter((task) => editable(task) && checks.get(taskKey(task))?.complete);
  const done = tasks.filter((task) => task.submitted).length;

  const setText = (task: PeerTask, code: string, text: string) =>
    setTexts((d) => {
      const k = taskKey(task);
      return { ...d, [k]: { ...(d[k] ?? {}), [code]: text } };
    });
  const fillLevel = (task: PeerTask, pct: number) =>
    setTexts((d) => ({
      ...d,
      [taskKey(task)]: Object.fromEntries(
        task.indicators.map((i) => [i.code, scoreText(levelScore(i.maxPoints, pct))]),
      ),
    }));

  const sendAll = async () => {
    if (sending) return;
    if (ready.length === 0) {
      void message.warning(t('be.peerMonth.nothingReady'));
      return;
    }
    setSending(true);
    let sent = 0;
    try {
      for (const task of ready) {
        const check = checks.get(taskKey(task));
        if (!check) continue;
        try {
          await submit.mutateAsync({
            month: task.due.slice(0, 7),
            ratedBranchId: task.ratedBranchId,
            raterBranchId: task.raterBranchId,
            scores: check.scores,
          });
          sent++;
        } catch (e) {
          void message.error(
            t('be.peerMonth.failed', { branch: task.ratedBranchName, error: errorText(e, locale, t) }),
          );
        }
      }
    } finally {
      setSending(false);
    }
    if (sent > 0) void message.success(t('be.peerMonth.sent', { n: sent }));
  };

  // Enter: the next empty or wrong score anywhere on the page; Ctrl+Enter: submit every ready branch.
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
    e.preventDefault();
    if (e.ctrlKey || e.metaKey) {
      void sendAll();
      return;
    }
    const fields = tasks
      .filter(editable)
      .flatMap((task) => task.indicators.map((i) => ({ task, code: i.code })));
    const here = fields.findIndex((x) => fieldId(x.task, x.code) === (e.target as HTMLElement).id);
    const order = [...fields.slice(here + 1), ...fields.slice(0, here + 1)];
    const next = order.find((x) => {
      const c = checks.get(taskKey(x.task));
      return c !== undefined && (c.missing.includes(x.code) || x.code in c.errors);
    });
    if (next) document.getElementById(fieldId(next.task, next.code))?.focus();
    else if (ready.length > 0) void sendAll();
  };

  return (
    <div className="kh-be-peer-month">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('be.peerMonth.intro', { n: tasks.length })} {t('be.peerMonth.keys')}
      </Typography.Paragraph>
      {tasks.map((task) => {
        const k = taskKey(task);
        const check = checks.get(k);
        const values = valuesOf(task);
        const canEdit = editable(task);
        const headingId = `be-pm-title-${k}`;
        return (
          <Card
            key={k}
            size="small"
            className="kh-be-pm-card"
            style={{ marginBottom: 12 }}
            title={
              <span id={headingId}>
                {task.ratedBranchName}
                {showRater ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>
                    {t('be.round.peer.asRater', { branch: task.raterBranchName })}
                  </Typography.Text>
                ) : null}
              </span>
            }
            extra={<TaskStateTag task={task} />}
          >
            <section aria-labelledby={headingId}>
              {canEdit ? (
                <Space
                  wrap
                  size={4}
                  style={{ marginBottom: 8 }}
                  role="group"
                  aria-label={t('be.peerMonth.levels')}
                >
                  <Typography.Text type="secondary">{t('be.peerMonth.levels')}</Typography.Text>
                  {LEVELS.map((l) => (
                    <Button
                      key={l.key}
                      size="small"
                      aria-label={t('be.peerMonth.levelOf', {
                        branch: task.ratedBranchName,
                        level: t(`be.peerMonth.level.${l.key}`),
                        pct: l.pct,
                      })}
                      onClick={() => fillLevel(task, l.pct)}
                    >
                      {t(`be.peerMonth.level.${l.key}`)}
                    </Button>
                  ))}
                </Space>
              ) : !task.opened ? (
                <Alert
                  type="info"
                  showIcon
                  title={t('be.round.peer.notOpenedBody')}
                  style={{ marginBottom: 8 }}
                />
              ) : null}
              <div className="kh-be-pm-rows">
                {task.indicators.map((i) => {
                  const ctx = task.context.find((c) => c.code === i.code);
                  const files = [
                    ...(ctx?.evidence.files ?? []),
                    ...(ctx?.evidence.activities.flatMap((a) => a.files) ?? []),
                    ...(ctx?.evidence.entries.flatMap((x) => x.files) ?? []),
                  ];
                  const err = check?.errors[i.code];
                  const id = fieldId(task, i.code);
                  return (
                    <div key={i.code} className="kh-be-pm-row">
                      <div className="kh-be-pm-ind">
                        <label htmlFor={id}>
                          <span className="kh-be-ind-code">{i.code}</span>
                          {i.name}
                        </label>
                        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                          {t('be.round.ind.max', { max: points2(i.maxPoints) })}
                          {i.criteria ? ` · ${i.criteria}` : ''}
                        </Typography.Text>
                      </div>
                      <div className="kh-be-pm-context">
                        <Typography.Text strong style={{ fontSize: 12 }}>
                          {t('be.peerMonth.note')}：
                        </Typography.Text>
                        <Typography.Text type={ctx?.note ? undefined : 'secondary'} style={{ fontSize: 13 }}>
                          {ctx?.note ?? t('be.peerMonth.noNote')}
                        </Typography.Text>
                        <div className="kh-be-pm-files">
                          {ctx?.evidence.activities.map((a) => (
                            <Tag key={`a${a.id}`}>
                              {t('be.peerMonth.activity', { title: a.title, date: a.occurredOn })}
                            </Tag>
                          ))}
                          {files.length === 0 && (ctx?.evidence.activities.length ?? 0) === 0 ? (
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {t('be.peerMonth.noEvidence')}
                            </Typography.Text>
                          ) : (
                            files.map((file) => (
                              <span key={file.id} className="kh-be-pm-file">
                                <EvidenceFileLink file={file} />
                              </span>
                            ))
                          )}
                        </div>
                      </div>
                      <div className="kh-be-pm-score">
                        <ScoreInput
                          id={id}
                          value={values[i.code] ?? ''}
                          max={i.maxPoints}
                          readOnly={!canEdit}
                          error={canEdit && err ? scoreErrorText(err, i.maxPoints) : null}
                          label={`${task.ratedBranchName} ${t('be.round.peer.scoreOf', { code: i.code, name: i.name })}`}
                          onChange={(text) => setText(task, i.code, text)}
                          onKeyDown={onKeyDown}
                        />
                      </div>
                    </div>
                  );
                })}
              </div>
            </section>
          </Card>
        );
      })}
      <div className="kh-be-actionbar">
        <div className="kh-be-actionbar-info" aria-live="polite">
          <span>{t('be.peerMonth.ready', { ready: ready.length, done, n: tasks.length })}</span>
        </div>
        <div className="kh-be-actionbar-buttons">
          <Button
            type="primary"
            loading={sending}
            disabled={ready.length === 0}
            onClick={() => void sendAll()}
          >
            {t('be.peerMonth.submitAll', { n: ready.length })}
          </Button>
        </div>
      </div>
    </div>
  );
}
