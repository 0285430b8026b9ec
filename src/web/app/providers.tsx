import { App as AntApp, ConfigProvider, type ConfigProviderProps } from 'antd';
import enUSModule from 'antd/es/locale/en_US.js';
import zhCNModule from 'antd/es/locale/zh_CN.js';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.js';

type AntLocale = NonNullable<ConfigProviderProps['locale']>;
/**
 * antd's locale files are ES modules, but TypeScript (NodeNext) reads their typings as
 * CommonJS and expects one more `.default` than the bundle has. Accept both shapes.
 */
const unwrap = (m: unknown): AntLocale => ((m as { default?: AntLocale }).default ?? m) as AntLocale;
const enUS = unwrap(enUSModule);
const zhCN = unwrap(zhCNModule);

/** 党建红: the colour party organisations print their material in; white on it passes WCAG AA. */
const PARTY_RED = '#c4161c';

/** antd's language and theme follow the app's language switch. */
export function AntdProvider({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  return (
    <ConfigProvider
      locale={locale === 'en' ? enUS : zhCN}
      // antd would render "登录" as "登 录"; the accessible name must stay the word itself.
      button={{ autoInsertSpace: false }}
      theme={{
        token: {
          colorPrimary: PARTY_RED,
          colorLink: '#a8071a',
          borderRadius: 6,
          // antd's secondary grey (#8c8c8c, 3.4:1 on white) fails WCAG AA for text; these keep
          // 4.5:1 on white and on the page's grey background, placeholders included.
          colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
          colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
        },
        components: {
          Layout: { headerBg: '#fff', siderBg: '#fff', headerHeight: 56, headerPadding: '0 16px' },
          // Status tags print their text in the status colour on its pale background: antd's
          // greens and oranges there fall under 4.5:1, these darker shades do not.
          Tag: {
            colorSuccess: '#237804',
            colorWarning: '#ad4e00',
            colorInfo: '#0958d9',
            colorError: '#a8071a',
          },
        },
      }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}
