import { Alert, Button, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorAlert, errorText, PageSpinner } from '../../components/feedback.js';
import { useDraw, useLedger, useSetSeed } from '../../features/inspection-ballots/api.js';
import { useI18n } from '../../i18n/index.js';

/**
 * The seed screen for the kick-off meeting: the frozen manifest's fingerprint, the seed drawn in
 * the room shown large, and the draw; once drawn, the sample per unit in large type.
 */
export function SeedScreenPage() {
  const { t, locale } = useI18n();
  const id = Number(useParams().id);
  const ledger = useLedger(id);
  const setSeed = useSetSeed(id);
  const draw = useDraw(id);
  const [seed, setSeedText] = useState('');
  if (ledger.isPending) return <PageSpinner />;
  if (ledger.error) return <ErrorAlert error={ledger.error} />;
  const l = ledger.data;
  const error = setSeed.error ?? draw.error;
  return (
    <div style={{ textAlign: 'center', padding: 24 }}>
      <Typography.Title level={1} style={{ fontSize: 32 }}>
        {t('ib.seed.title', { title: l.title })}
      </Typography.Title>
      {l.state === 'open' ? (
        <Alert type="warning" showIcon title={t('ib.seed.freezeFirst')} />
      ) : (
        <>
          <Typography.Paragraph>
            {t('ib.ledger.manifestSha')}
            <br />
            <Typography.Text code style={{ fontSize: 18, wordBreak: 'break-all' }}>
              {l.manifestSha256}
            </Typography.Text>
          </Typography.Paragraph>
          <div
            role="status"
            aria-label={t('ib.seed.current')}
            style={{
              fontSize: 'min(18vw, 160px)',
              fontFamily: 'monospace',
              fontWeight: 700,
              letterSpacing: 8,
            }}
          >
            {l.seed ?? '—'}
          </div>
          {l.state !== 'drawn' ? (
            <Space wrap style={{ justifyContent: 'center' }}>
              <Input
                aria-label={t('ib.seed.input')}
                size="large"
                style={{ width: 240, fontSize: 24 }}
                value={seed}
                onChange={(e) => setSeedText(e.target.value)}
              />
              <Button size="large" onClick={() => setSeed.mutate(seed.trim())} loading={setSeed.isPending}>
                {t('ib.seed.record')}
              </Button>
              <Button
                size="large"
                type="primary"
                disabled={!l.seed}
                loading={draw.isPending}
                onClick={() => draw.mutate(undefined)}
              >
                {t('ib.seed.draw')}
              </Button>
            </Space>
          ) : (
            <div style={{ textAlign: 'left', maxWidth: 900, margin: '24px auto', fontSize: 22 }}>
              {l.units.map((u) => (
                <div key={u.unitId} style={{ marginBottom: 12 }}>
                  <strong>{u.name}</strong>：
                  {u.teams
                    .filter((tm) => tm.sampled)
                    .map((tm) => tm.name)
                    .join('、') || t('ib.seed.noTeams')}
                </div>
              ))}
            </div>
          )}
          {error ? (
            <Alert type="error" showIcon title={errorText(error, locale, t)} style={{ marginTop: 16 }} />
          ) : null}
          <div style={{ marginTop: 24 }}>
            <Link to={`/inspection/${id}/ledger`}>{t('common.back')}</Link>
          </div>
        </>
      )}
    </div>
  );
}
