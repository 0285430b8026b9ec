import { Alert, App, Button, Col, Form, Modal, Row, Space, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useToday } from '../../../app/server-day.js';
import { ErrorAlert } from '../../../components/feedback.js';
import { placeServerError } from '../../../components/form-errors.js';
import { useSubmit } from '../../../components/use-submit.js';
import { useI18n } from '../../../i18n/index.js';
import { formatDateTime } from '../../../lib/format.js';
import { entryDateBounds, parsePointsText, points2 } from '../../../lib/points.js';
import { type EntryView, useScheme, useUpdateEntry } from '../api.js';
import { EvidenceField, NoteField, OccurredOnField, QuantityField, RangePointsField } from './entry-forms.js';
import type { EvidenceRef } from './evidence.js';

type Change = NonNullable<EntryView['changesSinceReturn']>[number];

/** "日期：2026-03-10 → 2026-03-11", "新增证明材料：签到表.png" — one line per corrected field. */
export function ChangeList({ changes }: { changes: readonly Change[] }) {
  const { t } = useI18n();
  const fieldLabel = {
    occurredOn: t('points.entry.occurredOn'),
    quantity: t('points.entry.quantity'),
    points: t('points.entry.points'),
    note: t('points.entry.note'),
  } as const;
  const shown = (v: string | number | null, field: Change['field']) =>
    v == null || v === ''
      ? t('loops.entry.change.none')
      : field === 'points'
        ? points2(Number(v))
        : String(v);
  const lines: string[] = [];
  for (const c of changes) {
    if (c.field === 'evidence') {
      if (c.added.length) lines.push(t('loops.entry.change.added', { names: c.added.join('、') }));
      if (c.removed.length) lines.push(t('loops.entry.change.removed', { names: c.removed.join('、') }));
    } else {
      lines.push(
        t('loops.entry.change.line', {
          field: fieldLabel[c.field],
          before: shown(c.before, c.field),
          after: shown(c.after, c.field),
        }),
      );
    }
  }
  return (
    <ul className="kh-change-list" style={{ margin: 0, paddingInlineStart: 20 }}>
      {lines.map((l) => (
        <li key={l}>{l}</li>
      ))}
    </ul>
  );
}

/** The entry's returns and resubmissions, oldest first, each resubmission with what it changed. */
export function EntryHistory({ entry }: { entry: EntryView }) {
  const { t } = useI18n();
  if (entry.history.length === 0) return null;
  return (
    <section aria-label={t('loops.entry.history')}>
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('loops.entry.history')}
      </Typography.Title>
      <Timeline
        items={entry.history.map((h) => ({
          key: `${h.action}-${h.at}`,
          color: h.action === 'returned' ? 'orange' : 'blue',
          content:
            h.action === 'returned' ? (
              t('loops.entry.history.returned', {
                who: h.byAccount,
                at: formatDateTime(h.at),
                reason: h.reason ?? '',
              })
            ) : (
              <div>
                {t(h.changes.length ? 'loops.entry.history.resubmitted' : 'loops.entry.history.unchanged', {
                  who: h.byAccount,
                  at: formatDateTime(h.at),
                })}
                {h.changes.length ? <ChangeList changes={h.changes} /> : null}
              </div>
            ),
        }))}
      />
    </section>
  );
}

/**
 * Confirms a resubmission: what was changed since the entry was returned (or that nothing was),
 * next to the reviewer's reason. `onConfirm` rejects to keep the dialog open.
 */
export function ResubmitDialog({
  entry,
  onConfirm,
  onClose,
}: {
  entry: EntryView;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const changes = entry.changesSinceReturn ?? [];
  const ok = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('loops.entry.resubmitTitle')}
      okText={changes.length ? t('loops.entry.resubmitOk') : t('loops.entry.resubmitUnchanged')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy }}
      onOk={() => void ok()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      {entry.decisionReason ? (
        <Typography.Paragraph type="secondary">
          {t('loops.entry.returnReason', { reason: entry.decisionReason })}
        </Typography.Paragraph>
      ) : null}
      {changes.length ? (
        <>
          <Typography.Paragraph strong style={{ marginBottom: 4 }}>
            {t('loops.entry.changesSinceReturn')}
          </Typography.Paragraph>
          <ChangeList changes={changes} />
        </>
      ) : (
        <Alert type="warning" showIcon title={t('loops.entry.noChanges')} />
      )}
    </Modal>
  );
}

