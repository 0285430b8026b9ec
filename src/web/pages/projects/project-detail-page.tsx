import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { EndpointOutput } from '../../../contracts/endpoint.js';
import type { ProjectDetail } from '../../../contracts/projects.js';
import type { ProjectAction } from '../../../domain/projects/lifecycle.js';
import { actionLabels, stateLabels } from '../../../domain/projects/lifecycle.js';
import { call } from '../../api/call.js';
import { projectsApi } from '../../api/endpoints.js';
import { useToday } from '../../app/server-day.js';
import { ErrorAlert, errorText, PageSpinner } from '../../components/feedback.js';
import { PageTitle } from '../../components/page-title.js';
import {
  useAct,
  useComment,
  useDecideChange,
  usePanelCandidates,
  useProject,
  useReport,
  useRequestChange,
  useScore,
  useSetPanel,
  useUpdateProject,
} from '../../features/projects/api.js';
import { GradeTag, points, StateTag } from '../../features/projects/labels.js';
import { TeamPicker } from '../../features/projects/team-picker.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';

type Milestone = ProjectDetail['milestones'][number];

/**
 * One project: its content, milestones with reports and change requests, the timeline of
 * decisions, reports and comments, the panel, and the buttons the domain allows this user.
 * Prints as an A4 project file.
 */
