import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { ErrorAlert, errorText, PageSpinner } from '../../components/feedback.js';
import { useDocumentTitle } from '../../components/page-title.js';
import { uploadEvidence } from '../../features/files/api.js';
import { useSaveSelfCheck, useSelfCheck } from '../../features/inspection/api.js';
import { parsePts, pts } from '../../features/inspection/labels.js';
import { useI18n } from '../../i18n/index.js';

type Draft = Record<
  number,
  { self: string; note: string; fileIds: number[]; files: { id: number; name: string }[] }
>;

/** A unit's self-check: a score (≤ max), a note and evidence per criterion, and the self-report. */
export function SelfCheckPage() {
  const params = useParams();
  const id = Number(params.id);
  const unitId = Number(params.unitId);
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const q = useSelfCheck(id, unitId);
  const save = useSaveSelfCheck(id, unitId);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [report, setReport] = useState<string | null>(null);
  useDocumentTitle(q.data ? t('insp.self.heading', { unit: q.data.unitName }) : t('insp.selfCheck'));
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const v = q.data;
  if (!v) return <PageSpinner />;
  const d: Draft =
    draft ??
    Object.fromEntries(
      v.items.map((k) => [
        k.id,
        {
          self: k.self === null ? '' : pts(k.self),
          note: k.note ?? '',
          fileIds: k.evidence.files.map((f) => f.id),
          files: k.evidence.files,
        },
      ]),
    );
  const set = (kid: number, patch: Partial<Draft[number]>) =>
    setDraft({ ...d, [kid]: { ...(d[kid] as Draft[number]), ...patch } });
  const submit = (final: boolean) => {
    const items = v.items
      .filter((k) => d[k.id]?.self !== '')
      .map((k) => {
        const row = d[k.id] as Draft[number];
        return {
          criterionId: k.id,
          self: parsePts(row.self) ?? -1,
          note: row.note,
          fileIds: row.fileIds,
          records: [],
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
            render: (_: unknown, k) => (
              <Space wrap size={4}>
                {(d[k.id]?.files ?? []).map((f) => (
                  <Tag key={f.id}>{f.name}</Tag>
                ))}
                {k.evidence.records.map((r) => (
                  <Tag key={`${r.type}${r.id}`}>{r.label}</Tag>
                ))}
                {v.editable ? (
                  <Upload
                    showUploadList={false}
                    beforeUpload={(file) => {
                      uploadEvidence(unitId, file).then(
                        (info) => {
                          const row = d[k.id] as Draft[number];
                          set(k.id, {
                            fileIds: [...row.fileIds, info.id],
                            files: [...row.files, { id: info.id, name: info.name }],
                          });
                        },
                        (e: unknown) => void message.error(errorText(e, locale, t)),
                      );
                      return false;
                    }}
                  >
                    <Button size="small" icon={<UploadOutlined />}>
                      {t('insp.self.upload')}
                    </Button>
                  </Upload>
                ) : null}
              </Space>
            ),
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
