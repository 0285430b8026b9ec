import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useI18n } from '../../i18n/index.js';

/** The way back from a campaign's ballot, slip and ledger pages to the campaign itself. */
export function CampaignBackLink({ campaignId }: { campaignId: number }) {
  const { t } = useI18n();
  return (
    <Link to={`/inspection/${campaignId}`} style={{ display: 'inline-block', marginBottom: 8 }}>
      <ArrowLeftOutlined aria-hidden /> {t('insp.link.back')}
    </Link>
  );
}