export function ProjectDetailPage() {
  const id = Number(useParams().id);
  const { t, locale } = useI18n();
  const q = useProject(id);
  const today = useToday();
  const [report, setReport] = useState<Milestone | null>(null);
  const [change, setChange] = useState<Milestone | null>(null);
  const [action, setAction] = useState<ProjectAction | null>(null);
  const [editing, setEditing] = useState(false);
  if (q.isLoading) return <PageSpinner />;
  if (q.error || !q.data) return <ErrorAlert error={q.error} />;
  const p = q.data;
  const side = locale === 'en' ? 'en' : 'zh';
  const owner = p.actors.includes('owner');
  const committee = p.actors.includes('committee');
  const reporting = owner && (p.state === 'approved' || p.state === 'implementing');
  return (
    <div className="project-file">
      {/* The printed project file: A4, without the app's menu, header and buttons. */}
      <style>{`.print-only{display:none}
@media print{@page{size:A4;margin:15mm}.no-print,.ant-layout-sider,.ant-layout-header,.ant-menu{display:none!important}
.print-only{display:inline}.project-file .ant-card{break-inside:avoid;border:none}}`}</style>
      <PageTitle>{p.title}</PageTitle>
      <Space wrap style={{ marginBottom: 12 }} className="no-print">
        <StateTag state={p.state} />
        {p.grade ? (
          <>
            <GradeTag grade={p.grade} /> {points(p.score)}
          </>
        ) : null}
        {p.actions
          .filter((a) => a.allowed)
          .map((a) => (
            <Button
              key={a.action}
              type={a.action === 'reject' || a.action === 'cancel' ? 'default' : 'primary'}
              danger={a.action === 'reject' || a.action === 'cancel'}
              onClick={() => setAction(a.action)}
            >
              {a.label[side]}
            </Button>
          ))}
        {p.canEdit ? <Button onClick={() => setEditing(true)}>{t('pj.edit')}</Button> : null}
        <Button onClick={() => window.print()}>{t('pj.print')}</Button>
      </Space>
      {p.actions.some((a) => !a.allowed && a.whyNot) && !p.actions.some((a) => a.allowed) ? (
        <Typography.Paragraph type="secondary" className="no-print">
          {p.actions.find((a) => a.whyNot)?.whyNot?.[side]}
        </Typography.Paragraph>
      ) : null}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('pj.org')}>{p.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('pj.year')}>{p.year}</Descriptions.Item>
          <Descriptions.Item label={t('pj.origin')}>{t(`pj.origin.${p.origin}`)}</Descriptions.Item>
          <Descriptions.Item label={t('pj.tags')}>
            {p.tags.map((x) => (
              <Tag key={x}>{x}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('pj.team')}>
            {p.team.map((m) => m.name).join('、') || '—'}
          </Descriptions.Item>
          {p.source ? (
            <Descriptions.Item label={t('pj.source', { title: '' })}>
              <Link to={`/projects/${p.source.id}`}>{p.source.title}</Link>
            </Descriptions.Item>
          ) : null}
          {p.adoptions.length > 0 ? (
            <Descriptions.Item label={t('pj.adoptions', { count: p.adoptions.length })}>
              {p.adoptions.map((a) => (
                <div key={a.id}>
                  <Link to={`/projects/${a.id}`}>{a.orgName}</Link> <GradeTag grade={a.grade} />
                </div>
              ))}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        {(
          [
            ['pj.requirements', p.requirements],
            ['pj.objectives', p.objectives],
            ['pj.measures', p.measures],
            ['pj.expected', p.expectedResults],
            ['pj.summary', p.summary],
          ] as const
        )
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <div key={k}>
              <Typography.Title level={5}>{t(k)}</Typography.Title>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{v}</Typography.Paragraph>
            </div>
          ))}
      </Card>
      <Card size="small" title={t('pj.milestones')} style={{ marginBottom: 12 }}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 600 }}
          dataSource={p.milestones}
          columns={[
            { title: t('pj.milestone'), dataIndex: 'name' },
            { title: t('pj.deliverable'), dataIndex: 'deliverable' },
            {
              title: t('pj.due'),
              render: (_, m) => (
                <>
                  {m.currentDue}
                  {m.baselineDue !== m.currentDue ? (
                    <Typography.Text type="secondary">
                      {' '}
                      ({t('pj.baseline')} {m.baselineDue})
                    </Typography.Text>
                  ) : null}
                </>
              ),
            },
            { title: t('pj.state'), render: (_, m) => <PhaseTag m={m} /> },
            {
              title: '',
              className: 'no-print',
              render: (_, m) => (
                <Space wrap>
                  {reporting ? (
                    <Button
                      size="small"
                      type={m.reportedOn ? 'default' : 'primary'}
                      onClick={() => setReport(m)}
                    >
                      {t('pj.report')}
                    </Button>
                  ) : null}
                  {reporting && !m.reportedOn && !m.changes.some((c) => c.state === 'pending') ? (
                    <Button size="small" onClick={() => setChange(m)}>
                      {t('pj.changeDue')}
                    </Button>
                  ) : null}
                  {m.changes
                    .filter((c) => c.state === 'pending')
                    .map((c) => (
                      <ChangeDecision key={c.id} projectId={p.id} change={c} committee={committee} />
                    ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <PanelCard p={p} />
      <Card size="small" title={t('pj.timeline')} style={{ marginBottom: 12 }}>
        <ProjectTimeline p={p} />
      </Card>
      {action ? <ActionDialog p={p} action={action} onClose={() => setAction(null)} /> : null}
      {report ? <ReportDialog p={p} m={report} onClose={() => setReport(null)} /> : null}
      {change ? <ChangeDialog p={p} m={change} onClose={() => setChange(null)} /> : null}
      {editing ? <EditDialog p={p} onClose={() => setEditing(false)} /> : null}
      <Typography.Text type="secondary" className="print-only">
        {stateLabels[p.state][side]} · {today}
      </Typography.Text>
    </div>
  );
}

function PhaseTag({ m }: { m: Milestone }) {
  const { t } = useI18n();
  const color = { reported: 'green', open: 'default', due_soon: 'gold', overdue: 'red' }[m.phase];
  return (
    <Space size={4} wrap>
      <Tag color={color}>{t(`pj.phase.${m.phase}`, { days: m.overdueWorkingDays })}</Tag>
      {m.onTime === false ? (
        <Tag color="orange">{t('pj.late')}</Tag>
      ) : m.onTime ? (
        <Tag color="green">{t('pj.onTime')}</Tag>
      ) : null}
      {m.escalation !== 'none' ? <Tag color="volcano">{t(`pj.escalation.${m.escalation}`)}</Tag> : null}
    </Space>
  );
}

function ChangeDecision({
  projectId,
  change,
  committee,
}: {
  projectId: number;
  change: Milestone['changes'][number];
  committee: boolean;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const decide = useDecideChange();
  const go = (decision: 'approve' | 'reject') =>
    decide
      .mutateAsync({
        id: projectId,
        changeId: change.id,
        decision,
        ...(decision === 'reject' ? { note: change.reason } : {}),
      })
      .catch((e: unknown) => void message.error(errorText(e, locale, t)));
  return (
    <Space size={4} wrap>
      <Tag color="blue">{t('pj.pendingChange', { date: change.newDue })}</Tag>
      {committee ? (
        <>
          <Button size="small" type="primary" onClick={() => void go('approve')}>
            {t('pj.approveChange')}
          </Button>
          <Button size="small" danger onClick={() => void go('reject')}>
            {t('pj.rejectChange')}
          </Button>
        </>
      ) : null}
    </Space>
  );
}

function ProjectTimeline({ p }: { p: ProjectDetail }) {
  const { t, locale } = useI18n();
  const side = locale === 'en' ? 'en' : 'zh';
  const { message } = App.useApp();
  const comment = useComment();
  const [text, setText] = useState('');
  const [replies, setReplies] = useState<Record<number, string>>({});
  // The decision or report being commented on (党委点评 on a step or a report), with its draft.
  const [onStep, setOnStep] = useState<{ key: string; text: string } | null>(null);
  const owner = p.actors.includes('owner');
  const send = (body: {
    text: string;
    parentId?: number;
    target?: 'project' | 'decision' | 'report';
    targetId?: number;
  }) =>
    comment
      .mutateAsync({ id: p.id, body })
      .catch((e: unknown) => void message.error(errorText(e, locale, t)));
  const milestoneName = (id: number | null) => p.milestones.find((m) => m.id === id)?.name ?? '';
  const headOf = (e: ProjectDetail['timeline'][number]) =>
    e.kind === 'decision' && e.action
      ? actionLabels[e.action][side]
      : e.kind === 'report'
        ? `${t('pj.report')} · ${milestoneName(e.milestoneId)}`
        : t('pj.comment');
  /** What a comment comments on, when it is a step or a report. */
  const targetOf = (e: ProjectDetail['timeline'][number]) => {
    const tg = e.target;
    if (e.kind !== 'comment' || !tg || tg.type === 'project') return null;
    const hit = p.timeline.find((x) => x.kind === tg.type && x.id === tg.id);
    return hit ? `${headOf(hit)} · ${formatDateTime(hit.at)}` : null;
  };
  return (
    <>
      <Timeline
        items={p.timeline.map((e) => ({
          key: `${e.kind}-${e.id}`,
          color: e.kind === 'decision' ? 'blue' : e.kind === 'report' ? 'green' : 'gray',
          children: (
            <div>
              <Typography.Text strong>{headOf(e)}</Typography.Text>{' '}
              <Typography.Text type="secondary">
                {e.actor} · {formatDateTime(e.at)}
                {e.rule ? ` · ${t('pj.rule')} ${e.rule}` : ''}
              </Typography.Text>
              {e.reportStatus ? (
                <Tag style={{ marginLeft: 8 }}>{t(`pj.progress.${e.reportStatus}`)}</Tag>
              ) : null}
              {targetOf(e) ? (
                <div>
                  <Typography.Text type="secondary">
                    {t('pj.commentOn', { what: targetOf(e) ?? '' })}
                  </Typography.Text>
                </div>
              ) : null}
              {e.text ? <div style={{ whiteSpace: 'pre-wrap' }}>{e.text}</div> : null}
              {e.evidence.map((x) => (
                <Tag
                  key={`${x.type}-${x.id}`}
                  color={x.type === 'file' ? 'default' : x.type === 'be_self_score' ? 'purple' : 'cyan'}
                >
                  {x.label} {x.date ?? ''}
                </Tag>
              ))}
              {e.replies.map((r) => (
                <div key={r.id} style={{ marginLeft: 16, borderLeft: '2px solid #eee', paddingLeft: 8 }}>
                  <Typography.Text type="secondary">{r.actor}：</Typography.Text>
                  {r.text}
                </div>
              ))}
              {(e.kind === 'decision' || e.kind === 'report') && p.canComment ? (
                onStep?.key === `${e.kind}-${e.id}` ? (
                  <Space.Compact style={{ marginTop: 4, maxWidth: 420, width: '100%' }} className="no-print">
                    <Input
                      size="small"
                      aria-label={t('pj.commentStepPlaceholder')}
                      placeholder={t('pj.commentStepPlaceholder')}
                      value={onStep.text}
                      onChange={(ev) => setOnStep({ key: onStep.key, text: ev.target.value })}
                    />
                    <Button
                      size="small"
                      type="primary"
                      disabled={onStep.text.trim() === ''}
                      onClick={() =>
                        void send({
                          text: onStep.text,
                          target: e.kind === 'decision' ? 'decision' : 'report',
                          targetId: e.id,
                        }).then(() => setOnStep(null))
                      }
                    >
                      {t('pj.comment')}
                    </Button>
                  </Space.Compact>
                ) : (
                  <Button
                    size="small"
                    type="link"
                    className="no-print"
                    onClick={() => setOnStep({ key: `${e.kind}-${e.id}`, text: '' })}
                  >
                    {e.kind === 'decision' ? t('pj.commentStep') : t('pj.commentReport')}
                  </Button>
                )
              ) : null}
              {e.kind === 'comment' && (owner || p.canComment) ? (
                <Space.Compact style={{ marginTop: 4, maxWidth: 420, width: '100%' }} className="no-print">
                  <Input
                    size="small"
                    aria-label={t('pj.replyPlaceholder')}
                    placeholder={t('pj.replyPlaceholder')}
                    value={replies[e.id] ?? ''}
                    onChange={(ev) => setReplies({ ...replies, [e.id]: ev.target.value })}
                  />
                  <Button
                    size="small"
                    onClick={() =>
                      void send({ text: replies[e.id] ?? '', parentId: e.id }).then(() =>
                        setReplies({ ...replies, [e.id]: '' }),
                      )
                    }
                  >
                    {t('pj.reply')}
                  </Button>
                </Space.Compact>
              ) : null}
            </div>
          ),
        }))}
      />
      {p.canComment ? (
        <Space.Compact style={{ width: '100%', maxWidth: 560 }} className="no-print">
          <Input
            aria-label={t('pj.commentPlaceholder')}
            placeholder={t('pj.commentPlaceholder')}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <Button type="primary" onClick={() => void send({ text }).then(() => setText(''))}>
            {t('pj.comment')}
          </Button>
        </Space.Compact>
      ) : null}
    </>
  );
}

function ActionDialog({
  p,
  action,
  onClose,
}: {
  p: ProjectDetail;
  action: ProjectAction;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const act = useAct();
  const [comment, setComment] = useState('');
  const label = actionLabels[action][locale === 'en' ? 'en' : 'zh'];
  const needs = p.actions.find((a) => a.action === action)?.reasonRequired ?? false;
  return (
    <Modal
      open
      title={label}
      okText={label}
      okButtonProps={{ disabled: needs && comment.trim() === '' }}
      confirmLoading={act.isPending}
      onCancel={onClose}
      onOk={() =>
        void act
          .mutateAsync({ id: p.id, action, ...(comment.trim() ? { comment: comment.trim() } : {}) })
          .then(() => {
            void message.success(t('pj.actionDone', { action: label }));
            onClose();
          })
          .catch((e: unknown) => void message.error(errorText(e, locale, t)))
      }
    >
      <Input.TextArea
        aria-label={t('pj.actionComment')}
        placeholder={t('pj.actionComment')}
        rows={3}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
      />
    </Modal>
  );
}

type LinkableEval = EndpointOutput<typeof projectsApi.reportLinkable>['evalEvidence'][number];

function ReportDialog({ p, m, onClose }: { p: ProjectDetail; m: Milestone; onClose: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const today = useToday();
  const submit = useReport();
  const [month, setMonth] = useState(today.slice(0, 7));
  const [activities, setActivities] = useState<{ id: number; title: string; occurredOn: string }[] | null>(
    null,
  );
  const [evalItems, setEvalItems] = useState<LinkableEval[] | null>(null);
  const [form] = Form.useForm<{
    progress: 'on_track' | 'behind' | 'done';
    text: string;
    activityIds: number[];
    evalEvidenceIds: number[];
  }>();
  // One picker for everything already recorded that month: activities and the branch's
  // monthly-evaluation evidence (record once, link everywhere).
  const load = (key: string) =>
    call(projectsApi.reportLinkable, { params: { id: p.id }, query: { month: key } })
      .then((r) => {
        setActivities(r.activities);
        setEvalItems(r.evalEvidence);
      })
      .catch((e: unknown) => void message.error(errorText(e, locale, t)));
  return (
    <Modal
      open
      title={t('pj.reportTitle', { name: m.name })}
      okText={t('pj.report')}
      confirmLoading={submit.isPending}
      onCancel={onClose}
      onOk={() =>
        void form
          .validateFields()
          .then((v) =>
            submit.mutateAsync({
              id: p.id,
              milestoneId: m.id,
              body: {
                progress: v.progress,
                text: v.text,
                activityIds: v.activityIds ?? [],
                evalEvidenceIds: v.evalEvidenceIds ?? [],
              },
            }),
          )
          .then(onClose)
          .catch((e: unknown) => {
            if (e instanceof Error) void message.error(errorText(e, locale, t));
          })
      }
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ progress: 'on_track', activityIds: [], evalEvidenceIds: [] }}
      >
        <Form.Item name="progress" label={t('pj.progress')}>
          <Radio.Group
            options={(['on_track', 'behind', 'done'] as const).map((s) => ({
              value: s,
              label: t(`pj.progress.${s}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="text" label={t('pj.reportText')} rules={[{ required: true }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <Typography.Text strong>{t('pj.linkActivity')}</Typography.Text>
        <Space style={{ display: 'flex', margin: '8px 0' }}>
          <Input
            type="month"
            aria-label={t('pj.linkMonth')}
            value={month}
            onChange={(e) => setMonth(e.target.value)}
          />
          <Button onClick={() => void load(month)}>{t('pj.linkMonth')}</Button>
        </Space>
        {activities && activities.length === 0 ? (
          <Typography.Text type="secondary">{t('pj.noActivities')}</Typography.Text>
        ) : null}
        {activities && activities.length > 0 ? (
          <Form.Item name="activityIds" label={t('pj.linkActivity')}>
            <Select
              mode="multiple"
              options={activities.map((a) => ({ value: a.id, label: `${a.occurredOn} ${a.title}` }))}
            />
          </Form.Item>
        ) : null}
        {evalItems && evalItems.length === 0 ? (
          <div>
            <Typography.Text type="secondary">{t('pj.noEvalEvidence')}</Typography.Text>
          </div>
        ) : null}
        {evalItems && evalItems.length > 0 ? (
          <Form.Item name="evalEvidenceIds" label={t('pj.linkEval')}>
            <Select
              mode="multiple"
              options={evalItems.map((i) => ({
                value: i.id,
                label: `${i.month} ${i.code} ${i.name}${i.note ? ` · ${i.note}` : ''}${
                  i.evidenceCount > 0 ? ` (${t('pj.evalEvidenceCount', { n: i.evidenceCount })})` : ''
                }`,
              }))}
            />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

function ChangeDialog({ p, m, onClose }: { p: ProjectDetail; m: Milestone; onClose: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const req = useRequestChange();
  const [form] = Form.useForm<{ newDue: string; reason: string }>();
  return (
    <Modal
      open
      title={`${t('pj.changeDue')} · ${m.name}`}
      confirmLoading={req.isPending}
      onCancel={onClose}
      onOk={() =>
        void form
          .validateFields()
          .then((v) => req.mutateAsync({ id: p.id, milestoneId: m.id, body: v }))
          .then(onClose)
          .catch((e: unknown) => {
            if (e instanceof Error) void message.error(errorText(e, locale, t));
          })
      }
    >
      <Form form={form} layout="vertical" initialValues={{ newDue: m.currentDue }}>
        <Form.Item name="newDue" label={t('pj.newDue')} rules={[{ required: true }]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="reason" label={t('pj.reason')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EditDialog({ p, onClose }: { p: ProjectDetail; onClose: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const update = useUpdateProject();
  const [form] = Form.useForm<{
    title: string;
    requirements: string;
    objectives: string;
    measures: string;
    expectedResults: string;
    tags: string[];
    teamMemberIds: number[];
    milestones: { name: string; deliverable: string; due: string }[];
  }>();
  return (
    <Modal
      open
      width={720}
      title={t('pj.edit')}
      okText={t('pj.save')}
      confirmLoading={update.isPending}
      onCancel={onClose}
      onOk={() =>
        void form
          .validateFields()
          .then((v) => update.mutateAsync({ id: p.id, body: v }))
          .then(onClose)
          .catch((e: unknown) => {
            if (e instanceof Error) void message.error(errorText(e, locale, t));
          })
      }
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          title: p.title,
          requirements: p.requirements,
          objectives: p.objectives,
          measures: p.measures,
          expectedResults: p.expectedResults,
          tags: p.tags,
          teamMemberIds: p.team.map((m) => m.memberId),
          milestones: p.milestones.map((m) => ({
            name: m.name,
            deliverable: m.deliverable,
            due: m.currentDue,
          })),
        }}
      >
        <Form.Item name="title" label={t('pj.name')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        {(['requirements', 'objectives', 'measures', 'expectedResults'] as const).map((k) => (
          <Form.Item key={k} name={k} label={t(k === 'expectedResults' ? 'pj.expected' : `pj.${k}`)}>
            <Input.TextArea rows={2} />
          </Form.Item>
        ))}
        <Form.Item name="tags" label={t('pj.tags')}>
          <Select mode="tags" />
        </Form.Item>
        <Form.Item name="teamMemberIds" label={t('pj.team')}>
          <TeamPicker orgId={p.orgId} initial={p.team} />
        </Form.Item>
        <Form.List name="milestones">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="baseline">
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true }]}>
                    <Input aria-label={t('pj.milestoneRow')} placeholder={t('pj.milestoneRow')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'deliverable']}>
                    <Input aria-label={t('pj.deliverable')} placeholder={t('pj.deliverable')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'due']} rules={[{ required: true }]}>
                    <Input type="date" aria-label={t('pj.due')} />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>−</Button>
                </Space>
              ))}
              <Button onClick={() => add({ name: '', deliverable: '', due: `${p.year}-12-31` })}>
                {t('pj.addMilestone')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

/** Names the panel (committee), files a member's one score sheet, and explains the score once all are in. */
function PanelCard({ p }: { p: ProjectDetail }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const committee = p.actors.includes('committee');
  const canName =
    committee &&
    (p.state === 'implementing' || p.state === 'summary') &&
    !p.panel?.members.some((m) => m.submitted);
  const candidates = usePanelCandidates(p.id, canName);
  const setPanel = useSetPanel();
  const score = useScore();
  const [chosen, setChosen] = useState<number[]>(p.panel?.members.map((m) => m.userId) ?? []);
  const [sheet, setSheet] = useState<Record<string, number>>({});
  if (!p.panel && !canName) return null;
  const fail = (e: unknown) => void message.error(errorText(e, locale, t));
  const mine = p.panel?.mine;
  return (
    <Card size="small" title={t('pj.panel')} style={{ marginBottom: 12 }}>
      {canName ? (
        <Space wrap className="no-print" style={{ marginBottom: 8 }}>
          <Select
            mode="multiple"
            optionFilterProp="label"
            aria-label={t('pj.panelMembers')}
            placeholder={t('pj.panelMembers')}
            style={{ minWidth: 280 }}
            value={chosen}
            onChange={setChosen}
            options={(candidates.data?.items ?? []).map((u) => ({ value: u.userId, label: u.name }))}
          />
          <Button
            onClick={() => void setPanel.mutateAsync({ id: p.id, body: { userIds: chosen } }).catch(fail)}
          >
            {t('pj.namePanel')}
          </Button>
        </Space>
      ) : null}
      {p.panel ? (
        <>
          <Space wrap>
            {p.panel.members.map((m) => (
              <Tag key={m.userId} color={m.submitted ? 'green' : 'default'}>
                {m.name} · {m.submitted ? t('pj.submitted') : t('pj.waiting')}
              </Tag>
            ))}
          </Space>
          {mine && !mine.submitted && p.state === 'summary' ? (
            <div className="no-print" style={{ marginTop: 8 }}>
              <Typography.Title level={5}>{t('pj.scoreSheet')}</Typography.Title>
              {p.panel.criteria.map((c) => (
                <Space key={c.code} style={{ display: 'flex', marginBottom: 4 }}>
                  <span style={{ width: 90, display: 'inline-block' }}>{c.name}</span>
                  <InputNumber
                    aria-label={c.name}
                    min={0}
                    max={c.max / 100}
                    step={0.5}
                    value={sheet[c.code] ?? null}
                    onChange={(v) => setSheet({ ...sheet, [c.code]: v ?? 0 })}
                  />
                  <Typography.Text type="secondary">/ {c.max / 100}</Typography.Text>
                </Space>
              ))}
              <Button
                type="primary"
                onClick={() =>
                  void score
                    .mutateAsync({
                      id: p.id,
                      body: {
                        scores:
                          p.panel?.criteria.map((c) => ({
                            code: c.code,
                            points: Math.round((sheet[c.code] ?? 0) * 100),
                          })) ?? [],
                      },
                    })
                    .catch(fail)
                }
              >
                {t('pj.submitScore')}
              </Button>
            </div>
          ) : null}
          {p.panel.explanation ? (
            <div style={{ marginTop: 8 }}>
              <Typography.Paragraph>
                {t('pj.explain', {
                  count: p.panel.explanation.totals.length,
                  rule: p.panel.explanation.dropped.length > 0 ? t('pj.explainTrim') : t('pj.explainPlain'),
                  score: points(p.panel.explanation.score),
                  version: p.panel.explanation.ruleVersion,
                })}
              </Typography.Paragraph>
              <Space wrap>
                {p.panel.explanation.totals.map((x) => (
                  <Tag key={x.panelist} color={x.dropped ? 'default' : 'blue'}>
                    {x.name} {points(x.total)} {x.dropped ? t(`pj.dropped.${x.dropped}`) : ''}
                  </Tag>
                ))}
              </Space>
            </div>
          ) : (
            <Typography.Paragraph type="secondary">{t('pj.hiddenUntilAll')}</Typography.Paragraph>
          )}
        </>
      ) : (
        <Typography.Text type="secondary">{t('pj.noPanel')}</Typography.Text>
      )}
    </Card>
  );
}
