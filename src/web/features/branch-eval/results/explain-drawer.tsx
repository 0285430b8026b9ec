import { EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Drawer, Grid, Space, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { defaultTrimFrom } from '../../../../domain/branch-eval/peer.js';
import { hasPermission, useMe } from '../../../auth/session.js';
import { ErrorAlert, PageSpinner } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';
import { categoryOrder, peerChips, weightText } from '../../../lib/be-results.js';
import { formatDateTime } from '../../../lib/format.js';
import { points2 } from '../../../lib/points.js';
import { Movement } from '../../points/components/movement.js';
import { CorrectedTag, CorrectionDialog, CorrectionTrail } from '../corrections.js';
import { CategoryTag, useBeLabels } from '../labels.js';
import { type ScoreExplanation, useScoreExplanation } from './api.js';
import { MissedTag, SignalCell } from './cells.js';
import { useMonthLabel } from './selection.js';

export interface ExplainTarget {
  branchId: number;
  month: string;
  branchName: string;
  /** The round's org: lets the office file a correction from the explanation. */
  orgId?: number | null;
}

type IndicatorExplain = ScoreExplanation['indicators'][number];

/** The peer scores of one indicator as anonymous numbers, the dropped highest and lowest struck out. */
function PeerLine({ peer }: { peer: NonNullable<IndicatorExplain['peer']> }) {
  const { t } = useI18n();
  const chips = peerChips(peer);
  if (chips.length === 0)
    return <Typography.Text type="secondary">{t('be.results.explain.noPeers')}</Typography.Text>;
  return (
    <span className="kh-be-peers">
      {chips.map((c, i) =>
        c.dropped ? (
          <Tag
            // Peer scores have no identity: their position is all there is.
            // biome-ignore lint/suspicious/noArrayIndexKey: anonymous values, order is the identity
            key={i}
            className="kh-be-peer-dropped"
            title={
              c.dropped === 'high' ? t('be.results.explain.droppedHigh') : t('be.results.explain.droppedLow')
            }
          >
            <s>{points2(c.value)}</s>
            <span className="kh-visually-hidden">
              {c.dropped === 'high'
                ? t('be.results.explain.droppedHigh')
                : t('be.results.explain.droppedLow')}
            </span>
          </Tag>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: anonymous values, order is the identity
          <Tag key={i} color="purple">
            {points2(c.value)}
          </Tag>
        ),
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {peer.droppedHigh !== null || peer.droppedLow !== null
          ? t('be.results.explain.peerTrimmed', { count: chips.length, used: peer.used.length })
          : t('be.results.explain.peerCount', { count: chips.length })}
        {peer.meanRounded !== null
          ? ` · ${t('be.results.explain.peerMean', { mean: points2(peer.meanRounded) })}`
          : ''}
      </Typography.Text>
    </span>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <span className="kh-be-fact">
      <Typography.Text type="secondary">{label}</Typography.Text> {children}
    </span>
  );
}

function IndicatorBlock({ i }: { i: IndicatorExplain }) {
  const { t } = useI18n();
  const l = useBeLabels();
  const reason = i.verifyReason ? (
    <Typography.Text type="secondary">
      {t('be.results.explain.reason', { reason: i.verifyReason })}
    </Typography.Text>
  ) : null;
  return (
    <section className="kh-explain-item" aria-label={`${i.code} ${i.name}`}>
      <div className="kh-explain-item-head">
        <span className="kh-explain-item-name">
          <Typography.Text strong>{`${i.code} ${i.name}`}</Typography.Text>
          <CategoryTag category={i.category} />
        </span>
        <span className="kh-explain-item-sum">
          <Typography.Text strong>{points2(i.score)}</Typography.Text>
          <Typography.Text type="secondary"> / {points2(i.maxPoints)}</Typography.Text>
          {i.counted !== i.score ? (
            <Tag color="orange" style={{ marginInlineStart: 6, marginInlineEnd: 0 }}>
              {t('be.results.explain.counted', { counted: points2(i.counted) })}
            </Tag>
          ) : null}
        </span>
      </div>
      <div className="kh-be-facts">
        {i.self !== null || i.category === 'evaluative' ? (
          <Fact label={t('be.results.explain.self')}>
            {points2(i.self)}
            {i.category !== 'evaluative' ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {' '}
                {t('be.results.explain.selfNotCounted')}
              </Typography.Text>
            ) : null}
          </Fact>
        ) : null}
        {i.category === 'mandatory' ? (
          <Fact label={t('be.results.explain.done')}>
            {i.done === false ? (
              <Tag color="red">{t('be.results.explain.notDone')}</Tag>
            ) : i.done ? (
              <Tag color="green">{t('be.results.explain.isDone')}</Tag>
            ) : (
              '—'
            )}
          </Fact>
        ) : null}
        {i.category === 'innovation' ? (
          <Fact label={t('be.results.explain.award')}>
            {points2(i.innovationAward)} {reason}
          </Fact>
        ) : (
          <Fact label={t('be.results.explain.verified')}>
            {points2(i.verified)} {reason}
          </Fact>
        )}
      </div>
      {i.projects.length > 0 ? (
        <div className="kh-be-facts">
          <Fact label={t('be.results.explain.projects')}>
            {i.projects.map((p) => (
              <div key={p.projectId}>
                <Link to={`/projects/${p.projectId}`}>{p.title}</Link> {points2(p.points)}
              </div>
            ))}
          </Fact>
        </div>
      ) : null}
      {i.selfNote ? (
        <div className="kh-be-facts">
          <Fact label={t('be.results.explain.selfNote')}>{i.selfNote}</Fact>
        </div>
      ) : null}
      {i.category === 'evaluative' ? (
        <div className="kh-be-facts">
          <Fact label={t('be.results.explain.peer')}>
            {i.peer ? (
              <PeerLine peer={i.peer} />
            ) : (
              <Typography.Text type="secondary">{t('be.results.explain.noPeers')}</Typography.Text>
            )}
          </Fact>
        </div>
      ) : null}
      <div className="kh-be-calc">
        {l.text(i.explanation)}
        {i.formula === 'weighted_no_peer' ? (
          <Tag color="gold" style={{ marginInlineStart: 6 }}>
            {t('be.results.explain.peerWeightMoved')}
          </Tag>
        ) : null}
      </div>
      {i.corrections.length > 0 ? (
        <CorrectionTrail category={i.category} corrections={i.corrections} />
      ) : null}
    </section>
  );
}

function Summary({ data }: { data: ScoreExplanation }) {
  const { t } = useI18n();
  const l = useBeLabels();
  return (
    <Card size="small">
      <fieldset className="kh-explain-sum">
        <legend className="kh-visually-hidden">{t('be.results.explain.sum')}</legend>
        {categoryOrder.map((c, idx) => (
          <span key={c} style={{ display: 'contents' }}>
            {idx > 0 ? <b aria-hidden>+</b> : null}
            <span>
              <small>{l.category(c)}</small>
              {points2(data.byCategory[c])}
            </span>
          </span>
        ))}
        <b aria-hidden>=</b>
        <span className="kh-explain-total">
          <small>{t('be.results.total')}</small>
          {points2(data.total)}
        </span>
      </fieldset>
      <Space size={12} wrap>
        <span>
          {t('be.results.explain.rank', { rank: data.rank })} <Movement value={data.movement} />
        </span>
        <span>
          {t('be.results.signal.label')} <SignalCell signal={data.signal} />
        </span>
        <MissedTag missed={data.mandatoryMissed} rectified={data.rectification !== null} />
        <CorrectedTag correction={data.correction} />
        {data.innovationCapped ? (
          <Tag color="gold">
            {t('be.results.explain.innovationCapped', { awarded: points2(data.innovationAwarded) })}
          </Tag>
        ) : null}
      </Space>
    </Card>
  );
}

/**
 * "Explain every number" of a branch's month (SPEC §7): per indicator the self score, each peer
 * score as an anonymous number with the trimmed ones struck out, the verified score and the
 * office's reason, the weights and the formula's result; the plan version that did the sums.
 */
export function ExplainDrawer({ target, onClose }: { target: ExplainTarget | null; onClose: () => void }) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const monthLabel = useMonthLabel();
  const q = useScoreExplanation(target ? { branchId: target.branchId, month: target.month } : null);
  const data = q.data;
  const w = data?.plan.settings.weights;
  const me = useMe();
  const [correcting, setCorrecting] = useState(false);
  // The office corrects a published month by a new record (更正), never by editing the verification.
  const canCorrect =
    data?.state === 'published' && target?.orgId != null && hasPermission(me, 'branch_eval.verify');
  return (
    <Drawer
      open={target != null}
      onClose={onClose}
      extra={
        canCorrect ? (
          <Button icon={<EditOutlined />} onClick={() => setCorrecting(true)}>
            {t('be.correction.file')}
          </Button>
        ) : null
      }
      size={screens.lg ? 760 : '100%'}
      title={
        target
          ? t('be.results.explain.title', { branch: target.branchName, month: monthLabel(target.month) })
          : ''
      }
    >
      {q.isPending && target ? <PageSpinner /> : null}
      <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      {data ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Summary data={data} />
          {data.mandatoryMissed ? (
            <Alert
              type={data.rectification ? 'info' : 'error'}
              showIcon
              title={t('be.results.explain.missedList', {
                list: data.missedIndicators
                  .map((code) => data.indicators.find((i) => i.code === code)?.name ?? code)
                  .join(t('common.listSeparator')),
              })}
              description={
                data.rectification
                  ? t('be.results.explain.rectified', {
                      at: formatDateTime(data.rectification.acceptedAt),
                      note: data.rectification.note,
                    })
                  : t('be.results.explain.notRectified')
              }
            />
          ) : null}
          {data.peerWithheld ? (
            <Alert type="info" showIcon title={t('be.results.explain.peerWithheld', data.peerWithheld)} />
          ) : null}
          {data.state !== 'published' ? (
            <Alert type="warning" showIcon title={t('be.results.notPublishedYet')} />
          ) : null}
          <div className="kh-explain-items">
            {[...data.indicators]
              .sort((a, b) => categoryOrder.indexOf(a.category) - categoryOrder.indexOf(b.category))
              .map((i) => (
                <IndicatorBlock key={i.code} i={i} />
              ))}
          </div>
          <section aria-label={t('be.results.explain.plan')}>
            <Typography.Title level={3} style={{ fontSize: 15 }}>
              {t('be.results.explain.plan')}
            </Typography.Title>
            <Descriptions
              size="small"
              column={1}
              bordered
              items={[
                {
                  key: 'v',
                  label: t('be.results.explain.planVersion'),
                  children: t('be.results.explain.planVersionText', {
                    version: data.plan.version,
                    id: data.plan.id,
                  }),
                },
                {
                  key: 'w',
                  label: t('be.results.explain.weights'),
                  children: w
                    ? t('be.results.explain.weightsText', {
                        self: weightText(w.self),
                        peer: weightText(w.peer),
                        verified: weightText(w.verified),
                      })
                    : '—',
                },
                {
                  key: 'trim',
                  label: t('be.results.explain.trimRule'),
                  children: t('be.results.explain.trimRuleText', { n: defaultTrimFrom }),
                },
                {
                  key: 'raters',
                  label: t('be.results.explain.minRaters'),
                  children: String(data.plan.settings.minPeerRaters),
                },
                {
                  key: 'cap',
                  label: t('be.results.explain.innovationCap'),
                  children: points2(data.plan.settings.innovationCap),
                },
                {
                  key: 'total',
                  label: t('be.results.explain.planTotal'),
                  children: points2(data.plan.settings.totalPoints),
                },
                {
                  key: 'at',
                  label: t('be.results.explain.computedAt'),
                  children: formatDateTime(data.computedAt),
                },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
              {t('be.results.explain.anonymous')}
            </Typography.Paragraph>
          </section>
        </Space>
      ) : null}
      {canCorrect && target?.orgId != null ? (
        <CorrectionDialog
          open={correcting}
          orgId={target.orgId}
          month={target.month}
          branchId={target.branchId}
          branchName={target.branchName}
          onClose={() => setCorrecting(false)}
        />
      ) : null}
    </Drawer>
  );
}
