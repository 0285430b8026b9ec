import { Typography } from 'antd';
import { useEffect } from 'react';
import { useI18n } from '../i18n/index.js';

/** Names the browser tab after the page, so tabs, history and screen readers tell pages apart. */
export function useDocumentTitle(title: string | null) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = title ? `${title} · ${t('app.name')}` : t('app.name');
  }, [title, t]);
}

/** The one visible heading of a page (h1 for screen-reader navigation), also the tab's title. */
export function PageTitle({ children }: { children: string }) {
  useDocumentTitle(children);
  return (
    <Typography.Title level={1} style={{ margin: '0 0 16px', fontSize: 22 }}>
      {children}
    </Typography.Title>
  );
}
