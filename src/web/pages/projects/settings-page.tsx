import { App, Button, Card, Descriptions, Form, InputNumber, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useToday } from '../../app/server-day.js';
import { useMe } from '../../auth/session.js';
import { ErrorAlert, errorText } from '../../components/feedback.js';
import { PageTitle } from '../../components/page-title.js';
import { useOrgs } from '../../features/org/api.js';
import { useRules, useSaveRule } from '../../features/projects/api.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { points2 } from '../../lib/points.js';

const fields = ['excellent', 'good', 'pass', 'reminderDays', 'affairsAfter', 'committeeAfter'] as const;
type Field = (typeof fields)[number];
type Values = Record<Field, number>;
/** Grade floors are points (hundredths); the rest are working days. */
const isPoints = (f: Field) => f === 'excellent' || f === 'good' || f === 'pass';
const show = (f: Field, v: number) => (isPoints(f) ? points2(v) : String(v));

/**
 * The projects' versioned settings of a committee and year (SPEC §4: grade bands as a versioned
 * setting; reminder and escalation days): the version in force, a form that saves the next version,
 * and every saved version with who saved it, when, and what changed from the one before.
 */
export function ProjectSettingsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const today = useToday();
  const committees = me.grants.filter((g) => g.role === 'committee').map((g) => g.orgId);
  const [orgId, setOrgId] = useState<number | undefined>(committees[0]);
  const [year, setYear] = useState(Number(today.slice(0, 4)));
  const orgs = useOrgs('party');
  const rules = useRules(orgId, year);
  const save = useSaveRule();
  const [form] = Form.useForm<Values>();
  const cur = rules.data?.current;
  const history = rules.data?.history ?? [];
  return (
    <>
      <PageTitle>{t('pj.settings')}</PageTitle>
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
        <Link to="/projects/plan">{t('pj.plan')}</Link>
      </Space>
      {rules.error ? <ErrorAlert error={rules.error} /> : null}
      {cur ? (
        <Card
          size="small"
          title={
            <Space>
              {t('pj.settingsInForce')}
              <Tag color={cur.isDefault ? 'default' : 'blue'}>
                {cur.isDefault ? t('pj.settingsDefault') : t('pj.settingsVersion', { v: cur.version })}
              </Tag>
            </Space>
          }
          style={{ marginBottom: 12 }}
        >
          <Form
            key={`${orgId}-${year}-${cur.version}`}
            form={form}
            layout="inline"
            initialValues={Object.fromEntries(fields.map((f) => [f, isPoints(f) ? cur[f] / 100 : cur[f]]))}
            onFinish={(v) =>
              orgId === undefined
                ? undefined
                : void save
                    .mutateAsync({
                      orgId,
                      year,
                      ...(Object.fromEntries(
                        fields.map((f) => [f, isPoints(f) ? Math.round(Number(v[f]) * 100) : Number(v[f])]),
                      ) as Values),
                      expectedVersion: cur.isDefault ? 0 : cur.version,
                    })
                    .then(() => void message.success(t('pj.settingsSaved')))
                    .catch((e: unknown) => void message.error(errorText(e, locale, t)))
            }
          >
            {fields.map((f) => (
              <Form.Item key={f} name={f} label={t(`pj.rule.${f}`)} rules={[{ required: true }]}>
                <InputNumber min={0} step={isPoints(f) ? 0.5 : 1} style={{ width: 90 }} />
              </Form.Item>
            ))}
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {t('pj.settingsSave')}
            </Button>
          </Form>
        </Card>
      ) : null}
      <Card size="small" title={t('pj.settingsHistory')}>
        {history.length === 0 ? (
          <Typography.Text type="secondary">{t('pj.settingsNoHistory')}</Typography.Text>
        ) : (
          <Descriptions size="small" column={1} bordered>
            {history.map((h, i) => {
              const before = history[i + 1];
              const changed = fields.filter((f) => (before ? before[f] !== h[f] : true));
              return (
                <Descriptions.Item
                  key={h.version}
                  label={`${t('pj.settingsVersion', { v: h.version })} · ${h.createdBy.name} · ${formatDateTime(h.createdAt)}`}
                >
                  {fields.map((f) => (
                    <Tag key={f} color={changed.includes(f) && before ? 'orange' : 'default'}>
                      {t(`pj.rule.${f}`)} {before && changed.includes(f) ? `${show(f, before[f])} → ` : ''}
                      {show(f, h[f])}
                    </Tag>
                  ))}
                </Descriptions.Item>
              );
            })}
          </Descriptions>
        )}
      </Card>
    </>
  );
}