interface EditValues {
  occurredOn: string;
  quantity: number;
  points?: string;
  note?: string;
  files?: EvidenceRef[];
}

/**
 * Corrects a returned (or draft) entry: date, quantity, points of a range item, note and evidence.
 * "保存并重新提交" saves, then asks `onResubmit` to confirm the resubmission with the changes.
 */
export function EntryEditForm({
  entry,
  onDone,
  onResubmit,
}: {
  entry: EntryView;
  onDone: () => void;
  onResubmit?: (saved: EntryView) => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const scheme = useScheme(entry.schemeId);
  const update = useUpdateEntry();
  const { busy, submit } = useSubmit();
  const [banner, setBanner] = useState<unknown>(null);
  const today = useToday();
  const item = scheme.data?.current?.items.find((i) => i.code === entry.itemCode);
  const bounds = entryDateBounds(Number(entry.occurredOn.slice(0, 4)), today);
  const canResubmit = entry.actions.includes('resubmit') && onResubmit !== undefined;

  const save = async (resubmit: boolean) => {
    const v = await form.validateFields();
    setBanner(null);
    try {
      const saved = await update.mutateAsync({
        id: entry.id,
        body: {
          occurredOn: v.occurredOn,
          quantity: v.quantity,
          ...(item?.points.kind === 'range' ? { points: parsePointsText(v.points) ?? undefined } : {}),
          note: v.note?.trim() || null,
          fileIds: (v.files ?? []).map((f) => f.id),
          rowVersion: entry.rowVersion,
        },
      });
      void message.success(t('loops.entry.saved'));
      onDone();
      if (resubmit) onResubmit?.(saved);
    } catch (e) {
      setBanner(
        placeServerError(form, e, locale, ['occurredOn', 'quantity', 'points', 'note'], {
          date_in_future: 'occurredOn',
          date_outside_year: 'occurredOn',
          quarter_closed: 'occurredOn',
          member_not_in_branch: 'occurredOn',
          points_out_of_range: 'points',
        }),
      );
    }
  };

  return (
    <Form<EditValues>
      name="entry-correction"
      form={form}
      layout="vertical"
      initialValues={{
        occurredOn: entry.occurredOn,
        quantity: entry.quantity,
        points:
          item?.points.kind === 'range' ? points2(Math.round(entry.points / entry.quantity)) : undefined,
        note: entry.note ?? '',
        files: entry.evidence.map((f) => ({ id: f.id, name: f.name, mime: f.mime })),
      }}
    >
      <Typography.Paragraph type="secondary">{t('loops.entry.editHint')}</Typography.Paragraph>
      <ErrorAlert error={banner} />
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <OccurredOnField bounds={bounds} />
        </Col>
        <Col xs={24} md={12}>
          <QuantityField item={item} />
        </Col>
      </Row>
      <RangePointsField item={item} />
      <NoteField />
      <EvidenceField item={item} orgId={entry.branchId} />
      <Space wrap>
        {canResubmit ? (
          <Button type="primary" loading={busy || update.isPending} onClick={() => submit(() => save(true))}>
            {t('loops.entry.saveAndResubmit')}
          </Button>
        ) : null}
        <Button
          type={canResubmit ? 'default' : 'primary'}
          loading={busy || update.isPending}
          onClick={() => submit(() => save(false))}
        >
          {t('loops.entry.save')}
        </Button>
        <Button onClick={onDone}>{t('loops.entry.cancelEdit')}</Button>
      </Space>
    </Form>
  );
}
