import { Button, Checkbox, Drawer, Empty, Grid, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { type EntryState, entryStates } from '../../../../domain/points/workflow.js';
import { ErrorAlert, PageSpinner } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';
import type { LinkedActivityRef, LinkedEntryRef } from '../../../lib/be-round.js';
import { EntryStateTag } from '../../points/labels.js';
import { type Linkable, useLinkable } from './api.js';

type LinkableActivity = Linkable['activities'][number];
type LinkableEntry = Linkable['entries']['items'][number];

const isEntryState = (s: string): s is EntryState => (entryStates as readonly string[]).includes(s);

/**
 * "Link existing records" (SPEC §7 一次留痕): the points activities and entries the branch has
 * already recorded this month, to attach to an indicator instead of uploading the same photos
 * again, as the server lists them for the branch and month.
 */
export function LinkRecordsDrawer({
  open,
  onClose,
  branchId,
  month,
  indicatorName,
  activities,
  entries,
  onConfirm,
}: {
  open: boolean;
  onClose: () => void;
  branchId: number;
  month: string;
  indicatorName: string;
  activities: readonly LinkedActivityRef[];
  entries: readonly LinkedEntryRef[];
  onConfirm: (activities: LinkedActivityRef[], entries: LinkedEntryRef[]) => void;
}) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const list = useLinkable(branchId, month, open);
  const [pickedActivities, setPickedActivities] = useState<number[]>([]);
  const [pickedEntries, setPickedEntries] = useState<number[]>([]);

  // Each opening starts from what the indicator links now.
  useEffect(() => {
    if (!open) return;
    setPickedActivities(activities.map((a) => a.id));
    setPickedEntries(entries.map((e) => e.id));
  }, [open, activities, entries]);

  const records = useMemo(
    () => ({
      activities: list.data?.pages[0]?.activities ?? [],
      entries: list.data?.pages.flatMap((p) => p.entries.items) ?? [],
    }),
    [list.data],
  );
  const entriesTotal = list.data?.pages[0]?.entries.total ?? 0;

  const toggle = (ids: number[], id: number, on: boolean) =>
    on ? [...new Set([...ids, id])] : ids.filter((x) => x !== id);

  const confirm = () => {
    const knownA = new Map(activities.map((a) => [a.id, a]));
    const knownE = new Map(entries.map((e) => [e.id, e]));
    const pickedA: LinkedActivityRef[] = pickedActivities.flatMap((id) => {
      const known = knownA.get(id);
      if (known) return [known];
      const a = records.activities.find((x) => x.id === id);
      return a ? [{ id, title: a.title, occurredOn: a.occurredOn }] : [];
    });
    const pickedE: LinkedEntryRef[] = pickedEntries.flatMap((id) => {
      const known = knownE.get(id);
      if (known) return [known];
      const e = records.entries.find((x) => x.id === id);
      return e
        ? [
            {
              id,
              label: t('be.round.link.entryLabel', { member: e.memberName, item: e.itemName }),
              occurredOn: e.occurredOn,
            },
          ]
        : [];
    });
    onConfirm(pickedA, pickedE);
    onClose();
  };

  const activityRow = (a: LinkableActivity) => {
    const checked = pickedActivities.includes(a.id);
    const id = `be-link-a-${a.id}`;
    return (
      <label key={`a${a.id}`} className="kh-be-link-row" htmlFor={id}>
        <Checkbox
          id={id}
          checked={checked}
          onChange={(e) => setPickedActivities((ids) => toggle(ids, a.id, e.target.checked))}
        />
        <span className="kh-be-link-main">
          <span>{a.title}</span>
          <br />
          <span className="kh-be-link-meta">
            {t('be.round.link.activityMeta', {
              date: a.occurredOn,
              item: a.itemName,
              n: a.attendees,
              files: a.files,
            })}
          </span>
        </span>
      </label>
    );
  };

  const entryRow = (e: LinkableEntry) => {
    const checked = pickedEntries.includes(e.id);
    const id = `be-link-e-${e.id}`;
    return (
      <label key={`e${e.id}`} className="kh-be-link-row" htmlFor={id}>
        <Checkbox
          id={id}
          checked={checked}
          onChange={(ev) => setPickedEntries((ids) => toggle(ids, e.id, ev.target.checked))}
        />
        <span className="kh-be-link-main">
          <span>{t('be.round.link.entryLabel', { member: e.memberName, item: e.itemName })}</span>{' '}
          {e.deduction ? <Tag color="red">{t('be.round.link.deduction')}</Tag> : null}
          {e.state !== 'approved' && isEntryState(e.state) ? <EntryStateTag state={e.state} /> : null}
          <br />
          <span className="kh-be-link-meta">
            {t('be.round.link.entryMeta', { date: e.occurredOn, files: e.files })}
          </span>
        </span>
      </label>
    );
  };

  const total = records.activities.length + records.entries.length;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={screens.md ? 520 : '100%'}
      title={t('be.round.link.title', { name: indicatorName })}
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" onClick={confirm} disabled={list.isPending}>
            {t('be.round.link.confirm', { n: pickedActivities.length + pickedEntries.length })}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('be.round.link.hint', { month })}</Typography.Paragraph>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      {list.isPending ? <PageSpinner /> : null}
      {!list.isPending && !list.isError && total === 0 ? (
        <Empty description={t('be.round.link.none', { month })} />
      ) : null}
      {records.activities.length > 0 ? (
        <section className="kh-be-link-section" aria-labelledby="be-link-activities">
          <Typography.Title level={5} id="be-link-activities" style={{ marginTop: 0 }}>
            {t('be.round.link.activities', { n: records.activities.length })}
          </Typography.Title>
          {records.activities.map(activityRow)}
        </section>
      ) : null}
      {records.entries.length > 0 ? (
        <section className="kh-be-link-section" aria-labelledby="be-link-entries">
          <Typography.Title level={5} id="be-link-entries" style={{ marginTop: 0 }}>
            {t('be.round.link.entries', { n: entriesTotal })}
          </Typography.Title>
          {records.entries.map(entryRow)}
        </section>
      ) : null}
      {list.hasNextPage ? (
        <Button
          block
          loading={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
          style={{ marginTop: 12 }}
        >
          {t('be.round.link.loadMore', { shown: records.entries.length, total: entriesTotal })}
        </Button>
      ) : null}
    </Drawer>
  );
}
