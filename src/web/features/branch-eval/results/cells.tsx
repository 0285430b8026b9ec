import { WarningOutlined } from '@ant-design/icons';
import { Tag, Tooltip, Typography } from 'antd';
import { useI18n } from '../../../i18n/index.js';
import { signalLevel } from '../../../lib/be-results.js';

export interface SignalValue {
  total: number;
  late: number;
  percentTenths: number | null;
  percentText: string | null;
}

/**
 * The daily-work signal beside a score: the share of the month's evidence uploaded in its last
 * three days, loud when it looks like cramming (考前搞突击), quiet otherwise. Never a score.
 */
export function SignalCell({ signal }: { signal: SignalValue }) {
  const { t } = useI18n();
  const level = signalLevel(signal);
  if (level === 'none' || signal.percentText === null) {
    return (
      <Typography.Text type="secondary" title={t('be.results.signal.none')}>
        —<span className="kh-visually-hidden">{t('be.results.signal.none')}</span>
      </Typography.Text>
    );
  }
  const tip = t('be.results.signal.tip', { late: signal.late, total: signal.total });
  const text = `${signal.percentText}%`;
  if (level === 'normal') {
    return (
      <Tooltip title={tip}>
        <span className="kh-be-signal">{text}</span>
      </Tooltip>
    );
  }
  const word = level === 'high' ? t('be.results.signal.high') : t('be.results.signal.watch');
  return (
    <Tooltip title={`${word} · ${tip}`}>
      <Tag
        color={level === 'high' ? 'red' : 'orange'}
        className="kh-be-signal"
        icon={level === 'high' ? <WarningOutlined /> : undefined}
      >
        {text}
        <span className="kh-visually-hidden">（{word}）</span>
      </Tag>
    </Tooltip>
  );
}

/** 必备项缺失: a missed mandatory indicator this month (and whether the committee accepted its rectification). */
export function MissedTag({ missed, rectified }: { missed: boolean; rectified?: boolean }) {
  const { t } = useI18n();
  if (!missed) return null;
  return rectified ? (
    <Tag color="default">{t('be.results.missedRectified')}</Tag>
  ) : (
    <Tag color="red">{t('be.results.missed')}</Tag>
  );
}

/** A rank, the first three marked as on the points board. */
export function RankBadge({ rank }: { rank: number | null }) {
  if (rank === null) return <Typography.Text type="secondary">—</Typography.Text>;
  return <span className={rank <= 3 ? `kh-rank kh-rank-${rank}` : 'kh-rank'}>{rank}</span>;
}

/**
 * A branch's name with its code beside it, in the tables and the report: names repeat (the
 * bureau has four 城关供电所党支部, one under each county), codes do not.
 */
export function BranchName({ name, code, strong }: { name: string; code: string; strong?: boolean }) {
  return (
    <span className="kh-branch-name">
      <Typography.Text strong={strong}>{name}</Typography.Text>{' '}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {code}
      </Typography.Text>
    </span>
  );
}

/** Labels for a chart or a picker, where only text fits: the name, with the code when it repeats. */
export function uniqueBranchLabels(
  rows: readonly { branchId: number; branchName: string; branchCode: string }[],
): Map<number, string> {
  const count = new Map<string, number>();
  for (const r of rows) count.set(r.branchName, (count.get(r.branchName) ?? 0) + 1);
  return new Map(
    rows.map((r) => [
      r.branchId,
      (count.get(r.branchName) ?? 0) > 1 ? `${r.branchName}（${r.branchCode}）` : r.branchName,
    ]),
  );
}
