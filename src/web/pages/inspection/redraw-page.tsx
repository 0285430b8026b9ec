import { Alert, Button, Card, Form, Input, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  type DrawnUnit,
  drawSample,
  isValidSeed,
  parseManifest,
} from '../../../domain/inspection/sampling.js';
import { LanguageSwitch } from '../../components/language-switch.js';
import { useDocumentTitle } from '../../components/page-title.js';
import { browserSha256, fetchPublishedLedger } from '../../features/inspection-ballots/api.js';
import { useI18n } from '../../i18n/index.js';

/**
 * The public re-draw page (抽样复核): anyone pastes the published manifest text and the seed; the
 * browser hashes them with SubtleCrypto and shows the sample — nothing is computed by the server.
 * `?campaign=ID` pre-fills both from the published ledger.
 */
export function RedrawPage() {
  const { t } = useI18n();
  useDocumentTitle(t('ib.redraw.title'));
  const [params] = useSearchParams();
  const [manifest, setManifest] = useState('');
  const [seed, setSeed] = useState('');
  const [sha, setSha] = useState<string | null>(null);
  const [drawn, setDrawn] = useState<DrawnUnit[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const id = Number(params.get('campaign'));
    if (!Number.isInteger(id) || id <= 0) return;
    void fetchPublishedLedger(id).then(
      (p) => {
        setManifest(p.manifestText);
        setSeed(p.seed ?? '');
      },
      () => setError(t('ib.redraw.notPublished')),
    );
  }, [params, t]);

  const run = async () => {
    setError(null);
    setDrawn(null);
    try {
      if (!isValidSeed(seed.trim())) throw new Error(t('ib.redraw.badSeed'));
      const m = parseManifest(manifest);
      setSha(await browserSha256(manifest));
      setDrawn(await drawSample(m.units, seed.trim(), m.sampleSize, browserSha256));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div style={{ maxWidth: 960, margin: '0 auto', padding: 12 }}>
      <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
        <LanguageSwitch compact />
      </div>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('ib.redraw.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('ib.redraw.intro')}</Typography.Paragraph>
      <Card>
        <Form layout="vertical" onFinish={() => void run()}>
          <Form.Item label={t('ib.redraw.manifest')}>
            <Input.TextArea
              aria-label={t('ib.redraw.manifest')}
              rows={8}
              value={manifest}
              onChange={(e) => setManifest(e.target.value)}
              style={{ fontFamily: 'monospace' }}
            />
          </Form.Item>
          <Form.Item label={t('ib.redraw.seed')}>
            <Input aria-label={t('ib.redraw.seed')} value={seed} onChange={(e) => setSeed(e.target.value)} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('ib.redraw.run')}
          </Button>
        </Form>
      </Card>
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} /> : null}
      {sha ? (
        <Typography.Paragraph style={{ marginTop: 12 }}>
          {t('ib.redraw.sha')}{' '}
          <Typography.Text code copyable>
            {sha}
          </Typography.Text>
        </Typography.Paragraph>
      ) : null}
      {drawn?.map((u) => (
        <Card key={u.code} size="small" title={`${u.name} (${u.code})`} style={{ marginTop: 12 }}>
          <Table
            size="small"
            rowKey="code"
            pagination={false}
            dataSource={u.teams}
            scroll={{ x: true }}
            columns={[
              { title: '#', dataIndex: 'rank', width: 48 },
              {
                title: t('ib.ledger.team'),
                render: (_, r) => (
                  <>
                    {r.name} <Typography.Text type="secondary">{r.code}</Typography.Text>{' '}
                    {r.sampled ? <Tag color="red">{t('ib.ledger.sampled')}</Tag> : null}
                  </>
                ),
              },
              {
                title: 'SHA-256',
                dataIndex: 'key',
                render: (k: string) => <Typography.Text code>{k}</Typography.Text>,
              },
            ]}
          />
        </Card>
      ))}
    </div>
  );
}
