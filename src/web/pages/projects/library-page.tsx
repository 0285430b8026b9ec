import { App, Button, Card, Empty, Input, InputNumber, List, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useToday } from '../../app/server-day.js';
import { useMe } from '../../auth/session.js';
import { ErrorAlert, errorText } from '../../components/feedback.js';
import { OrgTreeSelect } from '../../components/org-tree-select.js';
import { PageTitle } from '../../components/page-title.js';
import { useAdopt, useLibrary } from '../../features/projects/api.js';
import { points } from '../../features/projects/labels.js';
import { useI18n } from '../../i18n/index.js';

/** The best-practice library (经验亮点库): text and tag search; a secretary adopts for their branch. */
export function LibraryPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const today = useToday();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [tag, setTag] = useState('');
  const [page, setPage] = useState(1);
  const lib = useLibrary(q, tag, page);
  const adopt = useAdopt();
  const [adopting, setAdopting] = useState<number | null>(null);
  const myBranches = me.grants.filter((g) => g.role === 'secretary').map((g) => g.orgId);
  const [orgId, setOrgId] = useState<number | null>(myBranches[0] ?? null);
  const [year, setYear] = useState(Number(today.slice(0, 4)));
  return (
    <>
      <PageTitle>{t('pj.library')}</PageTitle>
      <Typography.Paragraph type="secondary">{t('pj.libraryHint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          aria-label={t('pj.search')}
          placeholder={t('pj.search')}
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
        />
        <Input.Search
          allowClear
          aria-label={t('pj.tag')}
          placeholder={t('pj.tag')}
          value={tag}
          onChange={(e) => setTag(e.target.value)}
          onSearch={(v) => {
            setTag(v);
            setPage(1);
          }}
        />
      </Space>
      {lib.error ? <ErrorAlert error={lib.error} /> : null}
      <List
        loading={lib.isLoading}
        locale={{ emptyText: <Empty description={t('pj.none')} /> }}
        dataSource={lib.data?.items ?? []}
        pagination={{ current: page, total: lib.data?.total ?? 0, pageSize: 20, onChange: setPage }}
        renderItem={(item) => (
          <Card size="small" style={{ marginBottom: 8 }}>
            <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
              <Typography.Title level={5} style={{ margin: 0 }}>
                <Link to={`/projects/${item.projectId}`}>{item.title}</Link>
              </Typography.Title>
              {myBranches.length > 0 ? (
                <Button type="primary" onClick={() => setAdopting(item.projectId)}>
                  {t('pj.adopt')}
                </Button>
              ) : null}
            </Space>
            <div>
              {item.orgName} · {item.year} · {t('pj.score')} {points(item.score)} ·{' '}
              {t('pj.adoptions', { count: item.adoptions })}
            </div>
            <div>
              {item.tags.map((x) => (
                <Tag key={x} onClick={() => setTag(x)}>
                  {x}
                </Tag>
              ))}
            </div>
            {item.summary || item.measures ? (
              <Typography.Paragraph ellipsis={{ rows: 3 }} style={{ whiteSpace: 'pre-wrap' }}>
                {item.summary || item.measures}
              </Typography.Paragraph>
            ) : null}
            {Object.keys(item.adoptionGrades).length > 0 ? (
              <Typography.Text type="secondary">
                {t('pj.adoptionGrades', {
                  grades: Object.entries(item.adoptionGrades)
                    .map(([g, n]) => `${g} ${n}`)
                    .join(', '),
                })}
              </Typography.Text>
            ) : null}
          </Card>
        )}
      />
      {adopting !== null ? (
        <Modal
          open
          title={t('pj.adopt')}
          okButtonProps={{ disabled: orgId === null }}
          confirmLoading={adopt.isPending}
          onCancel={() => setAdopting(null)}
          onOk={() =>
            orgId !== null &&
            void adopt
              .mutateAsync({ id: adopting, orgId, year })
              .then((r) => {
                void message.success(t('pj.adopted'));
                navigate(`/projects/${r.id}`);
              })
              .catch((e: unknown) => void message.error(errorText(e, locale, t)))
          }
        >
          <Space direction="vertical" style={{ width: '100%' }}>
            <span>{t('pj.adoptTo')}</span>
            <OrgTreeSelect
              tree="party"
              aria-label={t('pj.adoptTo')}
              value={orgId}
              onChange={setOrgId}
              selectable={(o) => myBranches.includes(o.id)}
            />
            <InputNumber aria-label={t('pj.year')} value={year} onChange={(v) => setYear(v ?? year)} />
          </Space>
        </Modal>
      ) : null}
    </>
  );
}
