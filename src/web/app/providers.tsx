import { App as AntApp, ConfigProvider, type ConfigProviderProps } from 'antd';
import enUSModule from 'antd/es/locale/en_US.js';
import zhCNModule from 'antd/es/locale/zh_CN.js';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.js';
import { appTheme } from './theme.js';

type AntLocale = NonNullable<ConfigProviderProps['locale']>;
/**
 * antd's locale files are ES modules, but TypeScript (NodeNext) reads their typings as
 * CommonJS and expects one more `.default` than the bundle has. Accept both shapes.
 */
const unwrap = (m: unknown): AntLocale => ((m as { default?: AntLocale }).default ?? m) as AntLocale;
const enUS = unwrap(enUSModule);
const zhCN = unwrap(zhCNModule);

/** antd's language and theme follow the app's language switch. */
export function AntdProvider({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  return (
    <ConfigProvider
      locale={locale === 'en' ? enUS : zhCN}
      // antd would render "登录" as "登 录"; the accessible name must stay the word itself.
      button={{ autoInsertSpace: false }}
      theme={appTheme}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}
