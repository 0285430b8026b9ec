import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type Role, roleLabels } from '../../domain/access/roles.js';
import { kindLabels, type OrgKind } from '../../domain/org/tree.js';
import { setApiLocale } from '../api/client.js';
import { interpolate, type Locale } from '../lib/format.js';
import type { Messages } from './zh-CN.js';

export type { Locale };
export type MessageKey = keyof Messages;
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/**
 * Each language's dictionary is its own chunk, loaded when that language is first used: a
 * phone downloads the one it shows, not both (they are the largest part of the app's text).
 */
const loaders: Record<Locale, () => Promise<Messages>> = {
  'zh-CN': async () => (await import('./zh-CN.js')).zhCN,
  en: async () => (await import('./en.js')).en,
};
const dictionaries: Partial<Record<Locale, Messages>> = {};
const loading: Partial<Record<Locale, Promise<Messages>>> = {};

/** Loads a language's dictionary once; later calls share the first load. */
export function loadMessages(locale: Locale): Promise<Messages> {
  const done = dictionaries[locale];
  if (done) return Promise.resolve(done);
  loading[locale] ??= loaders[locale]().then(
    (m) => {
      dictionaries[locale] = m;
      return m;
    },
    (e: unknown) => {
      // A failed chunk (network) may be tried again at the next switch.
      delete loading[locale];
      throw e;
    },
  );
  return loading[locale];
}

const STORAGE_KEY = 'kaohe.locale';

export const locales: readonly { value: Locale; label: string }[] = [
  // Each language is named in itself, so a user who cannot read the current one finds theirs.
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
];

/** The language the user chose last on this device (Chinese when none). */
export function readStoredLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** A text of a loaded language; the key itself while a dictionary is still on its way. */
export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = dictionaries[locale]?.[key];
  return text === undefined ? key : interpolate(text, vars);
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

/**
 * Provides the language. `main.tsx` loads the stored language's dictionary before the first
 * render; a switch loads the other one and changes the language once it has arrived.
 */
export function I18nProvider({ children, initial }: { children: ReactNode; initial: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(initial);
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
    loadMessages(l).then(
      () => setLocaleState(l),
      // Offline: the page stays in its language; the next switch tries again.
      () => undefined,
    );
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
