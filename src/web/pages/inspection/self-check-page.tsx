import { Alert, App, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import type { z } from 'zod';
import type { evidenceRecordList, evidenceRef } from '../../../contracts/inspection.js';
import { ErrorAlert, errorText, PageSpinner } from '../../components/feedback.js';
import { useDocumentTitle } from '../../components/page-title.js';
import { useEvidenceRecords, useSaveSelfCheck, useSelfCheck } from '../../features/inspection/api.js';
import { EvidenceFiles } from '../../features/inspection/evidence.js';
import { parsePts, pts } from '../../features/inspection/labels.js';
import { type EvidenceRef, EvidenceUpload } from '../../features/points/components/evidence.js';
import { useI18n } from '../../i18n/index.js';

type RecordRef = z.infer<typeof evidenceRef> & { label: string };
type Draft = Record<number, { self: string; note: string; files: EvidenceRef[]; records: RecordRef[] }>;
type Listed = z.infer<typeof evidenceRecordList>['items'][number];

const recordKey = (r: { type: string; id: number }) => `${r.type}:${r.id}`;

/**
 * Links records the unit's branches already made (activities, approved points entries) to one
 * criterion instead of uploading their evidence again; records linked before stay listed.
 */
function RecordPicker({
  code,
  value,
  listed,
  onChange,
}: {
  code: string;
  value: RecordRef[];
  listed: Listed[];
  onChange: (v: RecordRef[]) => void;
}) {
  const { t } = useI18n();
  const known = new Map<string, RecordRef>(value.map((r) => [recordKey(r), r]));
  for (const r of listed)
    known.set(recordKey(r), { type: r.type, id: r.id, label: `${r.label}（${r.branchName}）` });
  const group = (type: RecordRef['type']) =>
    [...known.entries()].filter(([, r]) => r.type === type).map(([k, r]) => ({ value: k, label: r.label }));
  return (
    <Select
      mode="multiple"
      size="small"
      allowClear
      optionFilterProp="label"
      style={{ minWidth: 220 }}
      placeholder={t('insp.self.records')}
      aria-label={t('insp.self.recordsFor', { code })}
      notFoundContent={t('insp.self.recordsNone')}
      value={value.map(recordKey)}
      onChange={(keys: string[]) => onChange(keys.flatMap((k) => known.get(k) ?? []))}
      options={[
        { label: t('insp.self.recordGroup.activity'), options: group('points_activity') },
        { label: t('insp.self.recordGroup.entry'), options: group('points_entry') },
      ]}
    />
  );
}

/** A unit's self-check: a score (≤ max), a note and evidence per criterion, and the self-report. */
export function SelfCheckPage() {
  const params = useParams();
  const id = Number(params.id);
  const unitId = Number(params.unitId);
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const q = useSelfCheck(id, unitId);
  const records = useEvidenceRecords(id, unitId, q.data?.editable ?? false);
  const save = useSaveSelfCheck(id, unitId);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [report, setReport] = useState<string | null>(null);
  useDocumentTitle(q.data ? t('insp.self.heading', { unit: q.data.unitName }) : t('insp.selfCheck'));
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const v = q.data;
  if (!v) return <PageSpinner />;
  const saved: Draft = Object.fromEntries(
    v.items.map((k) => [
      k.id,
      {
        self: k.self === null ? '' : pts(k.self),
        note: k.note ?? '',
        files: k.evidence.files,
        records: k.evidence.records,
      },
    ]),
  );
  const d = draft ?? saved;
  // Functional update: an upload finishing later must not undo what was typed meanwhile.
  const set = (kid: number, patch: Partial<Draft[number]>) =>
    setDraft((prev) => {
      const base = prev ?? saved;
      return { ...base, [kid]: { ...(base[kid] as Draft[number]), ...patch } };
    });
  const submit = (final: boolean) => {
    const items = v.items
      .filter((k) => d[k.id]?.self !== '')
      .map((k) => {
        const row = d[k.id] as Draft[number];
        return {
          criterionId: k.id,
          self: parsePts(row.self) ?? -1,
          note: row.note,
          fileIds: row.files.map((f) => f.id),
          records: row.records.map((r) => ({ type: r.type, id: r.id })),
        };
      });
    const bad = items.find((i) => i.self < 0);
    if (bad) return void message.error(t('insp.self.score'));
    save.mutate(
      { items, selfReport: report ?? v.selfReport ?? '', submit: final },
      {
        onSuccess: () => {
          setDraft(null);
          void message.success(t('insp.saved'));
        },
        onError: (e) => void message.error(errorText(e, locale, t)),
      },
    );
  };
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('insp.self.heading', { unit: v.unitName })}</Typography.Title>
      <Space wrap>
        {v.due ? <Tag>{t('insp.self.due', { date: v.due })}</Tag> : null}
        {v.submittedAt ? (
          <Tag color="green">{t('insp.self.submitted', { at: v.submittedAt.slice(0, 10) })}</Tag>
        ) : null}
        {v.score !== null ? <Tag color="blue">{t('insp.self.total', { score: pts(v.score) })}</Tag> : null}
      </Space>
      {save.error ? <ErrorAlert error={save.error} /> : null}
      {v.editable && records.data?.truncated ? (
        <Alert type="info" showIcon message={t('insp.self.recordsTruncated')} />
      ) : null}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={v.items}
        columns={[
          { title: t('insp.code'), dataIndex: 'code' },
          {
            title: t('insp.name'),
            dataIndex: 'name',
            render: (n: string, k) => <span title={k.whatToCheck}>{n}</span>,
          },
          { title: t('insp.max'), dataIndex: 'max', render: pts },
          {
            title: t('insp.self.score'),
            key: 'self',
            render: (_: unknown, k) =>
              v.editable ? (
                <Input
                  aria-label={`${t('insp.self.score')} ${k.code}`}
                  value={d[k.id]?.self}
                  style={{ width: 90 }}
                  onChange={(e) => set(k.id, { self: e.target.value })}
                />
              ) : (
                pts(k.self)
              ),
          },
          {
            title: t('insp.self.note'),
            key: 'note',
            render: (_: unknown, k) =>
              v.editable ? (
                <Input
                  aria-label={`${t('insp.self.note')} ${k.code}`}
                  value={d[k.id]?.note}
                  onChange={(e) => set(k.id, { note: e.target.value })}
                />
              ) : (
                k.note
              ),
          },
          {
            title: t('insp.self.evidence'),
            key: 'ev',
            render: (_: unknown, k) => {
              const row = d[k.id] as Draft[number];
              return v.editable ? (
                <Space direction="vertical" size={4}>
                  <RecordPicker
                    code={k.code}
                    value={row.records}
                    listed={records.data?.items ?? []}
                    onChange={(next) => set(k.id, { records: next })}
                  />
                  <EvidenceUpload
                    id={`evidence-${k.code}`}
                    orgId={v.evidenceOrgId}
                    value={row.files}
                    onChange={(files) => set(k.id, { files })}
                  />
                </Space>
              ) : (
                <Space direction="vertical" size={4}>
                  <EvidenceFiles files={k.evidence.files} />
                  <Space wrap size={4}>
                    {k.evidence.records.map((r) => (
                      <Tag key={recordKey(r)}>{r.label}</Tag>
                    ))}
                  </Space>
                </Space>
              );
            },
          },
        ]}
      />
      <Card title={t('insp.self.report')} size="small">
        {v.editable ? (
          <Form layout="vertical">
            <Input.TextArea
              aria-label={t('insp.self.report')}
              rows={6}
              value={report ?? v.selfReport ?? ''}
              onChange={(e) => setReport(e.target.value)}
            />
          </Form>
        ) : (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
            {v.selfReport ?? '—'}
          </Typography.Paragraph>
        )}
      </Card>
      {v.editable ? (
        <Space>
          <Button onClick={() => submit(false)} loading={save.isPending}>
            {t('insp.save')}
          </Button>
          <Button type="primary" onClick={() => submit(true)} loading={save.isPending}>
            {t('insp.self.submit')}
          </Button>
        </Space>
      ) : v.state === 'self_check' && !v.submittedAt ? (
        <Alert type="info" message={t('insp.selfCheck')} />
      ) : null}
    </Space>
  );
}
