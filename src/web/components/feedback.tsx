import { Alert, Button, Spin } from 'antd';
import { ApiError } from '../api/client.js';
import { type Locale, type Translate, useI18n } from '../i18n/index.js';
import { isRetryable } from '../lib/errors.js';

/** The text to show for any thrown value, in the current language. */
export function errorText(error: unknown, locale: Locale, t: Translate): string {
  if (error instanceof ApiError) return error.messageIn(locale);
  return t('error.unexpected');
}

/**
 * An error as a banner; 重试 only where trying again can help (a network or server failure),
 * never for a refusal, a missing record or a state that forbids it (lib/errors.isRetryable).
 */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { locale, t } = useI18n();
  if (!error) return null;
  const retry = onRetry && (!(error instanceof ApiError) || isRetryable(error.status)) ? onRetry : undefined;
  return (
    <Alert
      type="error"
      showIcon
      title={errorText(error, locale, t)}
      action={
        retry ? (
          <Button size="small" onClick={retry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  );
}

/**
 * While the app itself is loading (its first route, who is logged in): the page's own splash
 * (index.html), drawn again as it was, so the first thing a phone paints stays on screen instead
 * of giving way to an empty page with a spinner until the first screen is ready.
 */
export function FullPageSpinner() {
  return (
    <div className="kh-splash" role="status">
      <img src="/favicon.svg" alt="" width={48} height={48} />
      <p>党建考核管理平台</p>
      <small>正在加载… Loading…</small>
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
