import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { normalizeCode } from '../../../domain/inspection/ballots.js';
import { call } from '../../api/call.js';
import { ApiError } from '../../api/client.js';
import { inspectionBallotsApi } from '../../api/endpoints.js';
import { ErrorAlert, PageSpinner } from '../../components/feedback.js';
import { LanguageSwitch } from '../../components/language-switch.js';
import { useDocumentTitle } from '../../components/page-title.js';
import { browserSha256 } from '../../features/inspection-ballots/api.js';
import { useI18n } from '../../i18n/index.js';

type Verdict = { kind: 'counted'; unit: string } | { kind: 'absent' } | { kind: 'malformed' };

/**
 * The public "was my code counted" page (`/ballot/counted?campaign=ID`, no login): after the
 * ballot box closes it lists each unit's codes issued and used; a voter types their code and the
 * browser hashes it (the code never leaves the page) and looks for the hash among the used ones.
 */
export function CountedPage() {
  const { t } = useI18n();
  useDocumentTitle(t('insp.counted.title'));
  const id = Number(useSearchParams()[0].get('campaign'));
  const q = useQuery({
    queryKey: ['ballot-counted', id],
    queryFn: () => call(inspectionBallotsApi.counted, { params: { id } }),
    enabled: Number.isInteger(id) && id > 0,
    retry: false,
  });
  const [code, setCode] = useState('');
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const check = async () => {
    const normal = normalizeCode(code);
    if (!normal || !q.data) return setVerdict({ kind: 'malformed' });
    const hash = await browserSha256(normal);
    const unit = q.data.units.find((u) => u.usedHashes.includes(hash));
    setVerdict(unit ? { kind: 'counted', unit: unit.name } : { kind: 'absent' });
  };
  let body: React.ReactNode;
  if (!(Number.isInteger(id) && id > 0))
    body = <Alert type="info" showIcon title={t('insp.counted.noCampaign')} />;
  else if (q.error instanceof ApiError && q.error.code === 'ballot_box_state')
    body = <Alert type="info" showIcon title={t('insp.counted.notClosed')} />;
  else if (q.error) body = <ErrorAlert error={q.error} />;
  else if (!q.data) body = <PageSpinner />;
  else
    body = (
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          {q.data.title}
          {q.data.closedOn ? ` · ${t('insp.counted.closedOn', { date: q.data.closedOn })}` : ''}
        </Typography.Text>
        <Card size="small" title={t('insp.counted.check')}>
          <Space wrap>
            <Input
              aria-label={t('insp.counted.code')}
              placeholder={t('insp.counted.code')}
              value={code}
              onChange={(e) => {
                setCode(e.target.value);
                setVerdict(null);
              }}
              onPressEnter={() => void check()}
              style={{ width: 260, fontFamily: 'monospace' }}
              autoComplete="off"
            />
            <Button type="primary" onClick={() => void check()}>
              {t('insp.counted.checkButton')}
            </Button>
          </Space>
          {verdict?.kind === 'counted' ? (
            <Alert
              style={{ marginTop: 12 }}
              type="success"
              showIcon
              title={t('insp.counted.yes', { unit: verdict.unit })}
            />
          ) : verdict?.kind === 'absent' ? (
            <Alert style={{ marginTop: 12 }} type="warning" showIcon title={t('insp.counted.no')} />
          ) : verdict?.kind === 'malformed' ? (
            <Alert style={{ marginTop: 12 }} type="error" showIcon title={t('insp.counted.malformed')} />
          ) : null}
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {t('insp.counted.local')}
          </Typography.Paragraph>
        </Card>
        <Table
          rowKey="unitId"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={q.data.units}
          columns={[
            { title: t('insp.unit'), dataIndex: 'name' },
            { title: t('insp.counted.issued'), dataIndex: 'issued' },
            { title: t('insp.counted.used'), dataIndex: 'used' },
          ]}
          expandable={{
            rowExpandable: (u) => u.usedHashes.length > 0,
            expandedRowRender: (u) => (
              <pre style={{ fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}>
                {u.usedHashes.join('\n')}
              </pre>
            ),
          }}
        />
      </Space>
    );
  return (
    <div style={{ maxWidth: 960, margin: '0 auto', padding: 12 }}>
      <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
        <LanguageSwitch compact />
      </div>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('insp.counted.title')}
      </Typography.Title>
      {body}
    </div>
  );
}
