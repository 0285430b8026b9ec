import { App, Button, Card, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useToday } from '../../app/server-day.js';
import { useMe } from '../../auth/session.js';
import { errorText } from '../../components/feedback.js';
import { PageTitle } from '../../components/page-title.js';
import { useOrgs } from '../../features/org/api.js';
import {
  useDraftPlan,
  useIssuePlan,
  usePlanTemplates,
  useProjects,
  useSavePlanTemplate,
} from '../../features/projects/api.js';
import { StateTag } from '../../features/projects/labels.js';
import { useI18n } from '../../i18n/index.js';

/**
 * The committee's year plan (年度党建项目计划): draft the assigned projects from a template for the
 * chosen owners or by copying last year's, review the drafts, then issue them all in one step.
 */
export function PlanPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const today = useToday();
  const committees = me.grants.filter((g) => g.role === 'committee').map((g) => g.orgId);
  const [orgId, setOrgId] = useState<number | undefined>(committees[0]);
  const [year, setYear] = useState(Number(today.slice(0, 4)));
  const [source, setSource] = useState<'template' | 'last_year'>('template');
  const orgs = useOrgs('party');
  const drafts = useProjects({ year, state: 'draft' }, 1, 200);
  const draft = useDraftPlan();
  const templates = usePlanTemplates(orgId);
  const saveTemplate = useSavePlanTemplate();
  const issue = useIssuePlan();
  const [form] = Form.useForm<{
    title: string;
    requirements: string;
    tags: string[];
    owners: number[];
    milestones: string;
  }>();
  const fail = (e: unknown) => void message.error(errorText(e, locale, t));
  /** The template form's content as the API takes it. */
  const contentOf = (v: { title: string; requirements?: string; tags?: string[]; milestones?: string }) => ({
    title: v.title,
    requirements: v.requirements ?? '',
    tags: v.tags ?? [],
    milestones: (v.milestones ?? '')
      .split('\n')
      .map((l) => l.split(/[,，]/).map((x) => x.trim()))
      .filter((x) => x.length === 2 && x[0] && x[1])
      .map(([name, due]) => ({ name: name ?? '', deliverable: '', due: due ?? '' })),
  });
  /** Fills the form from a stored template, its dates moved into the plan's year. */
  const loadTemplate = (id: number) => {
    const tpl = templates.data?.items.find((x) => x.id === id)?.template;
    if (!tpl) return;
    form.setFieldsValue({
      title: tpl.title,
      requirements: tpl.requirements,
      tags: tpl.tags,
      milestones: tpl.milestones.map((m) => `${m.name}, ${year}${m.due.slice(4)}`).join('\n'),
    });
  };
  const branches = (orgs.data ?? []).filter((o) => o.kind === 'branch');
  return (
    <>
      <PageTitle>{t('pj.plan')}</PageTitle>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            aria-label={t('pj.planOrg')}
            style={{ minWidth: 180 }}
            value={orgId}
            onChange={setOrgId}
            options={committees.map((id) => ({
              value: id,
              label: orgs.data?.find((o) => o.id === id)?.name ?? String(id),
            }))}
          />
          <InputNumber aria-label={t('pj.year')} value={year} onChange={(v) => setYear(v ?? year)} />
          <Link to="/projects/settings">{t('pj.settings')}</Link>
          <Radio.Group
            value={source}
            onChange={(e) => setSource(e.target.value)}
            options={[
              { value: 'template', label: t('pj.planFromTemplate') },
              { value: 'last_year', label: t('pj.planFromLastYear') },
            ]}
          />
        </Space>
        {source === 'template' ? (
          <Form
            form={form}
            layout="vertical"
            initialValues={{
              milestones: `调研, ${year}-03-31\n实施, ${year}-09-30\n总结, ${year}-11-30`,
              tags: [],
            }}
          >
            <Space wrap style={{ marginBottom: 8 }}>
              <Select
                aria-label={t('pj.templateLoad')}
                placeholder={t('pj.templateLoad')}
                style={{ minWidth: 240 }}
                value={null}
                disabled={(templates.data?.items.length ?? 0) === 0}
                onChange={(id: number) => loadTemplate(id)}
                options={(templates.data?.items ?? []).map((x) => ({
                  value: x.id,
                  label: `${x.name} · ${x.createdBy}`,
                }))}
              />
              <Button
                loading={saveTemplate.isPending}
                onClick={() =>
                  orgId &&
                  void form
                    .validateFields(['title', 'requirements', 'tags', 'milestones'])
                    .then((v) => saveTemplate.mutateAsync({ orgId, name: v.title, template: contentOf(v) }))
                    .then(() => void message.success(t('pj.templateSaved')))
                    .catch(fail)
                }
              >
                {t('pj.templateSave')}
              </Button>
            </Space>
            <Form.Item name="title" label={t('pj.name')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="requirements" label={t('pj.requirements')}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item name="tags" label={t('pj.tags')}>
              <Select mode="tags" />
            </Form.Item>
            <Form.Item name="milestones" label={t('pj.milestones')} extra="名称, YYYY-MM-DD">
              <Input.TextArea rows={3} />
            </Form.Item>
            <Form.Item name="owners" label={t('pj.planOwners')} rules={[{ required: true }]}>
              <Select
                mode="multiple"
                optionFilterProp="label"
                options={branches.map((b) => ({ value: b.id, label: b.name }))}
              />
            </Form.Item>
          </Form>
        ) : null}
        <Space wrap>
          <Button
            onClick={() => {
              if (!orgId) return;
              const run =
                source === 'last_year'
                  ? draft.mutateAsync({ orgId, year, source })
                  : form.validateFields().then((v) =>
                      draft.mutateAsync({
                        orgId,
                        year,
                        source,
                        ownerOrgIds: v.owners,
                        template: contentOf(v),
                      }),
                    );
              void run.then((r) => void message.success(t('pj.planDrafted', { count: r.count }))).catch(fail);
            }}
          >
            {t('pj.planDraft')}
          </Button>
          <Button
            type="primary"
            disabled={!orgId || (drafts.data?.total ?? 0) === 0}
            onClick={() =>
              orgId &&
              void issue
                .mutateAsync({ orgId, year })
                .then((r) => void message.success(t('pj.planIssued', { count: r.count })))
                .catch(fail)
            }
          >
            {t('pj.planIssue')}
          </Button>
        </Space>
      </Card>
      <Card size="small" title={`${t('pj.state')}: ${t('pj.count', { count: drafts.data?.total ?? 0 })}`}>
        {(drafts.data?.items ?? []).map((p) => (
          <div key={p.id}>
            <StateTag state={p.state} />{' '}
            <Typography.Link href={`/projects/${p.id}`}>{p.title}</Typography.Link> · {p.orgName}
          </div>
        ))}
      </Card>
    </>
  );
}
