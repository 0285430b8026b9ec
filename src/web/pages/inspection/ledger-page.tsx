import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorAlert, errorText, PageSpinner } from '../../components/feedback.js';
import { PageTitle } from '../../components/page-title.js';
import { CampaignBackLink } from '../../features/inspection/back-link.js';
import { useFreeze, useLedger, useScore } from '../../features/inspection-ballots/api.js';
import { useI18n } from '../../i18n/index.js';

/** The ledger spot-check (抽查基层班组台帐): freeze the manifest, then the seed screen draws; inspectors score. */
export function LedgerPage() {
  const { t, locale } = useI18n();
  const id = Number(useParams().id);
  const ledger = useLedger(id);
  const freeze = useFreeze(id);
  const score = useScore(id);
  const [k, setK] = useState(3);
  const [drawDate, setDrawDate] = useState<string | undefined>(undefined);
  const [scoring, setScoring] = useState<{ teamId: number; name: string } | null>(null);
  // Each row keeps a local key so editing one does not remount the others.
  const [deductions, setDeductionRows] = useState<{ key: number; points: number; note: string }[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const setDeductions = (rows: { key?: number; points: number; note: string }[]) => {
    let k = nextKey;
    setDeductionRows(rows.map((r) => ({ ...r, key: r.key ?? k++ })));
    setNextKey(k);
  };
  if (ledger.isPending) return <PageSpinner />;
  if (ledger.error) return <ErrorAlert error={ledger.error} onRetry={() => void ledger.refetch()} />;
  const l = ledger.data;
  const download = () => {
    const blob = new Blob([l.manifestText ?? ''], { type: 'text/plain;charset=utf-8' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `manifest-${l.campaignId}.txt`;
    a.click();
    URL.revokeObjectURL(a.href);
  };
  return (
    <>
      <CampaignBackLink campaignId={id} />
      <PageTitle>{t('ib.ledger.title', { title: l.title })}</PageTitle>
      {l.state === 'open' ? (
        <Card title={t('ib.ledger.freezeTitle')}>
          <Typography.Paragraph type="secondary">{t('ib.ledger.freezeIntro')}</Typography.Paragraph>
          <Space wrap>
            <Form.Item label={t('ib.ledger.k')}>
              <InputNumber min={1} max={50} value={k} onChange={(v) => setK(v ?? 3)} />
            </Form.Item>
            <Form.Item label={t('ib.ledger.drawDate')}>
              <DatePicker onChange={(_, s) => setDrawDate(typeof s === 'string' && s ? s : undefined)} />
            </Form.Item>
            <Button
              type="primary"
              loading={freeze.isPending}
              onClick={() => freeze.mutate({ sampleSize: k, drawDate })}
            >
              {t('ib.ledger.freeze')}
            </Button>
          </Space>
          {freeze.error ? <Alert type="error" showIcon title={errorText(freeze.error, locale, t)} /> : null}
        </Card>
      ) : (
        <Card>
          <Typography.Paragraph>
            {t('ib.ledger.manifestSha')}{' '}
            <Typography.Text code copyable>
              {l.manifestSha256}
            </Typography.Text>
          </Typography.Paragraph>
          <Space wrap>
            <Button onClick={download}>{t('ib.ledger.downloadManifest')}</Button>
            <Link to={`/inspection/${id}/ledger/seed`}>{t('ib.ledger.seedScreen')}</Link>
            <Link to={`/redraw?campaign=${id}`}>{t('ib.redraw.title')}</Link>
            {l.seed ? <Tag>{t('ib.ledger.seedIs', { seed: l.seed })}</Tag> : null}
            <Tag color={l.state === 'drawn' ? 'green' : 'blue'}>{t(`ib.ledger.state.${l.state}`)}</Tag>
          </Space>
        </Card>
      )}
      {l.units.map((u) => (
        <Card
          key={u.unitId}
          size="small"
          style={{ marginTop: 12 }}
          title={u.name}
          extra={u.component === null ? null : t('ib.ledger.component', { score: u.component.toFixed(2) })}
        >
          <Table
            size="small"
            rowKey="teamId"
            pagination={false}
            scroll={{ x: true }}
            dataSource={u.teams}
            columns={[
              { title: '#', dataIndex: 'rank', width: 48 },
              { title: t('ib.ledger.team'), render: (_, r) => `${r.name} (${r.code})` },
              {
                title: '',
                render: (_, r) => (r.sampled ? <Tag color="red">{t('ib.ledger.sampled')}</Tag> : null),
              },
              { title: t('ib.ledger.score'), render: (_, r) => (r.score === null ? '' : r.score.toFixed(2)) },
              {
                title: t('common.actions'),
                render: (_, r) =>
                  r.sampled ? (
                    <Button
                      size="small"
                      onClick={() => {
                        setDeductions(r.deductions);
                        setScoring({ teamId: r.teamId, name: r.name });
                      }}
                    >
                      {t('ib.ledger.scoreAction')}
                    </Button>
                  ) : null,
              },
            ]}
          />
        </Card>
      ))}
      <Modal
        open={scoring !== null}
        title={scoring?.name}
        onCancel={() => setScoring(null)}
        confirmLoading={score.isPending}
        onOk={() =>
          scoring &&
          score.mutate(
            { teamId: scoring.teamId, body: { deductions } },
            { onSuccess: () => setScoring(null) },
          )
        }
      >
        {deductions.map((d, i) => (
          <Space key={d.key} style={{ display: 'flex', marginBottom: 8 }}>
            <InputNumber
              aria-label={t('ib.ledger.deduction')}
              min={0.01}
              max={100}
              step={0.5}
              value={d.points}
              onChange={(v) =>
                setDeductions(deductions.map((x, j) => (j === i ? { ...x, points: v ?? 0 } : x)))
              }
            />
            <Input
              aria-label={t('ib.ledger.note')}
              defaultValue={d.note}
              onBlur={(e) =>
                setDeductions(deductions.map((x, j) => (j === i ? { ...x, note: e.target.value } : x)))
              }
            />
            <Button onClick={() => setDeductions(deductions.filter((_, j) => j !== i))}>×</Button>
          </Space>
        ))}
        <Button onClick={() => setDeductions([...deductions, { points: 1, note: '' }])}>
          {t('ib.ledger.addDeduction')}
        </Button>
        {score.error ? (
          <Alert type="error" showIcon title={errorText(score.error, locale, t)} style={{ marginTop: 8 }} />
        ) : null}
      </Modal>
    </>
  );
}
