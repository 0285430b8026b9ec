import { App, Button, Popconfirm, Space } from 'antd';
import { lazy, Suspense, useRef, useState } from 'react';
import { entryTransitions } from '../../../../domain/points/workflow.js';
import { errorText } from '../../../components/feedback.js';
import { useI18n } from '../../../i18n/index.js';
import { type EntryAction, type EntryView, useBulkAction, useEntryAction } from '../api.js';
import { usePointsLabels } from '../labels.js';

// The dialogs open on a click: their forms (and the evidence upload a correction may show) are
// fetched then, not with the page that lists the entries.
const ResubmitDialog = lazy(async () => ({
  default: (await import('./entry-correction.js')).ResubmitDialog,
}));
const ReasonDialog = lazy(async () => ({ default: (await import('./reason-dialog.js')).ReasonDialog }));

/** Whether a step needs a written reason, as the workflow of the entry's kind says. */
export function needsReason(kind: EntryView['kind'], action: EntryAction): boolean {
  return entryTransitions(kind).some((t) => t.action === action && t.reasonRequired);
}

const dangerous: readonly EntryAction[] = ['reject', 'discard', 'withdraw'];
const primary: readonly EntryAction[] = ['approve', 'submit', 'resubmit', 'confirm', 'redeclare'];

interface Pending {
  action: EntryAction;
  entries: EntryView[];
}

/**
 * Runs entry actions, one entry or many (bulk): steps that need a reason open the reason
 * dialog first; the others run at once. Returns `run` and the dialog to render.
 */
export function useEntryActions(onDone?: (action: EntryAction, ids: number[]) => void) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const labels = usePointsLabels();
  const single = useEntryAction();
  const bulk = useBulkAction();
  const [pending, setPending] = useState<Pending | null>(null);
  const [resubmitting, setResubmitting] = useState<EntryView | null>(null);

  // One step at a time: a second click while the first runs (a double click on 审核通过) is
  // ignored here, and the server answers a repeat with the first answer anyway.
  const running = useRef(false);
  const execute = async (action: EntryAction, entries: EntryView[], reason?: string) => {
    if (running.current) return;
    running.current = true;
    try {
      await perform(action, entries, reason);
    } finally {
      running.current = false;
    }
  };
  const perform = async (action: EntryAction, entries: EntryView[], reason?: string) => {
    const ids = entries.map((e) => e.id);
    if (entries.length === 1 && entries[0]) {
      const e = entries[0];
      await single.mutateAsync({ id: e.id, action, reason, rowVersion: e.rowVersion });
      void message.success(t('points.action.doneOne', { action: labels.entryAction(action) }));
    } else {
      const r = await bulk.mutateAsync({ ids, action, reason });
      const skipped = ids.length - r.done.length;
      if (skipped > 0) {
        void message.warning(
          t('points.action.doneSome', { action: labels.entryAction(action), done: r.done.length, skipped }),
        );
      } else {
        void message.success(
          t('points.action.doneMany', { action: labels.entryAction(action), count: r.done.length }),
        );
      }
    }
    onDone?.(action, ids);
  };

  const run = (action: EntryAction, entries: EntryView[]) => {
    if (entries.length === 0) return;
    // Resubmitting one returned entry shows what was changed since the return, and asks.
    if (action === 'resubmit' && entries.length === 1 && entries[0]) {
      setResubmitting(entries[0]);
      return;
    }
    if (entries.some((e) => needsReason(e.kind, action))) {
      setPending({ action, entries });
      return;
    }
    execute(action, entries).catch((e: unknown) => void message.error(errorText(e, locale, t)));
  };

  const resubmitDialog = resubmitting ? (
    <ResubmitDialog
      entry={resubmitting}
      onConfirm={() => execute('resubmit', [resubmitting])}
      onClose={() => setResubmitting(null)}
    />
  ) : null;

  const reasonDialog = pending ? (
    <ReasonDialog
      open
      title={
        pending.entries.length === 1
          ? t('points.action.reasonTitleOne', {
              action: labels.entryAction(pending.action),
              name: pending.entries[0]?.memberName ?? '',
              item: pending.entries[0]?.itemName ?? '',
            })
          : t('points.action.reasonTitleMany', {
              action: labels.entryAction(pending.action),
              count: pending.entries.length,
            })
      }
      description={t('points.action.reasonHint')}
      okText={labels.entryAction(pending.action)}
      danger={dangerous.includes(pending.action)}
      onSubmit={(reason) => execute(pending.action, pending.entries, reason)}
      onClose={() => setPending(null)}
    />
  ) : null;

  const dialog = (
    <Suspense fallback={null}>
      {reasonDialog}
      {resubmitDialog}
    </Suspense>
  );

  return { run, dialog, busy: single.isPending || bulk.isPending };
}

/** The buttons of exactly the actions the server says the viewer may take on this entry now. */
export function EntryActionButtons({
  entry,
  run,
  size = 'small',
}: {
  entry: EntryView;
  run: (action: EntryAction, entries: EntryView[]) => void;
  size?: 'small' | 'middle';
}) {
  const { t } = useI18n();
  const labels = usePointsLabels();
  if (entry.actions.length === 0) return null;
  return (
    <Space size={4} wrap>
      {entry.actions.map((a) => {
        const label = labels.entryAction(a);
        const aria = t('points.action.aria', { action: label, name: entry.memberName, item: entry.itemName });
        // Discarding or withdrawing without a reason is final, and taking an entry back from
        // review moves it out of the reviewer's queue: confirm it.
        if ((a === 'discard' || a === 'withdraw' || a === 'recall') && !needsReason(entry.kind, a)) {
          return (
            <Popconfirm
              key={a}
              title={
                a === 'recall'
                  ? t('loops.entry.recallConfirm')
                  : t('points.action.confirmFinal', { action: label })
              }
              okText={label}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: a !== 'recall' }}
              onConfirm={() => run(a, [entry])}
            >
              <Button size={size} danger={a !== 'recall'} aria-label={aria}>
                {label}
              </Button>
            </Popconfirm>
          );
        }
        return (
          <Button
            key={a}
            size={size}
            type={primary.includes(a) ? 'primary' : 'default'}
            danger={dangerous.includes(a)}
            aria-label={aria}
            onClick={() => run(a, [entry])}
          >
            {label}
          </Button>
        );
      })}
    </Space>
  );
}
