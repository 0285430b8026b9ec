import { Alert, Card, Descriptions, Drawer, Grid, Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import type { QuarterCap } from '../../../../domain/points/scheme.js';
import { ErrorAlert, PageSpinner } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';
import { buildExplain, type ExplainEntryRow, type ExplainItemRow } from '../../../lib/explain.js';
import { formatDateTime } from '../../../lib/format.js';
import { points2 } from '../../../lib/points.js';
import { type Explain, useExplain, useScheme } from '../api.js';
import { usePointsLabels } from '../labels.js';

export interface ExplainTarget {
  schemeId: number;
  quarter: string;
  memberId: number;
  name?: string;
}

function useCapText() {
  const { t } = useI18n();
  return (cap: QuarterCap | null, unit: string | undefined) =>
    cap === null
      ? t('points.explain.noCap')
      : cap.kind === 'count'
        ? unit
          ? t('points.item.capCountUnit', { n: cap.value, unit })
          : t('points.explain.capCount', { n: cap.value })
        : t('points.explain.capPoints', { points: points2(cap.value) });
}

function EntryLine({ e }: { e: ExplainEntryRow }) {
  const { t } = useI18n();
  const cut = e.counted < e.points;
  return (
    <li className="kh-explain-entry">
      <span className="kh-explain-entry-date">{e.occurredOn}</span>
      <span className="kh-explain-entry-num">
        {e.quantity > 1 ? `${points2(e.points)} (×${e.quantity})` : points2(e.points)}
      </span>
      <span className="kh-explain-entry-num">
        <span className="kh-visually-hidden">{t('points.explain.counted')} </span>
        <span aria-hidden>→ </span>
        <Typography.Text strong={e.counted > 0} type={cut ? 'warning' : undefined}>
          {points2(e.counted)}
        </Typography.Text>
      </span>
      <span className="kh-explain-entry-why">
        {e.capped ? <Tag color="orange">{t('points.explain.cutByItemCap')}</Tag> : null}
        {e.revokedBy != null ? <Tag>{t('points.explain.revokedBy', { id: e.revokedBy })}</Tag> : null}
        {e.revokes != null ? <Tag color="gold">{t('points.explain.revokes', { id: e.revokes })}</Tag> : null}
        {e.kind === 'adjustment' && e.revokes == null ? (
          <Tag color="gold">{t('points.entry.adjustment')}</Tag>
        ) : null}
        {e.note ? <Typography.Text type="secondary">{e.note}</Typography.Text> : null}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          #{e.entryId}
        </Typography.Text>
      </span>
    </li>
  );
}

/** Each item: what was entered, its quarter cap, what counted — and every entry beneath it. */
function ItemBlocks({
  items,
  vetoIds,
  units,
}: {
  items: ExplainItemRow[];
  vetoIds: number[];
  units: ReadonlyMap<string, string>;
}) {
  const { t } = useI18n();
  const labels = usePointsLabels();
  const capText = useCapText();
  return (
    <div className="kh-explain-items">
      {items.map((r) => (
        <section key={r.code} className="kh-explain-item" aria-label={`${r.code} ${r.name}`}>
          <div className="kh-explain-item-head">
            <span className="kh-explain-item-name">
              <Typography.Text strong>{`${r.code} ${r.name}`}</Typography.Text>
              <Tag color={r.direction === 'bonus' ? 'green' : 'red'}>{labels.direction(r.direction)}</Tag>
              {r.veto && r.entries.some((e) => vetoIds.includes(e.entryId)) ? (
                <Tag color="red">{t('points.item.veto')}</Tag>
              ) : null}
            </span>
            <span className="kh-explain-item-sum">
              {t('points.explain.itemSum', { raw: points2(r.rawTotal), counted: points2(r.countedTotal) })}
              {r.capApplied ? (
                <Tag color="orange" style={{ marginInlineStart: 6, marginInlineEnd: 0 }}>
                  {t('points.explain.itemCapApplied')}
                </Tag>
              ) : null}
            </span>
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('points.explain.itemCapLine', { cap: capText(r.cap, units.get(r.code)) })}
          </Typography.Text>
          <ul className="kh-explain-entries">
            {r.entries.map((e) => (
              <EntryLine key={e.entryId} e={e} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function RuleVersion({ data }: { data: Explain }) {
  const { t } = useI18n();
  const labels = usePointsLabels();
  const r = data.version.rules;
  const tier = r.tierRule;
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      items={[
        {
          key: 'v',
          label: t('points.explain.version'),
          children: t('points.scheme.versionN', { n: data.version.version }),
        },
        { key: 'at', label: t('points.explain.computedAt'), children: formatDateTime(data.computedAt) },
        { key: 'base', label: t('points.rules.baseScore'), children: points2(r.baseScore) },
        {
          key: 'caps',
          label: t('points.rules.bonusCaps'),
          children: (['political', 'professional', 'civility'] as const)
            .map((d) => `${labels.dimension(d)} ${points2(r.bonusCaps[d])}`)
            .join(t('common.listSeparator')),
        },
        {
          key: 'tier',
          label: t('points.rules.tierRule'),
          children:
            tier.kind === 'quota'
              ? t('points.rules.quotaText', {
                  b: tier.benchmark,
                  e: tier.excellent,
                  g: tier.good,
                  w: points2(tier.warningBelow),
                })
              : t('points.rules.thresholdText', {
                  b: points2(tier.benchmark),
                  e: points2(tier.excellent),
                  g: points2(tier.good),
                  w: points2(tier.warningBelow),
                }),
        },
        {
          key: 'scope',
          label: t('points.rules.rankingScope'),
          children: t(`points.rules.scope.${r.rankingScope}`),
        },
        {
          key: 'privacy',
          label: t('points.rules.privacy'),
          children: r.boardPrivacy.showOthersDeductions
            ? t('points.rules.privacyShow')
            : t('points.rules.privacyHide'),
        },
      ]}
    />
  );
}

/**
 * "Explain every number": how one member's quarter score came about — the base, each
 * dimension's bonus before and after the item caps and the dimension cap, each item with every
 * entry and what of it counted, and the rule version that did the arithmetic.
 */
export function ExplainDrawer({ target, onClose }: { target: ExplainTarget | null; onClose: () => void }) {
  const { t } = useI18n();
  const labels = usePointsLabels();
  const screens = Grid.useBreakpoint();
  const scheme = useScheme(target?.schemeId);
  const explain = useExplain(
    target ? { schemeId: target.schemeId, quarter: target.quarter, memberId: target.memberId } : null,
  );
  const data = explain.data;
  const model = useMemo(
    () =>
      data
        ? buildExplain(
            data.explanation,
            data.entries.map((e) => ({
              id: e.id,
              itemCode: e.itemCode,
              itemName: e.itemName,
              note: e.note,
              kind: e.kind,
            })),
          )
        : null,
    [data],
  );

  // Item units come from the scheme when the explained version is the one in force.
  const units = useMemo(() => {
    const current = scheme.data?.current;
    return new Map(
      current && data && current.id === data.version.id
        ? current.items.map((i) => [i.code, i.unit] as const)
        : [],
    );
  }, [scheme.data, data]);

  return (
    <Drawer
      open={target != null}
      onClose={onClose}
      size={screens.lg ? 760 : '100%'}
      title={
        target
          ? t('points.explain.title', { name: data?.name ?? target.name ?? '', quarter: target.quarter })
          : ''
      }
    >
      {explain.isPending && target ? <PageSpinner /> : null}
      <ErrorAlert error={explain.error} onRetry={() => void explain.refetch()} />
      {data && !model ? <Alert type="warning" showIcon title={t('points.explain.unreadable')} /> : null}
      {data && model ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card size="small">
            <fieldset className="kh-explain-sum">
              <legend className="kh-visually-hidden">{t('points.explain.formula')}</legend>
              <span>
                <small>{t('points.explain.base')}</small>
                {points2(model.base)}
              </span>
              <b aria-hidden>+</b>
              <span>
                <small>{t('points.explain.bonus')}</small>
                {points2(model.bonusTotal)}
              </span>
              <b aria-hidden>−</b>
              <span>
                <small>{t('points.explain.deductions')}</small>
                {points2(model.deductionTotal)}
              </span>
              <b aria-hidden>=</b>
              <span className="kh-explain-total">
                <small>{t('points.explain.total')}</small>
                {points2(model.total)}
              </span>
            </fieldset>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('points.explain.ranks', { branch: data.rankInBranch, scope: data.rankInScope })}
              {model.flooredAtZero
                ? ` · ${t('points.explain.floored', { raw: points2(model.unflooredTotal) })}`
                : ''}
            </Typography.Text>
          </Card>
          {model.deductionDetailHidden ? (
            <Alert
              type="info"
              showIcon
              title={t('points.explain.hidden')}
              description={t('points.explain.hiddenHint')}
            />
          ) : null}
          {model.vetoEntryIds.length > 0 ? (
            <Alert
              type="error"
              showIcon
              title={t('points.explain.veto', { ids: model.vetoEntryIds.map((i) => `#${i}`).join(' ') })}
            />
          ) : null}
          {model.dimensions.map((d) =>
            d.items.length === 0 && d.bonusCapped === 0 && d.deductions === 0 ? (
              <div key={d.dimension} className="kh-explain-empty">
                <Typography.Text strong>{labels.dimension(d.dimension)}</Typography.Text>
                <Typography.Text type="secondary">{t('points.explain.noEntries')}</Typography.Text>
              </div>
            ) : (
              <Card
                key={d.dimension}
                size="small"
                title={labels.dimension(d.dimension)}
                extra={
                  <Typography.Text strong>
                    {t('points.explain.dimensionNet', {
                      bonus: points2(d.bonusCapped),
                      deductions: points2(d.deductions),
                    })}
                  </Typography.Text>
                }
              >
                <div className="kh-explain-steps">
                  <span>
                    {t('points.explain.bonusRaw')} <b>{points2(d.bonusRaw)}</b>
                  </span>
                  <span aria-hidden>→</span>
                  <span>
                    {t('points.explain.afterItemCaps')} <b>{points2(d.bonusAfterItemCaps)}</b>
                  </span>
                  <span aria-hidden>→</span>
                  <span>
                    {t('points.explain.afterDimensionCap', { cap: points2(d.bonusCap) })}{' '}
                    <b>{points2(d.bonusCapped)}</b>
                    {d.dimensionCapApplied ? (
                      <Tag color="red" style={{ marginInlineStart: 6 }}>
                        {t('points.explain.dimensionCapApplied')}
                      </Tag>
                    ) : null}
                  </span>
                  {d.deductions > 0 || d.deductionsRaw > 0 ? (
                    <span>
                      {t('points.explain.deductionsLine', {
                        raw: points2(d.deductionsRaw),
                        counted: points2(d.deductions),
                      })}
                    </span>
                  ) : null}
                </div>
                {d.items.length > 0 ? (
                  <ItemBlocks items={d.items} vetoIds={model.vetoEntryIds} units={units} />
                ) : (
                  <Typography.Text type="secondary">{t('points.explain.noEntries')}</Typography.Text>
                )}
              </Card>
            ),
          )}
          <section aria-label={t('points.explain.rules')}>
            <Typography.Title level={3} style={{ fontSize: 15 }}>
              {t('points.explain.rules')}
            </Typography.Title>
            <RuleVersion data={data} />
          </section>
        </Space>
      ) : null}
    </Drawer>
  );
}
