import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { ButtonLink } from '../../components/button-link.js';
import { ErrorAlert, PageSpinner } from '../../components/feedback.js';
import { useDocumentTitle } from '../../components/page-title.js';
import { downloadResults, useResults } from '../../features/inspection/api.js';
import { ComponentsChart, RankingTable, UnitResultDrawer } from '../../features/inspection/results.js';
import { useI18n } from '../../i18n/index.js';

/** The ranking with every component, the chart, Excel, the printable report and per-unit detail. */
export function ResultsPage() {
  const id = Number(useParams().id);
  const { t, locale } = useI18n();
  const q = useResults(id);
  const [unit, setUnit] = useState<number | null>(null);
  useDocumentTitle(q.data ? t('insp.res.heading', { year: q.data.year }) : t('insp.results'));
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  if (!d) return <PageSpinner />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('insp.res.heading', { year: d.year })}</Typography.Title>
      {d.published ? null : <Alert type="warning" showIcon message={t('insp.res.notPublished')} />}
      <Space wrap>
        <Button icon={<DownloadOutlined />} onClick={() => void downloadResults(id)}>
          {t('insp.export')}
        </Button>
        <ButtonLink icon={<PrinterOutlined />} to={`/inspection/${id}/report`}>
          {t('insp.res.print')}
        </ButtonLink>
      </Space>
      {d.notes.map((n) => (
        <Alert key={n.en} type="info" showIcon message={locale === 'en' ? n.en : n['zh-CN']} />
      ))}
      <RankingTable data={d} onDetail={setUnit} />
      <Typography.Text type="secondary">
        {t('insp.res.rule', { rule: d.ruleVersion, v: d.weightVersion })}
      </Typography.Text>
      <Card title={t('insp.res.chart')} size="small">
        <ComponentsChart campaignId={id} />
      </Card>
      <UnitResultDrawer campaignId={id} unitId={unit} onClose={() => setUnit(null)} />
    </Space>
  );
}
