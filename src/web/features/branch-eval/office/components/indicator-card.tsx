import { CheckCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Input, Segmented, Skeleton, Tag, Typography } from 'antd';
import type { FocusEvent, MouseEvent } from 'react';
import { useI18n } from '../../../../i18n/index.js';
import {
  differsFromSelf,
  type PeerBreakdown,
  type SheetIssue,
  type VerifyDraft,
} from '../../../../lib/be-office.js';
import { points2 } from '../../../../lib/points.js';
import { CategoryTag } from '../../labels.js';
import type { BranchMonthView } from '../api.js';
import { EvidenceView } from './evidence-view.js';
import { InnovationProjects } from './innovation-projects.js';
import { PeerList } from './peer-list.js';

type Indicator = BranchMonthView['indicators'][number];

/**
 * One indicator of the branch's month, side by side: what the branch claimed (self score, note),
 * what its peers gave (evaluative), the evidence, and the office's verification — the verified
 * score (or the award; done or not for a mandatory one) and the reason where it departs from the
 * self score. The fields carry `data-verify-field` so the workbench's keys know them.
 */
export function IndicatorCard({
  ind,
  index,
  draft,
  editable,
  showVerify,
  active,
  dirty,
  peers,
  peersLoading,
  preview,
  issues,
  onDraft,
  onActivate,
  branchId,
  month,
  onProjectsChanged,
}: {
  ind: Indicator;
  index: number;
  draft: VerifyDraft;
  editable: boolean;
  /** Whether the verification row shows (not for a sheet the office cannot verify and never did). */
  showVerify: boolean;
  active: boolean;
  dirty: boolean;
  peers: PeerBreakdown | null;
  peersLoading: boolean;
  preview: number | null;
  issues: readonly SheetIssue[];
  onDraft: (d: VerifyDraft) => void;
  onActivate: () => void;
  branchId: number;
  month: string;
  /** The month as stored after a project was cited or withdrawn (innovation indicators). */
  onProjectsChanged: (view: BranchMonthView) => void;
}) {
  const { t, locale } = useI18n();
  const side = locale === 'en' ? 'en' : 'zh';
  const needsReason = differsFromSelf(ind, draft);
  const innovation = ind.category === 'innovation';
  const mandatory = ind.category === 'mandatory';
  const scoreLabel = innovation ? t('be.office.award') : t('be.office.verified');
  const scoreValue = innovation ? draft.award : draft.verified;
  const fieldId = (what: string) => `be-ind-${ind.code}-${what}`;
  const saved = ind.verification !== null && !dirty;
  // The reason field says itself when it is required; the rest is listed under the row.
  const problems = issues
    .filter((i) => i.code !== 'verify_reason_required')
    .map((i) => (i.message ? i.message[side] : t('be.office.scoreUnreadable')));

  return (
    <section
      className={active ? 'kh-be-ind kh-be-ind-on' : 'kh-be-ind'}
      data-ind-index={index}
      aria-label={`${ind.code} ${ind.name}`}
      onFocusCapture={onActivate}
      onMouseDown={onActivate}
    >
      <header className="kh-be-ind-head">
        <span className="kh-be-ind-code">{ind.code}</span>
        <span className="kh-be-ind-name">{ind.name}</span>
        <CategoryTag category={ind.category} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('be.office.max', { max: points2(ind.maxPoints) })}
        </Typography.Text>
        {ind.evidenceRequired ? (
          <Tag variant="outlined" style={{ marginInlineEnd: 0 }}>
            {t('be.office.evidenceRequired')}
          </Tag>
        ) : null}
        <span className="kh-toolbar-spacer" />
        {dirty ? (
          <Typography.Text type="warning" style={{ fontSize: 12 }}>
            {t('be.office.unsaved')}
          </Typography.Text>
        ) : saved ? (
          <Typography.Text type="success" style={{ fontSize: 12 }}>
            <CheckCircleFilled aria-hidden /> {t('be.office.savedMark')}
          </Typography.Text>
        ) : null}
        {showVerify ? (
          <span className="kh-be-preview" title={t('be.office.previewHint')}>
            {t('be.office.previewScore')} <strong className="kh-be-num">{points2(preview)}</strong>
          </span>
        ) : null}
      </header>
      {ind.criteria ? (
        <Typography.Paragraph
          className="kh-be-criteria"
          ellipsis={{ rows: 1, expandable: 'collapsible', tooltip: ind.criteria }}
        >
          {ind.criteria}
        </Typography.Paragraph>
      ) : null}
      <div
        className={[
          'kh-be-ind-grid',
          ind.category === 'evaluative' ? 'kh-be-with-peers' : '',
          showVerify ? 'kh-be-with-verify' : '',
        ].join(' ')}
      >
        <div>
          <div className="kh-be-label">{t('be.office.self')}</div>
          <strong className="kh-be-num kh-be-self">{points2(ind.selfScore)}</strong>
          {ind.note ? (
            <Typography.Paragraph
              className="kh-be-note"
              ellipsis={{ rows: 2, expandable: 'collapsible' }}
              style={{ margin: 0 }}
            >
              {ind.note}
            </Typography.Paragraph>
          ) : (
            <div className="kh-be-muted">{t('be.office.noNote')}</div>
          )}
        </div>
        {ind.category === 'evaluative' ? (
          <div>
            <div className="kh-be-label">{t('be.office.peers')}</div>
            {peersLoading ? (
              <Skeleton active title={false} paragraph={{ rows: 2 }} />
            ) : peers ? (
              <PeerList peers={peers} />
            ) : (
              <div className="kh-be-muted">{t('be.office.peersUnavailable')}</div>
            )}
          </div>
        ) : null}
        <div>
          <div className="kh-be-label">{t('be.office.evidence')}</div>
          <EvidenceView evidence={ind.evidence} required={ind.evidenceRequired && (ind.selfScore ?? 0) > 0} />
          {innovation && showVerify ? (
            <InnovationProjects
              ind={ind}
              branchId={branchId}
              month={month}
              editable={editable}
              onChanged={onProjectsChanged}
            />
          ) : null}
        </div>
        {showVerify && !editable ? (
          <div className="kh-be-verify">
            <div className="kh-be-label">{t('be.office.officeResult')}</div>
            <div>
              {mandatory ? (
                <Tag color={draft.done === false ? 'red' : 'green'} style={{ marginInlineEnd: 6 }}>
                  {draft.done === false ? t('be.office.doneNo') : t('be.office.doneYes')}
                </Tag>
              ) : null}
              <span className="kh-be-muted">{scoreLabel} </span>
              <strong className="kh-be-num">
                {mandatory && draft.done === false ? '0.00' : scoreValue || '—'}
              </strong>
            </div>
            {draft.reason ? <div className="kh-be-note">{draft.reason}</div> : null}
          </div>
        ) : null}
        {showVerify && editable ? (
          <div className="kh-be-verify">
            <div className="kh-be-verify-line">
              {mandatory ? (
                <div>
                  <span className="kh-be-label" id={fieldId('done-label')}>
                    {t('be.office.done')}
                  </span>
                  <Segmented
                    size="small"
                    aria-labelledby={fieldId('done-label')}
                    disabled={!editable}
                    value={draft.done === null ? 'unset' : draft.done ? 'yes' : 'no'}
                    onChange={(v) => onDraft({ ...draft, done: v === 'unset' ? null : v === 'yes' })}
                    options={[
                      { value: 'yes', label: t('be.office.doneYes') },
                      { value: 'no', label: t('be.office.doneNo') },
                    ]}
                  />
                </div>
              ) : null}
              <div>
                <label className="kh-be-label" htmlFor={fieldId('score')}>
                  {scoreLabel}
                </label>
                <Input
                  id={fieldId('score')}
                  data-verify-field="score"
                  data-verify-primary={ind.code}
                  inputMode="decimal"
                  autoComplete="off"
                  size="small"
                  style={{ width: 104 }}
                  disabled={!editable || (mandatory && draft.done === false)}
                  value={mandatory && draft.done === false ? '0' : scoreValue}
                  status={issues.some((i) => i.code !== 'verify_reason_required') ? 'error' : undefined}
                  placeholder={points2(ind.selfScore)}
                  suffix={<span className="kh-be-suffix">/ {points2(ind.maxPoints)}</span>}
                  onFocus={selectOnFocus}
                  onMouseUp={keepSelection}
                  onChange={(e) =>
                    onDraft(
                      innovation
                        ? { ...draft, award: e.target.value }
                        : { ...draft, verified: e.target.value },
                    )
                  }
                />
              </div>
            </div>
            <label className="kh-be-label" htmlFor={fieldId('reason')}>
              {needsReason ? t('be.office.reasonRequired') : t('be.office.reason')}
            </label>
            <Input
              id={fieldId('reason')}
              data-verify-field="reason"
              size="small"
              maxLength={500}
              disabled={!editable}
              value={draft.reason}
              status={needsReason && draft.reason.trim() === '' ? 'warning' : undefined}
              placeholder={
                needsReason ? t('be.office.reasonPlaceholderNeeded') : t('be.office.reasonPlaceholder')
              }
              onChange={(e) => onDraft({ ...draft, reason: e.target.value })}
            />
          </div>
        ) : null}
      </div>
      {problems.length > 0 ? (
        <ul className="kh-be-ind-issues" aria-live="polite">
          {problems.map((p) => (
            <li key={p}>
              <ExclamationCircleFilled aria-hidden /> {p}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/**
 * The score field opens on a prefilled figure (the self score or what was saved): focusing it
 * selects that figure, so typing "8" gives 8 rather than appending to "9.50".
 */
function selectOnFocus(e: FocusEvent<HTMLInputElement>) {
  e.currentTarget.select();
  focusedAt = performance.now();
}
let focusedAt = -1;
/** The mouse-up of the click that focused the field would otherwise drop the selection for a caret. */
function keepSelection(e: MouseEvent<HTMLInputElement>) {
  if (performance.now() - focusedAt < 500) e.preventDefault();
  focusedAt = -1;
}
