import { Card, Skeleton, Space, Typography } from 'antd';
import { useToday } from '../../../app/server-day.js';
import { ButtonLink } from '../../../components/button-link.js';
import { ErrorAlert } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';
import { points2 } from '../../../lib/points.js';
import { useMyPoints } from '../api.js';

/**
 * A member's home: their latest published quarter score, rank in the branch and until when they
 * may appeal it ("Q3 可申诉至 …"), with the way to their points — what a member opens the app
 * for, instead of their roles and permissions.
 */
export function MyPointsCard() {
  const { t } = useI18n();
  const today = useToday();
  const my = useMyPoints();
  const data = my.data;
  const latest = (data?.quarters ?? []).filter((q) => q.total != null).at(-1);
  const short = (quarter: string) => quarter.slice(5);
  return (
    <Card title={t('loops.me.title')} className="kh-my-points-card" style={{ marginBottom: 16 }}>
      <ErrorAlert error={my.error} onRetry={() => void my.refetch()} />
      {my.isPending ? <Skeleton active paragraph={{ rows: 2 }} /> : null}
      {data && !latest ? (
        <Typography.Paragraph type="secondary">{t('loops.me.noPublished')}</Typography.Paragraph>
      ) : null}
      {latest ? (
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {t('loops.me.score', { quarter: latest.quarter })}
          </Typography.Text>
          <div className="kh-score-hero-value" style={{ fontSize: 36, fontWeight: 600, lineHeight: 1.2 }}>
            {points2(latest.total ?? 0)}
          </div>
          {latest.rankInBranch != null ? (
            <Typography.Text strong>
              {t('loops.me.rank', { rank: latest.rankInBranch, total: latest.branchSize ?? '—' })}
            </Typography.Text>
          ) : null}
          {latest.appealUntil ? (
            <Typography.Text type={today <= latest.appealUntil ? undefined : 'secondary'}>
              {today <= latest.appealUntil
                ? t('loops.me.appealUntil', { quarter: short(latest.quarter), date: latest.appealUntil })
                : t('loops.me.appealClosed', { quarter: short(latest.quarter) })}
            </Typography.Text>
          ) : null}
        </Space>
      ) : null}
      <div style={{ marginTop: 12 }}>
        <ButtonLink to="/me/points" type="primary">
          {t('loops.me.open')}
        </ButtonLink>
      </div>
    </Card>
  );
}
