import { Typography } from 'antd';
import { useI18n } from '../../../../i18n/index.js';
import type { PeerBreakdown } from '../../../../lib/be-office.js';
import { points2 } from '../../../../lib/points.js';

/**
 * An evaluative indicator's peer scores rater by rater (the office may see raters), the dropped
 * highest and lowest struck through and labelled, and the trimmed mean that enters the score.
 */
export function PeerList({ peers }: { peers: PeerBreakdown }) {
  const { t } = useI18n();
  if (peers.raters === 0)
    return (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('be.office.noRaters')}
      </Typography.Text>
    );
  return (
    <div className="kh-be-peers">
      <ul>
        {peers.lines.map((p) => (
          <li key={p.branchId} className={p.dropped ? 'kh-be-peer-dropped' : undefined}>
            <span className="kh-be-peer-name" title={p.branchName}>
              {p.branchName}
            </span>
            {p.score === null ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('be.office.peerPending')}
              </Typography.Text>
            ) : (
              <span className="kh-be-num">
                {p.dropped ? <s>{points2(p.score)}</s> : points2(p.score)}
                {p.dropped ? (
                  <span className="kh-be-peer-tag">
                    {p.dropped === 'high' ? t('be.office.droppedHigh') : t('be.office.droppedLow')}
                  </span>
                ) : null}
              </span>
            )}
          </li>
        ))}
      </ul>
      <div className="kh-be-peer-mean">
        {peers.meanRounded === null
          ? t('be.office.peerNoneYet')
          : t('be.office.peerMean', { mean: points2(peers.meanRounded), n: peers.used })}
        <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
          {t('be.office.peerSubmitted', { n: peers.submitted, total: peers.raters })}
        </Typography.Text>
      </div>
    </div>
  );
}
