import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type Role, roleLabels } from '../../domain/access/roles.js';
import { kindLabels, type OrgKind } from '../../domain/org/tree.js';
import { setApiLocale } from '../api/client.js';
import { interpolate, type Locale } from '../lib/format.js';
import type { messages as beMessages } from './areas/be.zh.js';
import type { messages as inspectionMessages } from './areas/inspection.zh.js';
import type { messages as projectsMessages } from './areas/projects.zh.js';
import type { messages as termsMessages } from './areas/terms.zh.js';
import type { Messages } from './zh-CN.js';

export type { Locale };
export type MessageKey =
  | keyof Messages
  | keyof typeof beMessages
  | keyof typeof inspectionMessages
  | keyof typeof projectsMessages
  | keyof typeof termsMessages;
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** The parts of the dictionary only some pages need, each loaded with the first of them. */
export type Area = 'be' | 'inspection' | 'projects' | 'terms';

type Texts = Readonly<Record<string, string>>;

/**
 * Each language's dictionary is its own chunk, loaded when that language is first used: a
 * phone downloads the one it shows, not both. It is split further: the texts every page needs,
 * and one chunk per area (branch evaluation, inspection, projects, terms) that the area's routes
 * load with their page (`routes.tsx`), so a member's phone never downloads the office's words.
 */
const loaders: Record<Locale, { core: () => Promise<Texts> } & Record<Area, () => Promise<Texts>>> = {
  'zh-CN': {
    core: async () => (await import('./zh-CN.js')).zhCN,
    be: async () => (await import('./areas/be.zh.js')).messages,
    inspection: async () => (await import('./areas/inspection.zh.js')).messages,
    projects: async () => (await import('./areas/projects.zh.js')).messages,
    terms: async () => (await import('./areas/terms.zh.js')).messages,
  },
  en: {
    core: async () => (await import('./en.js')).en,
    be: async () => (await import('./areas/be.en.js')).messages,
    inspection: async () => (await import('./areas/inspection.en.js')).messages,
    projects: async () => (await import('./areas/projects.en.js')).messages,
    terms: async () => (await import('./areas/terms.en.js')).messages,
  },
};
/** The texts loaded so far, per language (the core and the areas merged). */
const dictionaries: Partial<Record<Locale, Record<string, string>>> = {};
const loading = new Map<string, Promise<void>>();
/** The areas some page has asked for: a language switch loads them too before it shows. */
const wanted = new Set<Area>();

function loadPart(locale: Locale, part: 'core' | Area): Promise<void> {
  const key = `${locale}:${part}`;
  let p = loading.get(key);
  if (!p) {
    p = loaders[locale][part]().then(
      (m) => {
        dictionaries[locale] = { ...dictionaries[locale], ...m };
      },
      (e: unknown) => {
        // A failed chunk (network) may be tried again at the next switch or visit.
        loading.delete(key);
        throw e;
      },
    );
    loading.set(key, p);
  }
  return p;
}

/** Loads a language's every-page dictionary (and the areas already in use) once. */
export async function loadMessages(locale: Locale): Promise<void> {
  await Promise.all([loadPart(locale, 'core'), ...[...wanted].map((a) => loadPart(locale, a))]);
}

/**
 * Loads the texts of `areas` in the language on screen (a route calls this with its page's
 * module). A failed load leaves the page showing keys rather than not opening.
 */
export async function loadAreas(areas: readonly Area[]): Promise<void> {
  for (const a of areas) wanted.add(a);
  await Promise.all(areas.map((a) => loadPart(shown, a))).catch(() => undefined);
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

/**
 * The language on screen, for routes that load their area before the page renders (the router
 * starts loading the first page before React renders, so it starts as the stored choice).
 */
let shown: Locale = readStoredLocale();

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
  // already ask for this language (and routes load their area's texts in it). Assigning the
  // same value again is harmless.
  setApiLocale(locale);
  shown = locale;

  useEffect(() => {
    document.documentElement.lang = locale;
    // The server names this language's dictionary among the first files of a page it sends (a
    // browser without the Cookie Store API gets the Chinese one named, and loads its own as well).
    void globalThis.cookieStore
      ?.set({
        name: 'kaohe_lang',
        value: locale,
        path: '/',
        expires: Date.now() + 365 * 86_400_000,
        sameSite: 'lax',
      })
      .catch(() => undefined);
  }, [locale]);

  const setLocale = useCallback((l: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // Storage may be blocked (private mode); the choice then lasts for this page only.
    }
    // The page's areas are loaded before the switch, so no text shows as a key in between.
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
