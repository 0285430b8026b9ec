import { Alert, Button, Form, InputNumber, Space, Table, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { formatCode } from '../../../domain/inspection/ballots.js';
import { ErrorAlert, errorText, PageSpinner } from '../../components/feedback.js';
import { PageTitle } from '../../components/page-title.js';
import { CampaignBackLink } from '../../features/inspection/back-link.js';
import { useBallotOverview, useIssueBatch } from '../../features/inspection-ballots/api.js';
import { useI18n } from '../../i18n/index.js';

interface Slip {
  code: string;
  unitName: string;
  url: string;
  qr: string;
}

/**
 * The printable ballot pack: the organiser chooses how many codes each unit gets, the server
 * answers with the codes in random order (the only time they exist in plain text), and the page
 * lays them out as A4 slips, each with the ballot URL and its QR code. Reloading loses them.
 */
export function BallotPackPage() {
  const { t, locale } = useI18n();
  const id = Number(useParams().id);
  const overview = useBallotOverview(id);
  const issue = useIssueBatch(id);
  const [counts, setCounts] = useState<Record<number, number>>({});
  const [slips, setSlips] = useState<Slip[]>([]);
  const [title, setTitle] = useState('');

  useEffect(() => {
    const data = issue.data;
    if (!data) return;
    setTitle(data.campaignTitle);
    void Promise.all(
      data.slips.map(async (s) => {
        const url = `${window.location.origin}/ballot#${s.code}`;
        return {
          code: s.code,
          unitName: s.unitName,
          url,
          qr: await QRCode.toDataURL(url, { margin: 1, width: 240 }),
        };
      }),
    ).then(setSlips);
  }, [issue.data]);

  if (overview.isPending) return <PageSpinner />;
  if (overview.error) return <ErrorAlert error={overview.error} />;
  const o = overview.data;

  if (slips.length > 0) {
    return (
      <div className="kh-ballot-pack">
        <Space className="kh-no-print" style={{ marginBottom: 12 }}>
          <Button type="primary" onClick={() => window.print()}>
            {t('ib.pack.print')}
          </Button>
          <Typography.Text type="secondary">{t('ib.pack.onlyNow', { n: slips.length })}</Typography.Text>
        </Space>
        <div className="kh-slips">
          {slips.map((s) => (
            <section key={s.code} className="kh-slip" aria-label={t('ib.pack.slip')}>
              <img src={s.qr} alt={t('ib.pack.qr')} width={120} height={120} />
              <div>
                <strong>{title}</strong>
                <div>{t('ib.ballot.unit', { unit: s.unitName })}</div>
                <div className="kh-slip-code">{formatCode(s.code)}</div>
                <div className="kh-slip-url">{s.url}</div>
                <div className="kh-slip-hint">{t('ib.pack.hint')}</div>
              </div>
            </section>
          ))}
        </div>
        <style>{`
          .kh-slips { display: grid; grid-template-columns: repeat(2, 1fr); gap: 0; }
          .kh-slip { display: flex; gap: 8px; border: 1px dashed #999; padding: 8px; break-inside: avoid; font-size: 12px; }
          .kh-slip-code { font-family: monospace; font-size: 14px; margin-top: 4px; }
          .kh-slip-url { font-family: monospace; font-size: 9px; word-break: break-all; color: #555; }
          .kh-slip-hint { color: #555; margin-top: 4px; }
          @media print {
            @page { size: A4; margin: 10mm; }
            .kh-no-print, header, nav, aside, .ant-layout-sider, .ant-layout-header { display: none !important; }
            .kh-slip { height: 46mm; }
          }
        `}</style>
      </div>
    );
  }

  return (
    <>
      <CampaignBackLink campaignId={id} />
      <PageTitle>{t('ib.pack.title', { title: o.title })}</PageTitle>
      <Typography.Paragraph type="secondary">{t('ib.pack.intro')}</Typography.Paragraph>
      {issue.error ? <Alert type="error" showIcon title={errorText(issue.error, locale, t)} /> : null}
      <Form
        onFinish={() =>
          issue.mutate({
            units: o.units
              .map((u) => ({ unitId: u.unitId, count: counts[u.unitId] ?? 0 }))
              .filter((u) => u.count > 0),
          })
        }
      >
        <Table
          rowKey="unitId"
          size="small"
          pagination={false}
          dataSource={o.units}
          columns={[
            { title: t('ib.unit'), dataIndex: 'name' },
            { title: t('ib.box.issued'), dataIndex: 'issued' },
            {
              title: t('ib.pack.count'),
              render: (_, u) => (
                <InputNumber
                  aria-label={t('ib.pack.countFor', { unit: u.name })}
                  min={0}
                  max={2000}
                  value={counts[u.unitId] ?? 0}
                  onChange={(v) => setCounts({ ...counts, [u.unitId]: v ?? 0 })}
                />
              ),
            },
          ]}
        />
        <Button
          type="primary"
          htmlType="submit"
          style={{ marginTop: 12 }}
          loading={issue.isPending}
          disabled={Object.values(counts).every((c) => !c)}
        >
          {t('ib.pack.generate')}
        </Button>
      </Form>
    </>
  );
}
