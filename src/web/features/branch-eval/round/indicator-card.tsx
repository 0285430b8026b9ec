import { CloseOutlined, LinkOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Input, Tag, Typography, Upload } from 'antd';
import { memo, useRef, useState } from 'react';
import { errorText } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';
import { evidenceCountOf, type IndicatorDraft } from '../../../lib/be-round.js';
import { formatDateTime } from '../../../lib/format.js';
import { points2 } from '../../../lib/points.js';
import { type MonthIndicator, type ScoreExplanation, uploadBranchEvidence } from './api.js';
import { EvidenceFileLink, ScoreInput } from './common.js';
import { LinkRecordsDrawer } from './link-records.js';

const ACCEPT = 'image/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx';
const MAX_FILES = 50;

type Result = ScoreExplanation['indicators'][number];

/** The id of an indicator's score field (the page focuses it to show an error). */
export const scoreFieldId = (code: string) => `be-self-${code}`;
/** The id of an indicator's card (the page scrolls to it). */
export const indicatorCardId = (code: string) => `be-ind-${code}`;

/**
 * One indicator of the self-evaluation: name, max, 评分标准, then the score, the note and the
 * evidence — uploaded files and points records linked instead of uploading again. Once the
 * month is published the verified score with its reason, the anonymous peer mean and the final
 * score follow.
 */
