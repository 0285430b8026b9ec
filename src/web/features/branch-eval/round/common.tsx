import { FileOutlined, FilePdfOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Image, Input, Select, Tooltip } from 'antd';
import type { KeyboardEvent } from 'react';
import { useI18n } from '../../../i18n/index.js';
import { adjacentMonths, type DeadlineStatus, type ScoreError } from '../../../lib/be-round.js';
import { points2 } from '../../../lib/points.js';
import { fileUrl } from './api.js';
import './round.css';

/** The message for a score the server would refuse, with the indicator's max. */
export function useScoreErrorText() {
  const { t } = useI18n();
  return (error: ScoreError, max: number) => {
    switch (error) {
      case 'format':
        return t('be.round.score.format');
      case 'decimals':
        return t('be.round.score.decimals');
      case 'negative':
        return t('be.round.score.negative');
      case 'aboveMax':
        return t('be.round.score.aboveMax', { max: points2(max) });
    }
  };
}

/** "还剩 6 天" / "今天截止" / "已逾期 2 天" / "已重新开放" / "11-01 开始" for a window. */
export function DeadlineText({ status }: { status: DeadlineStatus }) {
  const { t } = useI18n();
  switch (status.kind) {
    case 'notOpen':
      return <span>{t('be.round.due.notOpen', { date: status.opensOn })}</span>;
    case 'open':
      return status.daysLeft === 0 ? (
        <span className="kh-be-due-soon">{t('be.round.due.today')}</span>
      ) : (
        <span className={status.daysLeft <= 3 ? 'kh-be-due-soon' : undefined}>
          {t('be.round.due.daysLeft', { n: status.daysLeft })}
        </span>
      );
    case 'overdue':
      return <span className="kh-be-due-overdue">{t('be.round.due.overdue', { n: status.daysLate })}</span>;
    case 'reopened':
      return <span className="kh-be-due-soon">{t('be.round.due.reopened')}</span>;
    case 'closed':
      return <span className="kh-be-due-overdue">{t('be.round.due.closed')}</span>;
  }
}

/** ‹ month › : a month picker with buttons for the month before and after. */
export function MonthNav({
  month,
  months,
  onChange,
  max,
}: {
  month: string;
  months: readonly string[];
  onChange: (month: string) => void;
  /** The latest month one may go to (the running one). */
  max: string;
}) {
  const { t } = useI18n();
  const { previous, next } = adjacentMonths(month);
  return (
    <span className="kh-be-month-nav">
      <Tooltip title={t('be.round.month.previous')}>
        <Button
          icon={<LeftOutlined />}
          aria-label={t('be.round.month.previous')}
          onClick={() => onChange(previous)}
        />
      </Tooltip>
      <Select
        aria-label={t('be.round.month.label')}
        value={month}
        onChange={onChange}
        style={{ width: 124 }}
        options={months.map((m) => ({ value: m, label: m }))}
      />
      <Tooltip title={t('be.round.month.next')}>
        <Button
          icon={<RightOutlined />}
          aria-label={t('be.round.month.next')}
          disabled={next > max}
          onClick={() => onChange(next)}
        />
      </Tooltip>
    </span>
  );
}

/**
 * A score field: decimal keyboard on phones, the max beside it, the error under it. Typed text
 * is kept as typed (checked, never rewritten), so nothing the user entered is lost.
 */
export function ScoreInput({
  id,
  value,
  onChange,
  max,
  error,
  readOnly,
  label,
  onKeyDown,
  describedBy,
}: {
  id: string;
  value: string;
  onChange: (text: string) => void;
  max: number;
  error?: string | null;
  /** Shown as entered, not editable (a submitted sheet). */
  readOnly?: boolean;
  label: string;
  onKeyDown?: (e: KeyboardEvent<HTMLInputElement>) => void;
  describedBy?: string;
}) {
  const { t } = useI18n();
  const errorId = `${id}-error`;
  return (
    <div>
      <Input
        id={id}
        className="kh-be-score-input"
        size="large"
        inputMode="decimal"
        autoComplete="off"
        enterKeyHint="next"
        value={value}
        readOnly={readOnly}
        variant={readOnly ? 'filled' : 'outlined'}
        status={error ? 'error' : undefined}
        placeholder={t('be.round.score.placeholder')}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={[error ? errorId : null, describedBy].filter(Boolean).join(' ') || undefined}
        suffix={<span className="kh-be-ind-max">/ {points2(max)}</span>}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
      />
      {error ? (
        <div id={errorId} className="kh-be-field-error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}

/** One evidence file: a thumbnail for an image (click to enlarge), an icon and link otherwise. */
export function EvidenceFileLink({ file }: { file: { id: number; name: string; mime: string } }) {
  const { t } = useI18n();
  if (file.mime.startsWith('image/')) {
    return (
      <>
        <Image
          src={fileUrl(file.id)}
          alt={file.name}
          width={40}
          height={40}
          className="kh-be-thumb"
          style={{ objectFit: 'cover', borderRadius: 4 }}
        />
        <a
          className="kh-be-evidence-name"
          href={fileUrl(file.id)}
          target="_blank"
          rel="noreferrer"
          title={file.name}
        >
          {file.name}
        </a>
      </>
    );
  }
  const pdf = file.mime === 'application/pdf';
  return (
    <>
      {pdf ? <FilePdfOutlined aria-hidden /> : <FileOutlined aria-hidden />}
      <a
        className="kh-be-evidence-name"
        href={fileUrl(file.id)}
        target="_blank"
        rel="noreferrer"
        title={file.name}
      >
        {file.name}
        <span className="kh-visually-hidden">
          {pdf ? t('be.round.evidence.opensPdf') : t('be.round.evidence.downloads')}
        </span>
      </a>
    </>
  );
}
