import { SearchOutlined } from '@ant-design/icons';
import { Alert, Checkbox, Empty, Input, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { MemberSummary } from '../../../../contracts/member.js';
import type { SchemeItemDto } from '../../../../contracts/points.js';
import { type Dimension, dimensions } from '../../../../domain/points/scheme.js';
import { useMembers } from '../../../features/member/api.js';
import { useI18n } from '../../../i18n/index.js';
import { points2 } from '../../../lib/points.js';
import { usePointsLabels } from '../labels.js';

/** "2.00 分/次" or "1.00–15.00 分/项": what one occurrence of an item is worth. */
export function useItemPointsText() {
  const { t } = useI18n();
  return (item: Pick<SchemeItemDto, 'points' | 'unit'>) =>
    item.points.kind === 'fixed'
      ? t('points.item.perUnit', { points: points2(item.points.value), unit: item.unit })
      : t('points.item.rangePerUnit', {
          min: points2(item.points.min),
          max: points2(item.points.max),
          unit: item.unit,
        });
}

/** Picks an item of the scheme, grouped by dimension, each option saying what it is worth. */
export function ItemSelect({
  items,
  value,
  onChange,
  id,
  filter,
}: {
  items: readonly SchemeItemDto[];
  value?: string;
  onChange?: (code: string) => void;
  id?: string;
  filter?: (item: SchemeItemDto) => boolean;
}) {
  const { t } = useI18n();
  const labels = usePointsLabels();
  const pointsText = useItemPointsText();
  const options = dimensions
    .map((d: Dimension) => ({
      label: labels.dimension(d),
      title: labels.dimension(d),
      options: items
        .filter((i) => i.dimension === d && (!filter || filter(i)))
        .map((i) => ({
          value: i.code,
          search: `${i.code} ${i.name}`,
          label: (
            <span className="kh-item-option">
              <span className="kh-item-option-name">{`${i.code} ${i.name}`}</span>
              <span className="kh-item-option-meta">
                <Tag color={i.direction === 'bonus' ? 'green' : 'red'} style={{ marginInlineEnd: 4 }}>
                  {labels.direction(i.direction)} {pointsText(i)}
                </Tag>
                {i.evidenceRequired ? (
                  <Tag style={{ marginInlineEnd: 0 }}>{t('points.item.evidenceRequired')}</Tag>
                ) : null}
              </span>
            </span>
          ),
        })),
    }))
    .filter((g) => g.options.length > 0);
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      options={options}
      showSearch={{ optionFilterProp: 'search' }}
      placeholder={t('points.item.pick')}
      labelRender={({ value: v }) => {
        const i = items.find((x) => x.code === v);
        return i ? `${i.code} ${i.name}` : String(v ?? '');
      }}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxWidth: 'min(560px, 92vw)' } } }}
    />
  );
}

/** What the chosen item asks for: its points, unit, quarterly cap and whether evidence is needed. */
export function ItemHint({ item }: { item: SchemeItemDto | undefined }) {
  const { t } = useI18n();
  const labels = usePointsLabels();
  const pointsText = useItemPointsText();
  if (!item) return null;
  const cap =
    item.quarterCap === null
      ? t('points.explain.noCap')
      : item.quarterCap.kind === 'count'
        ? t('points.item.capCountUnit', { n: item.quarterCap.value, unit: item.unit })
        : t('points.explain.capPoints', { points: points2(item.quarterCap.value) });
  return (
    <Alert
      type={item.direction === 'deduction' ? 'warning' : 'info'}
      showIcon
      style={{ marginBottom: 16 }}
      title={`${labels.dimension(item.dimension)} · ${labels.direction(item.direction)} · ${pointsText(item)}`}
      description={
        <Space size={[8, 4]} wrap>
          <span>{t('points.item.capLabel', { cap })}</span>
          {item.evidenceRequired ? (
            <Tag color="orange">{t('points.item.evidenceRequired')}</Tag>
          ) : (
            <Tag>{t('points.item.evidenceOptional')}</Tag>
          )}
          {item.veto ? <Tag color="red">{t('points.item.veto')}</Tag> : null}
        </Space>
      }
    />
  );
}

/** Party members of a branch (its groups included) for the pickers; at most the first 200. */
export function useBranchMembers(branchId: number | null | undefined) {
  const q = useMembers({ orgId: branchId ?? undefined }, 1, 200, branchId != null);
  const members = useMemo(() => (q.data?.items ?? []).filter((m) => m.isPartyMember && m.active), [q.data]);
  return { members, loading: q.isPending && branchId != null, error: q.error };
}

export function MemberSelect({
  members,
  value,
  onChange,
  id,
  loading,
}: {
  members: readonly MemberSummary[];
  value?: number;
  onChange?: (id: number) => void;
  id?: string;
  loading?: boolean;
}) {
  const { t } = useI18n();
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      loading={loading}
      showSearch={{ optionFilterProp: 'search' }}
      placeholder={t('points.entry.pickMember')}
      options={members.map((m) => ({
        value: m.id,
        search: `${m.name} ${m.employeeNo}`,
        label: t('common.nameWithNote', { name: m.name, note: m.employeeNo }),
      }))}
      style={{ width: '100%' }}
    />
  );
}

/**
 * Attendees of an activity: the branch's members with a search box, 全选 for what the search
 * shows, and the count chosen.
 */
export function MemberChecklist({
  members,
  value,
  onChange,
  id,
}: {
  members: readonly MemberSummary[];
  value?: number[];
  onChange?: (ids: number[]) => void;
  id?: string;
}) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const chosen = value ?? [];
  const shown = members.filter(
    (m) => !q.trim() || m.name.includes(q.trim()) || m.employeeNo.startsWith(q.trim()),
  );
  const shownIds = shown.map((m) => m.id);
  const allShown = shownIds.length > 0 && shownIds.every((i) => chosen.includes(i));
  const someShown = shownIds.some((i) => chosen.includes(i));
  return (
    <div className="kh-checklist" id={id}>
      <div className="kh-checklist-head">
        <Checkbox
          checked={allShown}
          indeterminate={!allShown && someShown}
          onChange={(e) =>
            onChange?.(
              e.target.checked
                ? [...new Set([...chosen, ...shownIds])]
                : chosen.filter((i) => !shownIds.includes(i)),
            )
          }
        >
          {q.trim() ? t('points.activity.selectShown') : t('points.activity.selectAll')}
        </Checkbox>
        <Input
          allowClear
          size="small"
          prefix={<SearchOutlined aria-hidden />}
          placeholder={t('member.searchPlaceholder')}
          aria-label={t('points.activity.searchMembers')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          style={{ maxWidth: 200 }}
        />
        <Typography.Text type="secondary" aria-live="polite">
          {t('points.activity.chosen', { n: chosen.length, total: members.length })}
        </Typography.Text>
      </div>
      {shown.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.noData')} />
      ) : (
        <Checkbox.Group
          value={chosen}
          onChange={(v) => {
            // The group only knows the boxes it shows; keep the chosen ones the search hides.
            const hidden = chosen.filter((i) => !shownIds.includes(i));
            onChange?.([...hidden, ...(v as number[])]);
          }}
          className="kh-checklist-grid"
          options={shown.map((m) => ({ value: m.id, label: m.name, title: m.employeeNo }))}
        />
      )}
    </div>
  );
}
