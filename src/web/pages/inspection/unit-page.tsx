import {
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useParams } from 'react-router';
import { ErrorAlert, errorText, PageSpinner } from '../../components/feedback.js';
import { useDocumentTitle } from '../../components/page-title.js';
import {
  useAddFinding,
  useCreateRectification,
  useDeleteFinding,
  useReviewDone,
  useSaveHearing,
  useUnitInspection,
} from '../../features/inspection/api.js';
import { EvidenceFiles } from '../../features/inspection/evidence.js';
import { parsePts, pts } from '../../features/inspection/labels.js';
import { type EvidenceRef, EvidenceUpload } from '../../features/points/components/evidence.js';
import { useI18n } from '../../i18n/index.js';

/** A unit on site: the inspector's hearing score, document-review findings and their rectification. */
export function UnitInspectionPage() {
  const params = useParams();
  const id = Number(params.id);
  const unitId = Number(params.unitId);
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const q = useUnitInspection(id, unitId);
  const hearing = useSaveHearing(id, unitId);
  const add = useAddFinding(id, unitId);
  const del = useDeleteFinding();
  const done = useReviewDone(id, unitId);
  const rect = useCreateRectification();
  const [findingForm] = Form.useForm();
  useDocumentTitle(q.data ? t('insp.unit.heading', { unit: q.data.unitName }) : t('insp.inspect'));
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const v = q.data;
  if (!v) return <PageSpinner />;
  const fail = (e: unknown) => void message.error(errorText(e, locale, t));
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('insp.unit.heading', { unit: v.unitName })}</Typography.Title>
      {v.selfReport ? (
        <Card size="small" title={t('insp.self.report')}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 4, expandable: true }}>
            {v.selfReport}
          </Typography.Paragraph>
        </Card>
      ) : null}
      <Card size="small" title={t('insp.hearing')}>
        {v.editable ? (
          <Form
            name="hearing"
            layout="inline"
            key={v.myHearing?.score ?? 'none'}
            initialValues={{
              score: v.myHearing ? v.myHearing.score / 100 : undefined,
              note: v.myHearing?.note ?? '',
            }}
            onFinish={(x: { score: number; note: string }) =>
              hearing.mutate(
                { score: Math.round(x.score * 100), note: x.note },
                { onSuccess: () => void message.success(t('insp.saved')), onError: fail },
              )
            }
          >
            <Form.Item name="score" label={t('insp.hearing.mine')} rules={[{ required: true }]}>
              <InputNumber min={0} max={100} step={0.5} aria-label={t('insp.hearing.mine')} />
            </Form.Item>
            <Form.Item name="note" label={t('insp.self.note')}>
              <Input style={{ width: 240 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={hearing.isPending}>
              {t('insp.save')}
            </Button>
          </Form>
        ) : (
          <Typography.Text>{v.myHearing ? pts(v.myHearing.score) : '—'}</Typography.Text>
        )}
        {v.hearingScores.length > 0 ? (
          <Typography.Paragraph type="secondary">
            {v.hearingScores.map((h) => `${h.inspector} ${pts(h.score)}`).join(' · ')}
          </Typography.Paragraph>
        ) : null}
      </Card>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={v.criteria}
        columns={[
          { title: t('insp.code'), dataIndex: 'code' },
          { title: t('insp.name'), dataIndex: 'name' },
          { title: t('insp.max'), dataIndex: 'max', render: pts },
          { title: t('insp.self.score'), dataIndex: 'self', render: pts },
          { title: t('insp.finding.deduction'), dataIndex: 'deducted', render: pts },
          { title: t('insp.afterFindings'), dataIndex: 'score', render: pts },
        ]}
      />
      <Card size="small" title={t('insp.findings')}>
        {v.editable ? (
          <Form
            name="finding"
            form={findingForm}
            layout="inline"
            onFinish={(x: { criterionId: number; deduction: string; note: string; files?: EvidenceRef[] }) =>
              add.mutate(
                {
                  criterionId: x.criterionId,
                  deduction: parsePts(x.deduction) ?? 0,
                  note: x.note,
                  fileIds: (x.files ?? []).map((f) => f.id),
                },
                {
                  onSuccess: () => {
                    findingForm.resetFields();
                    void message.success(t('insp.saved'));
                  },
                  onError: fail,
                },
              )
            }
          >
            <Form.Item name="criterionId" label={t('insp.finding.criterion')} rules={[{ required: true }]}>
              <Select
                style={{ width: 180 }}
                aria-label={t('insp.finding.criterion')}
                options={v.criteria.map((k) => ({ value: k.id, label: `${k.code} ${k.name}` }))}
              />
            </Form.Item>
            <Form.Item name="deduction" label={t('insp.finding.deduction')} rules={[{ required: true }]}>
              <Input style={{ width: 80 }} />
            </Form.Item>
            <Form.Item name="note" label={t('insp.finding.note')} rules={[{ required: true }]}>
              <Input style={{ width: 240 }} />
            </Form.Item>
            <Form.Item name="files" label={t('insp.finding.evidence')}>
              <EvidenceUpload id="finding-evidence" orgId={v.evidenceOrgId} />
            </Form.Item>
            <Button htmlType="submit" loading={add.isPending}>
              {t('insp.finding.add')}
            </Button>
          </Form>
        ) : null}
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={v.findings}
          columns={[
            { title: t('insp.code'), dataIndex: 'criterionCode' },
            { title: t('insp.finding.deduction'), dataIndex: 'deduction', render: pts },
            { title: t('insp.finding.note'), dataIndex: 'note' },
            {
              title: t('insp.finding.evidence'),
              key: 'evidence',
              render: (_: unknown, f) => <EvidenceFiles files={f.evidence.files} />,
            },
            { title: '', dataIndex: 'by' },
            {
              title: '',
              key: 'act',
              render: (_: unknown, f) =>
                f.rectificationId ? (
                  <Tag color="blue">{t('insp.finding.rectified')}</Tag>
                ) : (
                  <Space>
                    <Popconfirm
                      title={t('insp.finding.rectify')}
                      description={
                        <Form
                          id={`rect-${f.id}`}
                          layout="vertical"
                          onFinish={(x: { ownerUserId: number; title: string; workingDays: number }) =>
                            rect.mutate({ findingId: f.id, body: x }, { onError: fail })
                          }
                          initialValues={{ title: f.note, workingDays: 20 }}
                        >
                          <Form.Item name="title" label={t('insp.rect.item')} rules={[{ required: true }]}>
                            <Input />
                          </Form.Item>
                          <Form.Item
                            name="ownerUserId"
                            label={t('insp.rect.owner')}
                            rules={[{ required: true }]}
                          >
                            <Select
                              style={{ minWidth: 200 }}
                              aria-label={t('insp.rect.owner')}
                              options={v.owners.map((o) => ({ value: o.userId, label: o.name }))}
                            />
                          </Form.Item>
                          <Form.Item name="workingDays" label={t('insp.rect.workingDays')}>
                            <InputNumber min={1} max={250} />
                          </Form.Item>
                        </Form>
                      }
                      okButtonProps={{ htmlType: 'submit', form: `rect-${f.id}` }}
                    >
                      <Button size="small">{t('insp.finding.rectify')}</Button>
                    </Popconfirm>
                    {v.editable ? (
                      <Button size="small" danger onClick={() => del.mutate(f.id, { onError: fail })}>
                        {t('insp.finding.delete')}
                      </Button>
                    ) : null}
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      {v.editable ? (
        <Button
          type={v.reviewDone ? 'default' : 'primary'}
          disabled={v.reviewDone}
          loading={done.isPending}
          onClick={() => done.mutate(undefined, { onError: fail })}
        >
          {v.reviewDone ? t('insp.reviewDone') : t('insp.reviewDoneButton')}
        </Button>
      ) : null}
    </Space>
  );
}
