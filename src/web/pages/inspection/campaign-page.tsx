import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useParams } from 'react-router';
import type { CampaignDetail } from '../../../contracts/inspection.js';
import { componentKeys } from '../../../domain/inspection/index.js';
import { ButtonLink } from '../../components/button-link.js';
import { ErrorAlert, errorText, PageSpinner } from '../../components/feedback.js';
import { useDocumentTitle } from '../../components/page-title.js';
import {
  downloadCriteria,
  useCampaign,
  useCandidates,
  useImportCriteria,
  useSaveWeights,
  useSetCriteria,
  useSetInspectors,
  useSetUnits,
  useTransition,
  useUpdateCampaign,
} from '../../features/inspection/api.js';
import {
  actionKey,
  componentKey,
  parsePts,
  pts,
  stateColor,
  stateKey,
} from '../../features/inspection/labels.js';
import { useI18n } from '../../i18n/index.js';

function Setup({ c }: { c: CampaignDetail }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const update = useUpdateCampaign(c.id);
  const team = useSetInspectors(c.id);
  const weights = useSaveWeights(c.id);
  const candidates = useCandidates(c.id, c.can.manage);
  const fail = (e: unknown) => void message.error(errorText(e, locale, t));
  const ok = () => void message.success(t('insp.saved'));
  return (
    <>
      <Card title={t('insp.timetable')} size="small">
        <Form
          layout="inline"
          initialValues={c.timetable}
          onFinish={(v: CampaignDetail['timetable']) =>
            update.mutate(
              {
                timetable: Object.fromEntries(
                  Object.entries(v).map(([k, d]) => [k, d ? String(d) : null]),
                ) as CampaignDetail['timetable'],
              },
              { onSuccess: ok, onError: fail },
            )
          }
        >
          {(['selfCheckDue', 'onsiteFrom', 'onsiteTo', 'publishOn'] as const).map((k) => (
            <Form.Item key={k} name={k} label={t(`insp.${k}`)}>
              <Input type="date" style={{ width: 160 }} />
            </Form.Item>
          ))}
          <Button htmlType="submit" loading={update.isPending}>
            {t('insp.save')}
          </Button>
        </Form>
        {c.calendarUncertain ? <Alert type="warning" showIcon message={t('insp.calendarUncertain')} /> : null}
      </Card>
      <Card title={t('insp.team')} size="small">
        <Form
          layout="inline"
          initialValues={{ userIds: c.inspectors.map((i) => i.userId) }}
          onFinish={(v: { userIds: number[] }) => team.mutate(v.userIds, { onSuccess: ok, onError: fail })}
        >
          <Form.Item name="userIds" label={t('insp.team')} style={{ minWidth: 280, flex: 1 }}>
            <Select
              mode="multiple"
              optionFilterProp="label"
              aria-label={t('insp.team')}
              options={(candidates.data?.items ?? c.inspectors).map((u) => ({
                value: u.userId,
                label: u.name,
              }))}
            />
          </Form.Item>
          <Button htmlType="submit" loading={team.isPending}>
            {t('insp.save')}
          </Button>
        </Form>
      </Card>
      <Card
        title={`${t('insp.weights')} · ${t('insp.weightVersion', { v: c.weights.version })}`}
        size="small"
      >
        <Form
          layout="inline"
          initialValues={c.weights.weights}
          onFinish={(w: CampaignDetail['weights']['weights']) =>
            weights.mutate(
              { weights: w, expectedVersion: c.weights.version },
              { onSuccess: ok, onError: fail },
            )
          }
        >
          {componentKeys.map((k) => (
            <Form.Item key={k} name={k} label={t(componentKey(k))}>
              <InputNumber min={0} max={100} style={{ width: 72 }} />
            </Form.Item>
          ))}
          <Button htmlType="submit" loading={weights.isPending} disabled={c.state === 'published'}>
            {t('insp.save')}
          </Button>
        </Form>
      </Card>
    </>
  );
}

/** The target units, editable while the campaign is a draft (the server refuses it later). */
function Units({ c }: { c: CampaignDetail }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const save = useSetUnits(c.id);
  const current = c.unitList.map((u) => u.orgId);
  // Units picked before that are no longer offered (closed since) still show by name.
  const offered = [
    ...c.unitCandidates,
    ...c.unitList.filter((u) => !c.unitCandidates.some((x) => x.orgId === u.orgId)),
  ];
  return (
    <Card title={t('insp.units')} size="small">
      <Typography.Paragraph type="secondary">{t('insp.unitsHint')}</Typography.Paragraph>
      <Form
        layout="inline"
        key={current.join()}
        initialValues={{ orgIds: current }}
        onFinish={(v: { orgIds: number[] }) =>
          save.mutate(v.orgIds, {
            onSuccess: () => void message.success(t('insp.saved')),
            onError: (e) => void message.error(errorText(e, locale, t)),
          })
        }
      >
        <Form.Item name="orgIds" rules={[{ required: true }]} style={{ minWidth: 320, flex: 1 }}>
          <Select
            mode="multiple"
            optionFilterProp="label"
            aria-label={t('insp.units')}
            options={offered.map((u) => ({ value: u.orgId, label: `${u.name}（${u.code}）` }))}
          />
        </Form.Item>
        <Button htmlType="submit" loading={save.isPending}>
          {t('insp.save')}
        </Button>
      </Form>
    </Card>
  );
}

