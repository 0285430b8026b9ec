import { Alert, Button, Card, Input, Radio, Result, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { type Rating, ratingLabels, ratings } from '../../../domain/inspection/ballots.js';
import { errorText } from '../../components/feedback.js';
import { LanguageSwitch } from '../../components/language-switch.js';
import { useDocumentTitle } from '../../components/page-title.js';
import { castBallot, checkCode } from '../../features/inspection-ballots/api.js';
import { useI18n } from '../../i18n/index.js';

type Checked = Awaited<ReturnType<typeof checkCode>>;

/** The public "was my code counted" page of a campaign (the code itself is never in the URL). */
const countedUrl = (campaignId: number) => `/ballot/counted?campaign=${campaignId}`;

/**
 * The public ballot (民主测评), opened from a slip's QR code: `/ballot#CODE`. The code is read
 * from the URL fragment (never sent to the server in a URL) and then removed from the address
 * bar and history; it travels only in the POST bodies. No login; made for a phone.
 */
export function BallotPage() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('ib.ballot.title'));
  const [code, setCode] = useState('');
  const [typed, setTyped] = useState('');
  const [ballot, setBallot] = useState<Checked | null>(null);
  const [answers, setAnswers] = useState<Record<string, Rating>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const open = async (c: string) => {
    setBusy(true);
    setError(null);
    try {
      setBallot(await checkCode(c));
      setCode(c);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once, on the fragment the page was opened with
  useEffect(() => {
    const fromHash = decodeURIComponent(window.location.hash.replace(/^#/, ''));
    if (fromHash) {
      window.history.replaceState(null, '', window.location.pathname);
      void open(fromHash);
    }
  }, []);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await castBallot(code, answers);
      setDone(true);
      setCode('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const label = (r: Rating) => (locale === 'en' ? ratingLabels[r].en : ratingLabels[r].zh);
  const complete = ballot?.items.every((i) => answers[String(i.itemNo)]) === true;

  return (
    <div style={{ maxWidth: 560, margin: '0 auto', padding: 12 }}>
      <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
        <LanguageSwitch compact />
      </div>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('ib.ballot.title')}
      </Typography.Title>
      {error ? (
        <Alert type="error" showIcon title={errorText(error, locale, t)} style={{ marginBottom: 12 }} />
      ) : null}
      {done ? (
        <Result
          status="success"
          title={t('ib.ballot.thanks')}
          subTitle={t('ib.ballot.thanksHint')}
          extra={
            ballot ? (
              <>
                <Typography.Paragraph>
                  <Link to={countedUrl(ballot.campaignId)}>{t('ib.ballot.counted')}</Link>
                </Typography.Paragraph>
                <Typography.Paragraph type="secondary">{t('ib.ballot.countedHint')}</Typography.Paragraph>
              </>
            ) : null
          }
        />
      ) : ballot ? (
        <>
          <Typography.Paragraph>
            <strong>{ballot.campaignTitle}</strong>
            <br />
            {t('ib.ballot.unit', { unit: ballot.unitName })}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary">
            {t('ib.ballot.anonymous')} {/* A new tab, so the ballot being filled in stays open. */}
            <Link to={countedUrl(ballot.campaignId)} target="_blank" rel="noopener">
              {t('ib.ballot.checkLater')}
            </Link>
          </Typography.Paragraph>
          <Space direction="vertical" style={{ width: '100%' }} size={12}>
            {ballot.items.map((item) => (
              <Card key={item.itemNo} size="small" title={locale === 'en' ? item.en : item.zh}>
                <Radio.Group
                  aria-label={locale === 'en' ? item.en : item.zh}
                  value={answers[String(item.itemNo)]}
                  onChange={(e) =>
                    setAnswers({ ...answers, [String(item.itemNo)]: e.target.value as Rating })
                  }
                  optionType="button"
                  buttonStyle="solid"
                  style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}
                  options={ratings.map((r) => ({ value: r, label: label(r) }))}
                />
              </Card>
            ))}
          </Space>
          <Button
            type="primary"
            size="large"
            block
            style={{ marginTop: 16 }}
            disabled={!complete}
            loading={busy}
            onClick={() => void submit()}
          >
            {t('ib.ballot.submit')}
          </Button>
        </>
      ) : (
        <Card>
          <Typography.Paragraph>{t('ib.ballot.enterCode')}</Typography.Paragraph>
          <Space.Compact style={{ width: '100%' }}>
            <Input
              aria-label={t('ib.ballot.code')}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              placeholder="XXXX-XXXX-XXXX-XXXX"
              autoComplete="off"
            />
            <Button type="primary" loading={busy} onClick={() => void open(typed)}>
              {t('ib.ballot.openCode')}
            </Button>
          </Space.Compact>
        </Card>
      )}
    </div>
  );
}
