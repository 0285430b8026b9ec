import {
  Alert,
  App,
  AutoComplete,
  Button,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Space,
  Switch,
  Typography,
} from 'antd';
import { type ComponentProps, useEffect, useState } from 'react';
import type { SchemeItemDto } from '../../../../contracts/points.js';
import { useToday } from '../../../app/server-day.js';
import { DateInput } from '../../../components/date-input.js';
import { ErrorAlert } from '../../../components/feedback.js';
import { placeServerError } from '../../../components/form-errors.js';
import { useSubmit } from '../../../components/use-submit.js';
import { useI18n } from '../../../i18n/index.js';
import { absentees, itemForKind } from '../../../lib/activity.js';
import { entryDateBounds, parsePointsText, points2, quarterOfDate } from '../../../lib/points.js';
import { type SchemeDetail, useCreateActivity, useCreateEntry, useDeclare } from '../api.js';
import { ItemHint, ItemSelect, MemberChecklist, MemberSelect, useBranchMembers } from './entry-fields.js';
import { type EvidenceRef, EvidenceUpload } from './evidence.js';

/** The points field of a range item: a decimal within the item's range. */
export function RangePointsField({ item }: { item: SchemeItemDto | undefined }) {
  const { t } = useI18n();
  if (item?.points.kind !== 'range') return null;
  const { min, max } = item.points;
  return (
    <Form.Item
      name="points"
      label={t('points.entry.pointsPerUnit', { unit: item.unit })}
      extra={t('points.entry.rangeHint', { min: points2(min), max: points2(max) })}
      rules={[
        { required: true, message: t('form.required') },
        {
          validator: (_r, v: string | undefined) => {
            if (v === undefined || v === '') return Promise.resolve();
            const h = parsePointsText(v);
            if (h === null) return Promise.reject(new Error(t('points.form.pointsFormat')));
            if (h < min || h > max)
              return Promise.reject(
                new Error(t('points.entry.rangeHint', { min: points2(min), max: points2(max) })),
              );
            return Promise.resolve();
          },
        },
      ]}
    >
      <Input inputMode="decimal" autoComplete="off" style={{ maxWidth: 160 }} />
    </Form.Item>
  );
}

export function evidenceRules(item: SchemeItemDto | undefined, t: ReturnType<typeof useI18n>['t']) {
  return item?.evidenceRequired
    ? [
        {
          validator: (_r: unknown, v: EvidenceRef[] | undefined) =>
            v && v.length > 0 ? Promise.resolve() : Promise.reject(new Error(t('points.evidence.required'))),
        },
      ]
    : [];
}

/** A quarter that no longer takes normal entries: corrections go in as adjustments. */
/** The date field of an entry form: required, within the days an entry may carry. */
export function OccurredOnField({ bounds }: { bounds: { min: string; max: string } }) {
  const { t } = useI18n();
  return (
    <Form.Item
      name="occurredOn"
      label={t('points.entry.occurredOn')}
      rules={[{ required: true, message: t('form.required') }]}
    >
      <DateInput min={bounds.min} max={bounds.max} />
    </Form.Item>
  );
}

/** How many times, in the item's unit once an item is chosen. */
export function QuantityField({ item }: { item: SchemeItemDto | undefined }) {
  const { t } = useI18n();
  return (
    <Form.Item
      name="quantity"
      label={item ? t('points.entry.quantityUnit', { unit: item.unit }) : t('points.entry.quantity')}
      rules={[{ required: true, message: t('form.required') }]}
    >
      <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} />
    </Form.Item>
  );
}

/** The entry's note, up to 500 characters. */
export function NoteField({
  label,
  rows = 2,
  placeholder,
}: {
  label?: string;
  rows?: number;
  placeholder?: string;
}) {
  const { t } = useI18n();
  return (
    <Form.Item
      name="note"
      label={label ?? t('points.entry.note')}
      rules={[{ max: 500, message: t('form.maxLength', { max: 500 }) }]}
    >
      <Input.TextArea rows={rows} maxLength={500} placeholder={placeholder} />
    </Form.Item>
  );
}

/** The evidence files, required where the item asks for them. */
export function EvidenceField({
  item,
  orgId,
  extra,
}: {
  item: SchemeItemDto | undefined;
  orgId: ComponentProps<typeof EvidenceUpload>['orgId'];
  extra?: string;
}) {
  const { t } = useI18n();
  return (
    <Form.Item
      name="files"
      label={t('points.entry.evidence')}
      rules={evidenceRules(item, t)}
      required={item?.evidenceRequired === true}
      extra={extra}
    >
      <EvidenceUpload orgId={orgId} />
    </Form.Item>
  );
}