function Criteria({ c }: { c: CampaignDetail }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const save = useSetCriteria(c.id);
  const imp = useImportCriteria(c.id);
  const editable = c.can.manage && (c.state === 'draft' || c.state === 'self_check');
  const fail = (e: unknown) => void message.error(errorText(e, locale, t));
  type Row = { code: string; name: string; max: string; whatToCheck: string };
  return (
    <Card
      title={`${t('insp.criteria')} · ${t('insp.criteriaTotal', { total: pts(c.criteriaTotal) })}`}
      size="small"
      extra={
        <Space wrap>
          <Button icon={<DownloadOutlined />} onClick={() => void downloadCriteria(c.id)}>
            {t('insp.export')}
          </Button>
          {editable ? (
            <Upload
              accept=".xlsx"
              showUploadList={false}
              beforeUpload={(file) => {
                imp.mutate(
                  { file, commit: true },
                  {
                    onSuccess: (r) => void message.success(t('insp.importDone', { n: r.imported })),
                    onError: fail,
                  },
                );
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={imp.isPending}>
                {t('insp.import')}
              </Button>
            </Upload>
          ) : null}
        </Space>
      }
    >
      {editable ? (
        <Form
          key={c.criteria.map((k) => `${k.code}${k.max}`).join()}
          initialValues={{ rows: c.criteria.map((k) => ({ ...k, max: pts(k.max) })) }}
          onFinish={(v: { rows: Row[] }) =>
            save.mutate(
              {
                criteria: v.rows.map((r) => ({
                  code: r.code,
                  name: r.name,
                  max: parsePts(r.max) ?? 0,
                  whatToCheck: r.whatToCheck ?? '',
                })),
              },
              { onSuccess: () => void message.success(t('insp.saved')), onError: fail },
            )
          }
        >
          <Form.List name="rows">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} wrap align="start">
                    <Form.Item name={[f.name, 'code']} rules={[{ required: true }]}>
                      <Input placeholder={t('insp.code')} aria-label={t('insp.code')} style={{ width: 80 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true }]}>
                      <Input
                        placeholder={t('insp.name')}
                        aria-label={t('insp.name')}
                        style={{ width: 180 }}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'max']} rules={[{ required: true }]}>
                      <Input placeholder={t('insp.max')} aria-label={t('insp.max')} style={{ width: 80 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'whatToCheck']}>
                      <Input
                        placeholder={t('insp.whatToCheck')}
                        aria-label={t('insp.whatToCheck')}
                        style={{ width: 260 }}
                      />
                    </Form.Item>
                    <Button onClick={() => remove(f.name)}>−</Button>
                  </Space>
                ))}
                <Space>
                  <Button onClick={() => add({ code: '', name: '', max: '', whatToCheck: '' })}>
                    {t('insp.addCriterion')}
                  </Button>
                  <Button type="primary" htmlType="submit" loading={save.isPending}>
                    {t('insp.save')}
                  </Button>
                </Space>
              </>
            )}
          </Form.List>
        </Form>
      ) : (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={c.criteria}
          columns={[
            { title: t('insp.code'), dataIndex: 'code' },
            { title: t('insp.name'), dataIndex: 'name' },
            { title: t('insp.max'), dataIndex: 'max', render: pts },
            { title: t('insp.whatToCheck'), dataIndex: 'whatToCheck' },
          ]}
        />
      )}
    </Card>
  );
}