export const IndicatorCard = memo(function IndicatorCard({
  indicator,
  draft,
  onChange,
  editable,
  branchId,
  month,
  scoreError,
  serverError,
  result,
  verification,
}: {
  indicator: MonthIndicator;
  draft: IndicatorDraft;
  onChange: (code: string, patch: Partial<IndicatorDraft>) => void;
  editable: boolean;
  branchId: number;
  month: string;
  scoreError?: string | null;
  serverError?: string | null;
  result?: Result;
  verification?: MonthIndicator['verification'];
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(0);
  const [linking, setLinking] = useState(false);
  const code = indicator.code;
  // Uploads finish in any order: each adds to the newest list, not the one it started with.
  const latest = useRef(draft.files);
  latest.current = draft.files;
  const change = (patch: Partial<IndicatorDraft>) => onChange(code, patch);
  const noteId = `be-note-${code}`;
  const criteriaId = `be-criteria-${code}`;
  const evidenceCount = evidenceCountOf(draft);
  const needsEvidence = indicator.evidenceRequired;
  const hasError = !!scoreError || !!serverError;

  return (
    <article id={indicatorCardId(code)} className={`kh-be-ind${hasError ? ' kh-be-ind-error' : ''}`}>
      <div className="kh-be-ind-head">
        <h3 className="kh-be-ind-name">
          <span className="kh-be-ind-code">{code}</span>
          {indicator.name}
        </h3>
        <span className="kh-be-ind-max">{t('be.round.ind.max', { max: points2(indicator.maxPoints) })}</span>
      </div>
      {needsEvidence ? (
        <div style={{ marginTop: 4 }}>
          <Tag color="orange">{t('be.round.ind.evidenceRequired')}</Tag>
        </div>
      ) : null}
      {indicator.criteria ? (
        <p id={criteriaId} className="kh-be-criteria">
          <Typography.Text type="secondary" strong>
            {t('be.round.ind.criteria')}
          </Typography.Text>
          {indicator.criteria}
        </p>
      ) : null}

      <div className="kh-be-fields">
        <div>
          <label className="kh-be-field-label" htmlFor={scoreFieldId(code)}>
            {indicator.category === 'innovation' ? t('be.round.ind.claim') : t('be.round.ind.selfScore')}
          </label>
          {editable ? (
            <div className="kh-be-score-row">
              <div style={{ flex: 1, minWidth: 0 }}>
                <ScoreInput
                  id={scoreFieldId(code)}
                  value={draft.scoreText}
                  max={indicator.maxPoints}
                  error={scoreError ?? null}
                  label={t('be.round.ind.scoreOf', { code, name: indicator.name })}
                  describedBy={indicator.criteria ? criteriaId : undefined}
                  onChange={(scoreText) => change({ scoreText })}
                />
              </div>
              <Button
                size="large"
                onClick={() => change({ scoreText: points2(indicator.maxPoints) })}
                aria-label={t('be.round.ind.fullNamed', { code })}
              >
                {t('be.round.ind.full')}
              </Button>
            </div>
          ) : (
            <div id={scoreFieldId(code)} style={{ fontSize: 18, fontVariantNumeric: 'tabular-nums' }}>
              {draft.scoreText === '' ? (
                <Typography.Text type="secondary">{t('be.round.ind.noScore')}</Typography.Text>
              ) : (
                draft.scoreText
              )}
            </div>
          )}
        </div>
        {editable || draft.note.trim() !== '' ? (
          <div>
            <label className="kh-be-field-label" htmlFor={noteId}>
              {t('be.round.ind.note')}
            </label>
            {editable ? (
              <Input.TextArea
                id={noteId}
                value={draft.note}
                maxLength={1000}
                autoSize={{ minRows: 1, maxRows: 6 }}
                placeholder={t('be.round.ind.notePlaceholder')}
                onChange={(e) => change({ note: e.target.value })}
                style={{ fontSize: 15 }}
              />
            ) : (
              <div id={noteId} style={{ whiteSpace: 'pre-wrap' }}>
                {draft.note}
              </div>
            )}
          </div>
        ) : null}

        <div className="kh-be-evidence">
          <span className="kh-be-field-label">
            {t('be.round.ind.evidence', { n: evidenceCount })}
            {!editable && evidenceCount === 0 ? ` · ${t('be.round.evidence.none')}` : null}
            {editable && needsEvidence && evidenceCount === 0 ? (
              <Typography.Text type="warning"> · {t('be.round.ind.evidenceHint')}</Typography.Text>
            ) : null}
          </span>
          {evidenceCount > 0 ? (
            <ul className="kh-be-evidence-list">
              {draft.files.map((f) => (
                <li key={`f${f.id}`}>
                  <EvidenceFileLink file={f} />
                  {editable ? (
                    <Button
                      type="text"
                      size="small"
                      danger
                      icon={<CloseOutlined />}
                      aria-label={t('be.round.evidence.removeNamed', { name: f.name })}
                      onClick={() => change({ files: draft.files.filter((x) => x.id !== f.id) })}
                    />
                  ) : null}
                </li>
              ))}
              {draft.activities.map((a) => (
                <li key={`a${a.id}`}>
                  <LinkOutlined aria-hidden />
                  <span className="kh-be-evidence-name" title={a.title}>
                    {t('be.round.evidence.activity', { title: a.title })}
                  </span>
                  <span className="kh-be-evidence-sub">
                    {a.occurredOn}
                    {a.files ? ` · ${t('be.round.evidence.files', { n: a.files.length })}` : ''}
                  </span>
                  {editable ? (
                    <Button
                      type="text"
                      size="small"
                      danger
                      icon={<CloseOutlined />}
                      aria-label={t('be.round.evidence.unlinkNamed', { name: a.title })}
                      onClick={() => change({ activities: draft.activities.filter((x) => x.id !== a.id) })}
                    />
                  ) : null}
                </li>
              ))}
              {draft.entries.map((e) => (
                <li key={`e${e.id}`}>
                  <LinkOutlined aria-hidden />
                  <span className="kh-be-evidence-name" title={e.label}>
                    {t('be.round.evidence.entry', { label: e.label })}
                  </span>
                  <span className="kh-be-evidence-sub">{e.occurredOn}</span>
                  {editable ? (
                    <Button
                      type="text"
                      size="small"
                      danger
                      icon={<CloseOutlined />}
                      aria-label={t('be.round.evidence.unlinkNamed', { name: e.label })}
                      onClick={() => change({ entries: draft.entries.filter((x) => x.id !== e.id) })}
                    />
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          {editable ? (
            <div className="kh-be-evidence-actions">
              <Upload
                accept={ACCEPT}
                multiple
                showUploadList={false}
                disabled={draft.files.length >= MAX_FILES}
                customRequest={async ({ file, onSuccess, onError }) => {
                  if (!(file instanceof File)) return;
                  setBusy((n) => n + 1);
                  try {
                    const info = await uploadBranchEvidence(branchId, file);
                    if (!latest.current.some((f) => f.id === info.id)) {
                      latest.current = [...latest.current, { id: info.id, name: info.name, mime: info.mime }];
                      change({ files: latest.current });
                    }
                    onSuccess?.(info);
                  } catch (e) {
                    void message.error(
                      t('be.round.evidence.failed', { name: file.name, error: errorText(e, locale, t) }),
                    );
                    onError?.(e as Error);
                  } finally {
                    setBusy((n) => n - 1);
                  }
                }}
              >
                <Button icon={<UploadOutlined />} loading={busy > 0}>
                  {t('be.round.evidence.upload')}
                </Button>
              </Upload>
              <Button icon={<PaperClipOutlined />} onClick={() => setLinking(true)}>
                {t('be.round.evidence.link')}
              </Button>
            </div>
          ) : null}
        </div>
      </div>

      {serverError ? (
        <div className="kh-be-field-error" role="alert">
          {serverError}
        </div>
      ) : null}

      {result ? (
        <ResultBlock result={result} />
      ) : verification ? (
        <VerificationBlock v={verification} />
      ) : null}

      {editable ? (
        <LinkRecordsDrawer
          open={linking}
          onClose={() => setLinking(false)}
          branchId={branchId}
          month={month}
          indicatorName={`${code} ${indicator.name}`}
          activities={draft.activities}
          entries={draft.entries}
          onConfirm={(activities, entries) => change({ activities, entries })}
        />
      ) : null}
    </article>
  );
});

/** The published figures of one indicator: self, verified (with reason), peer mean, final. */
function ResultBlock({ result: r }: { result: Result }) {
  const { t, locale } = useI18n();
  const side = locale === 'en' ? 'en' : 'zh';
  return (
    <dl className="kh-be-result" aria-label={t('be.round.result.indicatorLabel')}>
      <div>
        <dt>{t('be.round.result.self')}</dt>
        <dd>{points2(r.self)}</dd>
      </div>
      {r.category === 'innovation' ? (
        <div>
          <dt>{t('be.round.result.award')}</dt>
          <dd>{points2(r.innovationAward ?? 0)}</dd>
        </div>
      ) : (
        <div>
          <dt>{t('be.round.result.verified')}</dt>
          <dd>
            {r.category === 'mandatory' && r.done === false
              ? t('be.round.result.notDone')
              : points2(r.verified)}
          </dd>
        </div>
      )}
      {r.category === 'evaluative' ? (
        <div>
          <dt>{t('be.round.result.peer')}</dt>
          <dd>
            {r.peer?.meanRounded != null
              ? t('be.round.result.peerMean', { mean: points2(r.peer.meanRounded), n: r.peer.count })
              : t('be.round.result.noPeer')}
          </dd>
        </div>
      ) : null}
      <div className="kh-be-result-final">
        <dt>{t('be.round.result.final')}</dt>
        <dd>
          {points2(r.score)}
          {r.counted !== r.score ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
              {' '}
              {t('be.round.result.counted', { n: points2(r.counted) })}
            </Typography.Text>
          ) : null}
        </dd>
      </div>
      {r.verifyReason ? (
        <div className="kh-be-result-why">
          <Typography.Text strong>{t('be.round.result.reason')}</Typography.Text>
          {r.verifyReason}
        </div>
      ) : null}
      {r.projects.map((p) => (
        <div key={p.projectId} className="kh-be-result-why">
          <Typography.Text strong>{t('be.round.result.project')}</Typography.Text>
          {p.title} · {points2(p.points)}
        </div>
      ))}
      <div className="kh-be-result-why">{r.explanation[side]}</div>
      {(r.corrections ?? []).map((c) => (
        <div key={c.correctionId} className="kh-be-result-why">
          <Typography.Text strong>
            {t('be.round.result.corrected', { date: formatDateTime(c.approvedAt).slice(0, 10) })}
          </Typography.Text>
          {c.reason}
        </div>
      ))}
    </dl>
  );
}

/** The office's verification as the sheet shows it before the score explanation is available. */
function VerificationBlock({ v }: { v: NonNullable<MonthIndicator['verification']> }) {
  const { t } = useI18n();
  return (
    <dl className="kh-be-result">
      <div>
        <dt>{t('be.round.result.verified')}</dt>
        <dd>
          {v.done === false
            ? t('be.round.result.notDone')
            : v.innovationAward != null
              ? points2(v.innovationAward)
              : points2(v.verified)}
        </dd>
      </div>
      {v.reason ? (
        <div className="kh-be-result-why">
          <Typography.Text strong>{t('be.round.result.reason')}</Typography.Text>
          {v.reason}
        </div>
      ) : null}
    </dl>
  );
}