function useQuarterClosed(scheme: SchemeDetail, date: string | null | undefined) {
  if (!date) return false;
  const q = scheme.quarters.find((x) => x.quarter === quarterOfDate(date));
  return q !== undefined && q.state !== 'open';
}

interface EntryValues {
  memberId: number;
  itemCode: string;
  occurredOn: string;
  quantity: number;
  points?: string;
  note?: string;
  files?: EvidenceRef[];
}

/**
 * 单条录入: one entry for one member of the branch. Saved as a draft or submitted for review at
 * once; a date in a closed quarter makes it an adjustment for the committee to approve.
 */
export function SingleEntryForm({ scheme, branchId }: { scheme: SchemeDetail; branchId: number }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<EntryValues>();
  const create = useCreateEntry();
  const { busy, submit } = useSubmit();
  const [banner, setBanner] = useState<unknown>(null);
  const items = scheme.current?.items ?? [];
  const { members, loading, error } = useBranchMembers(branchId);
  const itemCode = Form.useWatch('itemCode', form);
  const occurredOn = Form.useWatch('occurredOn', form);
  const item = items.find((i) => i.code === itemCode);
  const closed = useQuarterClosed(scheme, occurredOn);
  const bounds = entryDateBounds(scheme.year, useToday());

  const save = async (submit: boolean) => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the form marks what is missing
    setBanner(null);
    try {
      const points = item?.points.kind === 'range' ? (parsePointsText(v.points) ?? undefined) : undefined;
      await create.mutateAsync({
        schemeId: scheme.id,
        memberId: v.memberId,
        itemCode: v.itemCode,
        occurredOn: v.occurredOn,
        quantity: v.quantity,
        points,
        note: v.note?.trim() || null,
        fileIds: (v.files ?? []).map((f) => f.id),
        kind: closed ? 'adjustment' : 'normal',
        submit,
      });
      void message.success(submit ? t('points.entry.submitted') : t('points.entry.savedDraft'));
      // Keep the item and date: a secretary usually enters the same thing for several people.
      form.setFieldsValue({ memberId: undefined, note: undefined, files: [], quantity: 1 });
    } catch (e) {
      setBanner(
        placeServerError(
          form,
          e,
          locale,
          ['memberId', 'itemCode', 'occurredOn', 'quantity', 'points', 'note'],
          {
            evidence_required: 'itemCode',
            date_in_future: 'occurredOn',
            date_outside_year: 'occurredOn',
            quarter_closed: 'occurredOn',
            member_not_in_branch: 'memberId',
            unknown_item: 'itemCode',
          },
        ),
      );
    }
  };

  return (
    <Form<EntryValues>
      name="entry"
      form={form}
      layout="vertical"
      initialValues={{ quantity: 1, files: [] }}
      style={{ maxWidth: 720 }}
    >
      <ErrorAlert error={error} />
      <ErrorAlert error={banner} />
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item
            name="memberId"
            label={t('points.entry.member')}
            rules={[{ required: true, message: t('points.entry.pickMember') }]}
          >
            <MemberSelect members={members} loading={loading} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <OccurredOnField bounds={bounds} />
        </Col>
      </Row>
      <Form.Item
        name="itemCode"
        label={t('points.entry.item')}
        rules={[{ required: true, message: t('points.item.pick') }]}
      >
        <ItemSelect items={items} />
      </Form.Item>
      <ItemHint item={item} />
      {closed ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('points.entry.adjustmentHint')}
        />
      ) : null}
      <Row gutter={16}>
        <Col xs={12} md={8}>
          <QuantityField item={item} />
        </Col>
        <Col xs={12} md={16}>
          <RangePointsField item={item} />
        </Col>
      </Row>
      <NoteField />
      <EvidenceField item={item} orgId={branchId} />
      <Space wrap>
        <Button type="primary" loading={busy || create.isPending} onClick={() => submit(() => save(true))}>
          {t('points.entry.submit')}
        </Button>
        <Button loading={busy || create.isPending} onClick={() => submit(() => save(false))}>
          {t('points.entry.saveDraft')}
        </Button>
      </Space>
    </Form>
  );
}