/** One campaign: its stage and steps, units with their progress, and (for affairs) its set-up. */
export function CampaignPage() {
  const id = Number(useParams().id);
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const q = useCampaign(id);
  const step = useTransition(id);
  useDocumentTitle(q.data?.title ?? t('insp.title'));
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  if (!c) return <PageSpinner />;
  const canSeeUnit = c.can.manage || c.can.review || c.can.score;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>
        {c.title} <Tag color={stateColor[c.state]}>{t(stateKey(c.state))}</Tag>
      </Typography.Title>
      <Space wrap>
        {c.allowedActions.map((a) => (
          <Popconfirm
            key={a}
            title={t(actionKey(a))}
            onConfirm={() => step.mutate(a, { onError: (e) => void message.error(errorText(e, locale, t)) })}
          >
            <Button type={a === 'return' ? 'default' : 'primary'} loading={step.isPending}>
              {t(actionKey(a))}
            </Button>
          </Popconfirm>
        ))}
        {c.can.readResults ? (
          <ButtonLink to={`/inspection/${c.id}/results`}>{t('insp.results')}</ButtonLink>
        ) : null}
      </Space>
      <nav aria-label={t('insp.title')}>
        <Space wrap>
          {c.can.ballots ? (
            <ButtonLink to={`/inspection/${c.id}/ballots`}>{t('insp.link.ballots')}</ButtonLink>
          ) : null}
          {c.can.manage && c.state !== 'published' ? (
            <ButtonLink to={`/inspection/${c.id}/ballots/pack`}>{t('insp.link.pack')}</ButtonLink>
          ) : null}
          {c.can.ledger ? (
            <ButtonLink to={`/inspection/${c.id}/ledger`}>{t('insp.link.ledger')}</ButtonLink>
          ) : null}
          {c.can.manage ? (
            <ButtonLink to={`/inspection/${c.id}/ledger/seed`}>{t('insp.link.seed')}</ButtonLink>
          ) : null}
          <ButtonLink to={`/redraw?campaign=${c.id}`}>{t('insp.link.redraw')}</ButtonLink>
          <ButtonLink to={`/ballot/counted?campaign=${c.id}`}>{t('insp.link.counted')}</ButtonLink>
          {canSeeUnit || c.can.selfCheckUnits.length > 0 ? (
            <ButtonLink to="/inspection/rectifications">{t('insp.link.rectifications')}</ButtonLink>
          ) : null}
        </Space>
      </nav>
      {step.error ? <ErrorAlert error={step.error} /> : null}
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }}>
        <Descriptions.Item label={t('insp.committee')}>{c.orgName}</Descriptions.Item>
        <Descriptions.Item label={t('insp.selfCheckDue')}>
          {c.timetable.selfCheckDue ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('insp.onsiteFrom')}>{c.timetable.onsiteFrom ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('insp.publishOn')}>{c.timetable.publishOn ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('insp.team')}>
          {c.inspectors.map((i) => i.name).join('、') || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('insp.weights')}>
          {componentKeys.map((k) => `${t(componentKey(k))} ${c.weights.weights[k]}`).join(' · ')}
        </Descriptions.Item>
      </Descriptions>
      {c.lastYearRectifications.open + c.lastYearRectifications.closed > 0 ? (
        <Alert type="info" showIcon message={t('insp.lastYear', c.lastYearRectifications)} />
      ) : null}
      <Table
        rowKey="orgId"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={c.unitList}
        columns={[
          {
            title: t('insp.unit'),
            dataIndex: 'name',
            render: (n: string, u) => (
              <>
                {n} {u.mine ? <Tag>{t('insp.mine')}</Tag> : null}
              </>
            ),
          },
          {
            title: t('insp.state'),
            key: 'progress',
            render: (_: unknown, u) => (
              <Space wrap size={4}>
                {u.selfSubmitted ? <Tag color="blue">{t('insp.selfSubmitted')}</Tag> : null}
                <Tag>{t('insp.hearingCount', { n: u.hearingScores })}</Tag>
                <Tag>{t('insp.findingCount', { n: u.findings })}</Tag>
                {u.reviewDone ? <Tag color="green">{t('insp.reviewDone')}</Tag> : null}
              </Space>
            ),
          },
          {
            title: '',
            key: 'links',
            render: (_: unknown, u) => (
              <Space wrap>
                {c.can.selfCheckUnits.includes(u.orgId) || canSeeUnit ? (
                  <ButtonLink
                    size="small"
                    to={`/inspection/${c.id}/self-check/${u.orgId}`}
                    aria-label={`${t('insp.selfCheck')} ${u.name}`}
                  >
                    {t('insp.selfCheck')}
                  </ButtonLink>
                ) : null}
                {canSeeUnit && c.state !== 'draft' && c.state !== 'self_check' ? (
                  <ButtonLink
                    size="small"
                    to={`/inspection/${c.id}/units/${u.orgId}`}
                    aria-label={`${t('insp.inspect')} ${u.name}`}
                  >
                    {t('insp.inspect')}
                  </ButtonLink>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {c.can.manage && c.state === 'draft' ? <Units c={c} /> : null}
      {c.can.manage ? <Setup c={c} /> : null}
      <Criteria c={c} />
    </Space>
  );
}
