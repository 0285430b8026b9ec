import { Alert, Button, Spin } from 'antd';
import { ApiError } from '../api/client.js';
import { type Locale, type Translate, useI18n } from '../i18n/index.js';

/** The text to show for any thrown value, in the current language. */
export function errorText(error: unknown, locale: Locale, t: Translate): string {
  if (error instanceof ApiError) return error.messageIn(locale);
  return t('error.unexpected');
}

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { locale, t } = useI18n();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      title={errorText(error, locale, t)}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  );
}

export function FullPageSpinner() {
  return (
    <div className="kh-center-screen">
      <Spin size="large" />
    </div>
  );
}

export function PageSpinner() {
  const { t } = useI18n();
  return (
    <div className="kh-page-spinner" role="status" aria-live="polite">
      <Spin />
      <span className="kh-visually-hidden">{t('common.loading')}</span>
    </div>
  );
}
