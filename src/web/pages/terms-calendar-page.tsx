import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import type { CalendarDto, TermDto } from '../../contracts/terms.js';
import { beijingMinute, termNames } from '../../domain/terms/terms.js';
import { useMe } from '../auth/session.js';
import { ErrorAlert, errorText, PageSpinner } from '../components/feedback.js';
import { OrgTreeSelect } from '../components/org-tree-select.js';
import { PageTitle } from '../components/page-title.js';
import { useOrgs } from '../features/org/api.js';
import {
  useAssignTasks,
  useCalendar,
  useCorrectTerm,
  useCreateCalendar,
  usePublishCalendar,
  useSetTasks,
} from '../features/terms/api.js';
import { CalendarPicker, useCalendarChoice } from '../features/terms/calendar-picker.js';
import { shortMinute } from '../features/terms/labels.js';
import { useI18n } from '../i18n/index.js';

/**
 * 年度节气月例表: the year's 24 terms with their instants and windows and the tasks of each;
 * the affairs department starts, edits, publishes and assigns; an admin corrects a term.
 */
export function TermsCalendarPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const choice = useCalendarChoice();
  const cal = useCalendar(choice.id);
  const create = useCreateCalendar();
  const managesAt = me.grants.find((g) => g.role === 'affairs')?.orgId;

  return (
    <>
      <PageTitle>{t('nav.termsCalendar')}</PageTitle>
      <div className="kh-toolbar">
        <CalendarPicker {...choice} />
        <span className="kh-toolbar-spacer" />
        {choice.list.isSuccess && choice.items.length === 0 && managesAt ? (
          <Button
            type="primary"
            loading={create.isPending}
            onClick={() =>
              create.mutate(
                { orgId: managesAt, year: choice.year },
                {
                  onSuccess: (c) => {
                    choice.setId(c.id);
                    void message.success(t('terms.created'));
                  },
                  onError: (e) => void message.error(errorText(e, locale, t)),
                },
              )
            }
          >
            {t('terms.create', { year: choice.year })}
          </Button>
        ) : null}
      </div>
      <ErrorAlert error={choice.list.error ?? cal.error} />
      {cal.isLoading ? <PageSpinner /> : null}
      {cal.data ? <CalendarView cal={cal.data} /> : null}
    </>
  );
}

