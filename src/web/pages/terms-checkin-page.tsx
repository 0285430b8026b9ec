import { App, Button, Card, Checkbox, Drawer, Empty, Form, Grid, Input, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { AssignmentDto } from '../../contracts/terms.js';
import { beijingDate, beijingMinute } from '../../domain/terms/terms.js';
import { useServerDay } from '../app/server-day.js';
import { ErrorAlert, errorText, PageSpinner } from '../components/feedback.js';
import { PageTitle } from '../components/page-title.js';
import { useLinkable } from '../features/branch-eval/round/api.js';
import { type EvidenceRef, EvidenceUpload } from '../features/points/components/evidence.js';
import { useCheckIn, useMyAssignments } from '../features/terms/api.js';
import { StatusTag, shortMinute } from '../features/terms/labels.js';
import { useI18n } from '../i18n/index.js';

/**
 * 节气任务打卡 (phone first): the branch's tasks of the year — those open for check-in on top —
 * and a check-in form with a note and, only where the task asks for it, evidence: an upload or
 * a link to an activity the branch already recorded.
 */
export function TermsCheckinPage() {
  const { t } = useI18n();
  const mine = useMyAssignments();
  const day = useServerDay();
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('task') ?? 0) || null;
  const items = mine.data?.items ?? [];
  const groups = useMemo(() => {
    const now = Date.parse(day.now);
    return {
      now: items.filter((a) => a.canCheckIn),
      upcoming: items.filter((a) => !a.canCheckIn && !a.checkin && Date.parse(a.startsAt) > now),
      past: items.filter((a) => !a.canCheckIn && (a.checkin || Date.parse(a.startsAt) <= now)).reverse(),
    };
  }, [items, day.now]);
  const open = items.find((a) => a.id === openId) ?? null;

  return (
    <>
      <PageTitle>{t('nav.termsCheckin')}</PageTitle>
      <ErrorAlert error={mine.error} onRetry={() => void mine.refetch()} />
      {mine.isPending ? <PageSpinner /> : null}
      {mine.isSuccess && items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('terms.myTasksEmpty')} />
      ) : null}
      {(['now', 'upcoming', 'past'] as const).map((g) =>
        groups[g].length > 0 ? (
          <section key={g} aria-label={t(`terms.section.${g}`)} style={{ marginBottom: 16 }}>
            <Typography.Title level={2} style={{ fontSize: 16 }}>
              {t(`terms.section.${g}`)}
            </Typography.Title>
            <Space orientation="vertical" size={8} style={{ width: '100%' }}>
              {groups[g].map((a) => (
                <TaskCard key={a.id} a={a} onOpen={() => setParams({ task: String(a.id) })} />
              ))}
            </Space>
          </section>
        ) : null,
      )}
      {open ? <CheckinDrawer a={open} onClose={() => setParams({})} /> : null}
    </>
  );
}

function TaskCard({ a, onOpen }: { a: AssignmentDto; onOpen: () => void }) {
  const { t } = useI18n();
  return (
    <Card size="small" aria-label={`${a.termName} · ${a.title}`}>
      <Space wrap size={4} style={{ marginBottom: 4 }}>
        <Tag color="red">{a.termName}</Tag>
        <Typography.Text strong>{a.title}</Typography.Text>
        <StatusTag status={a.status} />
        {a.evidenceRequired ? <Tag color="gold">{t('terms.evidenceRequired')}</Tag> : null}
      </Space>
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {a.orgName} · {t('terms.windowRange', { from: shortMinute(a.startsAt), to: shortMinute(a.endsAt) })}
        </Typography.Text>
      </div>
      {a.checkin ? (
        <Typography.Paragraph style={{ margin: '4px 0 0' }} type="secondary">
          {t('terms.checkedInAt', { by: a.checkin.by, at: beijingMinute(a.checkin.at) })}：{a.checkin.note}
        </Typography.Paragraph>
      ) : null}
      {a.canCheckIn ? (
        <Button type="primary" block style={{ marginTop: 8 }} onClick={onOpen}>
          {t('terms.checkin')}
        </Button>
      ) : null}
    </Card>
  );
}

/** Months (`YYYY-MM`) the window touches up to today: where the branch's records may be linked from. */
function windowMonths(a: AssignmentDto, now: string): string[] {
  const from = beijingDate(a.startsAt).slice(0, 7);
  const to = beijingDate(Date.parse(now) < Date.parse(a.endsAt) ? now : a.endsAt).slice(0, 7);
  return from === to ? [from] : [from, to];
}

function CheckinDrawer({ a, onClose }: { a: AssignmentDto; onClose: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const day = useServerDay();
  const checkIn = useCheckIn(a.id);
  const [note, setNote] = useState('');
  const [files, setFiles] = useState<EvidenceRef[]>([]);
  const [activityIds, setActivityIds] = useState<number[]>([]);
  const months = windowMonths(a, day.now);
  const first = useLinkable(a.orgId, months[0] ?? '', a.canCheckIn);
  const second = useLinkable(a.orgId, months[1] ?? months[0] ?? '', a.canCheckIn && months.length > 1);
  const activities = [
    ...(first.data?.pages[0]?.activities ?? []),
    ...(months.length > 1 ? (second.data?.pages[0]?.activities ?? []) : []),
  ].filter((x) => x.occurredOn >= beijingDate(a.startsAt));
  const evidence = files.length + activityIds.length;
  const late = Date.parse(day.now) >= Date.parse(a.endsAt);
  const ready = note.trim().length > 0 && (!a.evidenceRequired || evidence > 0);

  return (
    <Drawer
      open
      onClose={onClose}
      size={screens.md ? 520 : '100%'}
      title={t('terms.checkinTitle', { term: a.termName, title: a.title })}
    >
      {a.description ? <Typography.Paragraph type="secondary">{a.description}</Typography.Paragraph> : null}
      {late ? (
        <Typography.Paragraph type="warning">
          {t('terms.checkinLateHint', { until: beijingMinute(a.lateUntil) })}
        </Typography.Paragraph>
      ) : null}
      <Form layout="vertical">
        <Form.Item label={t('terms.checkinNote')} required htmlFor="terms-note">
          <Input.TextArea
            id="terms-note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={2000}
            placeholder={t('terms.checkinNotePlaceholder')}
          />
        </Form.Item>
        <Form.Item
          label={t('terms.checkinEvidence')}
          required={a.evidenceRequired}
          extra={a.evidenceRequired ? t('terms.checkinEvidenceRequired') : t('terms.checkinEvidenceOptional')}
        >
          <EvidenceUpload orgId={a.orgId} value={files} onChange={setFiles} />
        </Form.Item>
        <Form.Item label={t('terms.checkinLink')}>
          {activities.length === 0 ? (
            <Typography.Text type="secondary">{t('terms.checkinLinkEmpty')}</Typography.Text>
          ) : (
            <Checkbox.Group
              value={activityIds}
              onChange={(v) => setActivityIds(v as number[])}
              style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
              options={activities.map((x) => ({ value: x.id, label: `${x.occurredOn} ${x.title}` }))}
            />
          )}
        </Form.Item>
        <Button
          type="primary"
          block
          size="large"
          disabled={!ready}
          loading={checkIn.isPending}
          onClick={() =>
            checkIn.mutate(
              { note, fileIds: files.map((f) => f.id), activityIds },
              {
                onSuccess: () => {
                  void message.success(t('terms.checkinDone'));
                  onClose();
                },
                onError: (e) => void message.error(errorText(e, locale, t)),
              },
            )
          }
        >
          {t('terms.checkinSubmit')}
        </Button>
      </Form>
    </Drawer>
  );
}
