import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Typography } from 'antd';
import { useParams } from 'react-router';
import { useToday } from '../../app/server-day.js';
import { ErrorAlert, PageSpinner } from '../../components/feedback.js';
import { useDocumentTitle } from '../../components/page-title.js';
import { useResults } from '../../features/inspection/api.js';
import { RankingTable } from '../../features/inspection/results.js';
import { useI18n } from '../../i18n/index.js';

/** The printable results for the secretaries' monthly meeting: the same on screen and on A4. */
export function ReportPage() {
  const id = Number(useParams().id);
  const { t, locale } = useI18n();
  const today = useToday();
  const q = useResults(id);
  useDocumentTitle(
    q.data ? t('insp.report.heading', { org: q.data.orgName, year: q.data.year }) : t('insp.results'),
  );
  if (q.error) return <ErrorAlert error={q.error} />;
  const d = q.data;
  if (!d) return <PageSpinner />;
  return (
    <div className="kh-insp-report">
      <Space className="kh-no-print" style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('insp.res.print')}
        </Button>
      </Space>
      <Typography.Title level={2} style={{ textAlign: 'center' }}>
        {t('insp.report.heading', { org: d.orgName, year: d.year })}
      </Typography.Title>
      <Typography.Paragraph style={{ textAlign: 'center' }} type="secondary">
        {t('insp.report.meeting')} · {today}
      </Typography.Paragraph>
      {d.published ? null : <Alert type="warning" message={t('insp.res.notPublished')} />}
      <RankingTable data={d} />
      {d.notes.map((n) => (
        <Typography.Paragraph key={n.en}>{locale === 'en' ? n.en : n['zh-CN']}</Typography.Paragraph>
      ))}
      <Typography.Paragraph type="secondary">
        {t('insp.res.rule', { rule: d.ruleVersion, v: d.weightVersion })}
      </Typography.Paragraph>
    </div>
  );
}