function CalendarView({ cal }: { cal: CalendarDto }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const publish = usePublishCalendar(cal.id);
  const [editing, setEditing] = useState(false);
  const [assigning, setAssigning] = useState(false);
  const [correcting, setCorrecting] = useState<TermDto | null>(null);
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text strong>
          {t('terms.calendarOf', { org: cal.orgName, year: cal.year })}
        </Typography.Text>
        {cal.state === 'published' ? (
          <Tag color="green">{t('terms.publishedWith', { version: cal.libraryVersion ?? '' })}</Tag>
        ) : (
          <Typography.Text type="secondary">{t('terms.draftHint')}</Typography.Text>
        )}
      </Space>
      {cal.can.manage ? (
        <Space wrap style={{ marginBottom: 16 }}>
          {cal.state === 'draft' ? (
            <>
              <Button onClick={() => setEditing(true)}>{t('terms.editTasks')}</Button>
              <Popconfirm
                title={t('terms.publishConfirm', { library: 'tyme4ts' })}
                onConfirm={() =>
                  publish.mutate(undefined, {
                    onSuccess: () => void message.success(t('terms.published')),
                    onError: (e) => void message.error(errorText(e, locale, t)),
                  })
                }
              >
                <Button type="primary" loading={publish.isPending}>
                  {t('terms.publish')}
                </Button>
              </Popconfirm>
            </>
          ) : (
            <Button type="primary" onClick={() => setAssigning(true)}>
              {t('terms.assign')}
            </Button>
          )}
        </Space>
      ) : null}
      <List
        grid={{ gutter: 12, xs: 1, sm: 2, lg: 3, xxl: 4 }}
        dataSource={cal.terms}
        rowKey="position"
        renderItem={(term) => {
          const tasks = cal.tasks.filter((x) => x.position === term.position);
          return (
            <List.Item>
              <Card
                size="small"
                title={
                  <Space>
                    <span>{term.name}</span>
                    <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                      {beijingMinute(term.startsAt)}
                    </Typography.Text>
                  </Space>
                }
                extra={
                  cal.can.correct ? (
                    <Button size="small" type="link" onClick={() => setCorrecting(term)}>
                      {t('terms.correct')}
                    </Button>
                  ) : null
                }
              >
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('terms.window')}：
                  {t('terms.windowRange', { from: shortMinute(term.startsAt), to: shortMinute(term.endsAt) })}
                </Typography.Text>
                {term.correction ? (
                  <Alert
                    type="warning"
                    showIcon
                    style={{ marginTop: 8, padding: '4px 8px' }}
                    title={t('terms.corrected', { library: beijingMinute(term.libraryStartsAt) })}
                    description={t('terms.correctedBy', {
                      name: term.correction.by ?? '',
                      reason: term.correction.reason,
                    })}
                  />
                ) : null}
                <ul style={{ paddingInlineStart: 18, margin: '8px 0 0' }}>
                  {tasks.map((x) => (
                    <li key={x.id}>
                      <Typography.Text>{x.title}</Typography.Text>{' '}
                      {x.evidenceRequired ? <Tag color="gold">{t('terms.evidenceRequired')}</Tag> : null}
                      {cal.state === 'published' ? (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('terms.assignedTo', { count: x.assignedOrgs })}
                        </Typography.Text>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </Card>
            </List.Item>
          );
        }}
      />
      {editing ? <TasksEditor cal={cal} onClose={() => setEditing(false)} /> : null}
      {assigning ? <AssignModal cal={cal} onClose={() => setAssigning(false)} /> : null}
      {correcting ? <CorrectModal cal={cal} term={correcting} onClose={() => setCorrecting(null)} /> : null}
    </>
  );
}

interface TaskDraft {
  key: number;
  position: number;
  title: string;
  description: string;
  evidenceRequired: boolean;
}

/** The template editor: every term's tasks of a draft calendar, edited as one list and saved at once. */
function TasksEditor({ cal, onClose }: { cal: CalendarDto; onClose: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const save = useSetTasks(cal.id);
  const [rows, setRows] = useState<TaskDraft[]>(() =>
    cal.tasks.map((x, i) => ({
      key: i,
      position: x.position,
      title: x.title,
      description: x.description,
      evidenceRequired: x.evidenceRequired,
    })),
  );
  const update = (key: number, patch: Partial<TaskDraft>) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <Modal
      open
      width={760}
      title={t('terms.editTasksTitle')}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      onCancel={onClose}
      onOk={() =>
        save.mutate(
          {
            tasks: [...rows]
              .sort((a, b) => a.position - b.position || a.key - b.key)
              .map(({ position, title, description, evidenceRequired }) => ({
                position,
                title,
                description,
                evidenceRequired,
              })),
          },
          {
            onSuccess: () => {
              void message.success(t('terms.tasksSaved'));
              onClose();
            },
            onError: (e) => void message.error(errorText(e, locale, t)),
          },
        )
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {rows.map((r) => (
          <Card size="small" key={r.key}>
            <Space wrap style={{ width: '100%' }}>
              <Select
                aria-label={t('terms.term')}
                value={r.position}
                style={{ width: 96 }}
                onChange={(position) => update(r.key, { position })}
                options={termNames.map((name, position) => ({ value: position, label: name }))}
              />
              <Input
                aria-label={t('terms.taskTitle')}
                value={r.title}
                style={{ width: 260 }}
                onChange={(e) => update(r.key, { title: e.target.value })}
              />
              <Switch
                checked={r.evidenceRequired}
                onChange={(evidenceRequired) => update(r.key, { evidenceRequired })}
                checkedChildren={t('terms.evidenceRequired')}
                unCheckedChildren={t('terms.evidenceRequired')}
              />
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('terms.removeTask')}
                onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}
              />
            </Space>
            <Input.TextArea
              aria-label={t('terms.taskDescription')}
              placeholder={t('terms.taskDescription')}
              value={r.description}
              autoSize={{ minRows: 1, maxRows: 3 }}
              style={{ marginTop: 8 }}
              onChange={(e) => update(r.key, { description: e.target.value })}
            />
          </Card>
        ))}
        <Button
          icon={<PlusOutlined />}
          onClick={() =>
            setRows((rs) => [
              ...rs,
              {
                key: Math.max(0, ...rs.map((x) => x.key)) + 1,
                position: 0,
                title: '',
                description: '',
                evidenceRequired: false,
              },
            ])
          }
        >
          {t('terms.addTask')}
        </Button>
      </Space>
    </Modal>
  );
}

/** Assigns tasks to every branch under the chosen orgs, or to exactly the chosen branches. */
function AssignModal({ cal, onClose }: { cal: CalendarDto; onClose: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const assign = useAssignTasks(cal.id);
  const orgs = useOrgs('party');
  const [taskIds, setTaskIds] = useState<number[]>(cal.tasks.map((x) => x.id));
  const [mode, setMode] = useState<'subtree' | 'orgs'>('subtree');
  const [orgIds, setOrgIds] = useState<number[]>([cal.orgId]);
  const nameOf = (id: number) => orgs.data?.find((o) => o.id === id)?.name ?? String(id);
  const kindOf = (id: number) => orgs.data?.find((o) => o.id === id)?.kind;
  const chosen = mode === 'orgs' ? orgIds.filter((id) => kindOf(id) === 'branch') : orgIds;
  return (
    <Modal
      open
      title={t('terms.assignTitle')}
      okButtonProps={{ disabled: taskIds.length === 0 || chosen.length === 0 }}
      confirmLoading={assign.isPending}
      onCancel={onClose}
      onOk={() =>
        assign.mutate(
          { taskIds, mode, orgIds: chosen },
          {
            onSuccess: (r) => {
              void message.success(
                t('terms.assignDone', { created: r.created, orgs: r.orgs, existing: r.alreadyAssigned }),
              );
              onClose();
            },
            onError: (e) => void message.error(errorText(e, locale, t)),
          },
        )
      }
    >
      <Form layout="vertical">
        <Form.Item label={t('terms.assignMode')}>
          <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)}>
            <Radio value="subtree">{t('terms.assignSubtree')}</Radio>
            <Radio value="orgs">{t('terms.assignOrgs')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item label={t('terms.assignOrg')}>
          <OrgTreeSelect
            tree="party"
            value={null}
            onChange={(id) => id && setOrgIds((ids) => (ids.includes(id) ? ids : [...ids, id]))}
            aria-label={t('terms.assignOrg')}
            selectable={mode === 'orgs' ? (o) => o.kind === 'branch' : undefined}
          />
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, marginTop: 8 }}>
            {chosen.map((id) => (
              <Tag key={id} closable onClose={() => setOrgIds((ids) => ids.filter((x) => x !== id))}>
                {nameOf(id)}
              </Tag>
            ))}
          </div>
        </Form.Item>
        <Form.Item label={t('terms.assignTasks')}>
          <Checkbox.Group
            value={taskIds}
            onChange={(v) => setTaskIds(v as number[])}
            style={{ display: 'flex', flexDirection: 'column', maxHeight: 280, overflow: 'auto' }}
            options={cal.tasks.map((x) => ({ value: x.id, label: `${termNames[x.position]} · ${x.title}` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CorrectModal({ cal, term, onClose }: { cal: CalendarDto; term: TermDto; onClose: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const correct = useCorrectTerm(cal.id);
  const [startsAt, setStartsAt] = useState(beijingMinute(term.startsAt));
  const [reason, setReason] = useState('');
  return (
    <Modal
      open
      title={t('terms.correctTitle', { name: term.name })}
      confirmLoading={correct.isPending}
      okButtonProps={{ disabled: reason.trim().length < 2 }}
      onCancel={onClose}
      onOk={() =>
        correct.mutate(
          { position: term.position, startsAt, reason },
          {
            onSuccess: () => {
              void message.success(t('terms.correctSaved'));
              onClose();
            },
            onError: (e) => void message.error(errorText(e, locale, t)),
          },
        )
      }
    >
      <Form layout="vertical">
        <Form.Item label={t('terms.correctStartsAt')}>
          <Input value={startsAt} onChange={(e) => setStartsAt(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('terms.correctReason')}>
          <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
