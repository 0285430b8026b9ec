import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { type Locale, locales, useI18n } from '../i18n/index.js';
import { MenuButton } from './menu-button.js';

/** 中文 / English; the choice is kept in localStorage by the i18n provider. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { locale, setLocale, t } = useI18n();
  const current = locales.find((l) => l.value === locale)?.label ?? locale;
  return (
    <MenuButton
      menu={{
        selectable: true,
        selectedKeys: [locale],
        items: locales.map((l) => ({ key: l.value, label: <span lang={l.value}>{l.label}</span> })),
        onClick: ({ key }) => setLocale(key as Locale),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={`${t('header.language')}: ${current}`}>
        {compact ? null : current}
      </Button>
    </MenuButton>
  );
}
