import { KeyOutlined } from '@ant-design/icons';
import { Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { OrgNode } from '../../../contracts/org.js';
import { OrgTreeSelect } from '../../components/org-tree-select.js';
import { PageTitle } from '../../components/page-title.js';
import type { IntegrationKeyCreated } from '../../features/branch-eval/results/api.js';
import {
  IssueKeyDialog,
  KeysTable,
  PollingDocs,
  SecretDialog,
} from '../../features/branch-eval/results/integration-keys.js';
import { useI18n } from '../../i18n/index.js';

const isCommittee = (o: OrgNode) => o.kind === 'committee';
const num = (s: string | null) => {
  const n = Number(s);
  return s && Number.isInteger(n) && n > 0 ? n : null;
};

/**
 * 对标系统接口: the keys with which the benchmarking information system (对标管理信息系统)
 * polls a round's published rankings — issued by an admin, shown once, revocable with a reason —
 * and how that system calls the API.
 */
export function IntegrationPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const orgId = num(params.get('org'));
  const page = num(params.get('page')) ?? 1;
  const [issuing, setIssuing] = useState(false);
  const [issued, setIssued] = useState<IntegrationKeyCreated | null>(null);
  const update = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageTitle>{t('nav.beIntegration')}</PageTitle>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card title={t('be.results.keys.title')}>
          <div className="kh-toolbar">
            <div className="kh-be-org-picker">
              <OrgTreeSelect
                tree="party"
                allowClear
                selectable={isCommittee}
                aria-label={t('be.results.keys.filterOrg')}
                placeholder={t('be.results.keys.filterOrg')}
                value={orgId}
                onChange={(v) => update({ org: v ? String(v) : null, page: null })}
              />
            </div>
            <div className="kh-toolbar-spacer" />
            <Button type="primary" icon={<KeyOutlined />} onClick={() => setIssuing(true)}>
              {t('be.results.keys.issue')}
            </Button>
          </div>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('be.results.keys.intro')}
          </Typography.Paragraph>
          <KeysTable orgId={orgId} page={page} onPage={(p) => update({ page: p > 1 ? String(p) : null })} />
        </Card>
        <Card title={t('be.results.docs.title')}>
          <PollingDocs />
        </Card>
      </Space>
      <IssueKeyDialog
        open={issuing}
        onClose={() => setIssuing(false)}
        onIssued={(k) => {
          setIssuing(false);
          setIssued(k);
        }}
      />
      <SecretDialog issued={issued} onClose={() => setIssued(null)} />
    </>
  );
}