interface ActivityValues {
  title: string;
  kind: string;
  occurredOn: string;
  itemCode: string;
  quantity: number;
  points?: string;
  note?: string;
  memberIds: number[];
  files?: EvidenceRef[];
  submit: boolean;
}

/**
 * 活动录入: one activity (a 主题党日, a 三会一课 meeting, volunteer service) recorded once with
 * its attendees and evidence; it creates every attendee's entry (一次留痕).
 */
export function ActivityForm({ scheme, branchId }: { scheme: SchemeDetail; branchId: number }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ActivityValues>();
  const create = useCreateActivity();
  const { busy, submit } = useSubmit();
  const [banner, setBanner] = useState<unknown>(null);
  const items = scheme.current?.items ?? [];
  const { members, loading, error } = useBranchMembers(branchId);
  const itemCode = Form.useWatch('itemCode', form);
  const chosen = Form.useWatch('memberIds', form) ?? [];
  const item = items.find((i) => i.code === itemCode);
  const bounds = entryDateBounds(scheme.year, useToday());
  const kinds = [
    'points.activity.kind.themeDay',
    'points.activity.kind.meetings',
    'points.activity.kind.volunteer',
    'points.activity.kind.other',
  ] as const;

  const today = useToday();
  const kind = Form.useWatch('kind', form);
  const absent = absentees(members, chosen);
  // Everyone is present until ticked off: a 主题党日 for 28 of 30 is two unticks, not 28 ticks.
  useEffect(() => {
    if (
      members.length > 0 &&
      !form.isFieldTouched('memberIds') &&
      (form.getFieldValue('memberIds') ?? []).length === 0
    )
      form.setFieldValue(
        'memberIds',
        members.map((m) => m.id),
      );
  }, [members, form]);
  // The item the activity type implies (主题党日 → 参加主题党日), until the secretary picks one.
  useEffect(() => {
    if (form.isFieldTouched('itemCode')) return;
    const code = itemForKind(kind ?? '', items);
    if (code) form.setFieldValue('itemCode', code);
  }, [kind, items, form]);

  const save = async () => {
    let v: ActivityValues;
    try {
      v = await form.validateFields();
    } catch {
      return; // the fields show what is wrong
    }
    setBanner(null);
    try {
      const r = await create.mutateAsync({
        schemeId: scheme.id,
        branchId,
        title: v.title.trim(),
        kind: v.kind.trim(),
        occurredOn: v.occurredOn,
        itemCode: v.itemCode,
        quantity: v.quantity,
        points: item?.points.kind === 'range' ? (parsePointsText(v.points) ?? undefined) : undefined,
        note: v.note?.trim() || null,
        memberIds: v.memberIds,
        fileIds: (v.files ?? []).map((f) => f.id),
        submit: v.submit,
      });
      void message.success(t('points.activity.created', { count: r.entryIds.length }));
      form.resetFields();
      form.setFieldValue(
        'memberIds',
        members.map((m) => m.id),
      );
    } catch (e) {
      setBanner(
        placeServerError(
          form,
          e,
          locale,
          ['title', 'kind', 'occurredOn', 'itemCode', 'quantity', 'points', 'memberIds'],
          {
            evidence_required: 'itemCode',
            date_in_future: 'occurredOn',
            date_outside_year: 'occurredOn',
            quarter_closed: 'occurredOn',
            member_not_in_branch: 'memberIds',
          },
        ),
      );
    }
  };

  return (
    <Form<ActivityValues>
      name="activity"
      form={form}
      layout="vertical"
      initialValues={{
        quantity: 1,
        memberIds: [],
        files: [],
        submit: true,
        kind: t(kinds[0]),
        occurredOn: today.startsWith(`${scheme.year}-`) ? today : undefined,
      }}
      style={{ maxWidth: 900 }}
    >
      <ErrorAlert error={error} />
      <ErrorAlert error={banner} />
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item
            name="title"
            label={t('points.activity.title')}
            rules={[
              { required: true, whitespace: true, message: t('form.required') },
              { max: 100, message: t('form.maxLength', { max: 100 }) },
            ]}
          >
            <Input placeholder={t('points.activity.titlePlaceholder')} maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item
            name="kind"
            label={t('points.activity.kind')}
            rules={[
              { required: true, whitespace: true, message: t('form.required') },
              { max: 30, message: t('form.maxLength', { max: 30 }) },
            ]}
          >
            <AutoComplete options={kinds.map((k) => ({ value: t(k) }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <OccurredOnField bounds={bounds} />
        </Col>
      </Row>
      <Form.Item
        name="itemCode"
        label={t('points.entry.item')}
        rules={[{ required: true, message: t('points.item.pick') }]}
      >
        <ItemSelect items={items} />
      </Form.Item>
      <ItemHint item={item} />
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <QuantityField item={item} />
        </Col>
        <Col xs={12} md={18}>
          <RangePointsField item={item} />
        </Col>
      </Row>
      <Form.Item
        name="memberIds"
        label={t('points.activity.attendees')}
        extra={
          absent.length > 0
            ? t('pa.form.absent', {
                n: absent.length,
                names: absent.map((m) => m.name).join(t('common.listSeparator')),
              })
            : t('pa.form.allPresent')
        }
        rules={[
          {
            validator: (_r, v: number[] | undefined) =>
              v && v.length > 0
                ? Promise.resolve()
                : Promise.reject(new Error(t('points.activity.pickAttendees'))),
          },
        ]}
      >
        {loading ? (
          <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
        ) : (
          <MemberChecklist members={members} />
        )}
      </Form.Item>
      <NoteField />
      <EvidenceField item={item} orgId={branchId} extra={t('points.activity.evidenceOnce')} />
      <Form.Item name="submit" valuePropName="checked" label={t('points.activity.submitNow')}>
        <Switch />
      </Form.Item>
      {/* Nobody to record for while the members cannot be read: no "为 0 人录入" under the error. */}
      {error ? null : (
        <Button
          type="primary"
          loading={busy || create.isPending}
          disabled={chosen.length === 0}
          onClick={() => submit(save)}
        >
          {t('points.activity.create', { count: chosen.length })}
        </Button>
      )}
    </Form>
  );
}

interface DeclareValues {
  itemCode: string;
  occurredOn: string;
  quantity: number;
  points?: string;
  note?: string;
  files?: EvidenceRef[];
}

/**
 * 申报: a member declares an entry for themself with evidence; the branch secretary confirms
 * it into the review queue or returns it. Laid out for a phone.
 */
export function DeclareForm({
  schemeId,
  year,
  items,
  branchId,
  onDone,
}: {
  schemeId: number;
  year: number;
  items: readonly SchemeItemDto[];
  branchId: number | null;
  onDone: () => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<DeclareValues>();
  const declare = useDeclare();
  const { busy, submit } = useSubmit();
  const [banner, setBanner] = useState<unknown>(null);
  const itemCode = Form.useWatch('itemCode', form);
  const item = items.find((i) => i.code === itemCode);
  const bounds = entryDateBounds(year, useToday());

  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the form marks what is missing
    setBanner(null);
    try {
      await declare.mutateAsync({
        schemeId,
        itemCode: v.itemCode,
        occurredOn: v.occurredOn,
        quantity: v.quantity,
        points: item?.points.kind === 'range' ? (parsePointsText(v.points) ?? undefined) : undefined,
        note: v.note?.trim() || null,
        fileIds: (v.files ?? []).map((f) => f.id),
      });
      void message.success(t('points.declare.done'));
      form.resetFields();
      onDone();
    } catch (e) {
      setBanner(
        placeServerError(form, e, locale, ['itemCode', 'occurredOn', 'quantity', 'points', 'note'], {
          evidence_required: 'itemCode',
          date_in_future: 'occurredOn',
          date_outside_year: 'occurredOn',
          quarter_closed: 'occurredOn',
        }),
      );
    }
  };

  return (
    <Form<DeclareValues>
      name="declare"
      form={form}
      layout="vertical"
      initialValues={{ quantity: 1, files: [] }}
    >
      <ErrorAlert error={banner} />
      <Form.Item
        name="itemCode"
        label={t('points.entry.item')}
        rules={[{ required: true, message: t('points.item.pick') }]}
      >
        {/* Members declare what they did well; deductions are the branch's to record. */}
        <ItemSelect items={items} filter={(i) => i.direction === 'bonus'} />
      </Form.Item>
      <ItemHint item={item} />
      <OccurredOnField bounds={bounds} />
      <QuantityField item={item} />
      <RangePointsField item={item} />
      <NoteField
        label={t('points.declare.note')}
        rows={3}
        placeholder={t('points.declare.notePlaceholder')}
      />
      <EvidenceField item={item} orgId={branchId} />
      <Button
        type="primary"
        block
        size="large"
        loading={busy || declare.isPending}
        onClick={() => submit(save)}
      >
        {t('points.declare.submit')}
      </Button>
    </Form>
  );
}
