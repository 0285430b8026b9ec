import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type Role, roleLabels } from '../../domain/access/roles.js';
import { kindLabels, type OrgKind } from '../../domain/org/tree.js';
import { setApiLocale } from '../api/client.js';
import { interpolate, type Locale } from '../lib/format.js';
import { en } from './en.js';
import { type Messages, zhCN } from './zh-CN.js';

export type { Locale };
export type MessageKey = keyof Messages;
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const dictionaries: Record<Locale, Messages> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'kaohe.locale';

export const locales: readonly { value: Locale; label: string }[] = [
  // Each language is named in itself, so a user who cannot read the current one finds theirs.
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
];

function readStoredLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  return interpolate(dictionaries[locale][key], vars);
}

interface I18n {
  locale: Locale;
  setLocale(l: Locale): void;
  t: Translate;
  /** A role's name from the domain's table (系统管理员 / Administrator). */
  roleLabel(role: Role): string;
  /** An org kind's name (党支部 / Branch). */
  kindLabel(kind: OrgKind): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(readStoredLocale);
  // Set during render, not in an effect: the first queries start before effects run and must
  // already ask for this language. Assigning the same value again is harmless.
  setApiLocale(locale);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((l: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // Storage may be blocked (private mode); the choice then lasts for this page only.
    }
    setLocaleState(l);
  }, []);

  const value = useMemo<I18n>(() => {
    const side = locale === 'en' ? 'en' : 'zh';
    return {
      locale,
      setLocale,
      t: (key, vars) => translate(locale, key, vars),
      roleLabel: (role) => roleLabels[role][side],
      kindLabel: (kind) => kindLabels[kind][side],
    };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
