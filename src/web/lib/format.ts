/** Formatting helpers shared by the pages; pure so they can be tested in node. */

export type Locale = 'zh-CN' | 'en';

/** Replaces `{name}` placeholders; an unknown placeholder stays visible rather than vanishing. */
export function interpolate(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const v = vars[key];
    return v === undefined ? whole : String(v);
  });
}

/** The placeholders a template uses, sorted (the dictionary test compares them across languages). */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

const CHINA_OFFSET_MS = 8 * 3600_000;

/**
 * A timestamp in Beijing time as `YYYY-MM-DD HH:mm:ss`, whatever the browser's zone: the
 * organisation works on Beijing time and audit rows must read the same for everyone.
 */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = new Date(t + CHINA_OFFSET_MS).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 19)}`;
}

/** `date` moved into `[min, max]` (ISO dates compare as text); either bound may be absent. */
export function clampDate(date: string, min?: string, max?: string): string {
  if (min !== undefined && date < min) return min;
  if (max !== undefined && date > max) return max;
  return date;
}

/**
 * A calendar day written out in full (`2026年12月7日星期一`, `Monday, December 7, 2026`): the
 * day itself, never shifted by the browser's zone.
 */
export function formatLongDate(isoDate: string, locale: Locale): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** Builds a query string from defined, non-empty values (`?a=1&b=x`), or '' when there are none. */
export function toQueryString(params: Record<string, string | number | boolean | null | undefined>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** Weekday of an ISO date (0 = Sunday), computed in UTC so the browser's zone cannot shift it. */
export function weekdayOf(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** Pretty-prints a JSON value for the audit view; `null`/`undefined` become an empty string. */
export function prettyJson(value: unknown): string {
  if (value === null || value === undefined) return '';
  return JSON.stringify(value, null, 2);
}

/**
 * The UTC instant at which a Beijing calendar day starts (`end` = its last millisecond), as
 * the ISO string the audit log stores: a filter "from 3-16" must start at 00:00 Beijing time,
 * which is 16:00 UTC the day before.
 */
export function chinaDayBoundaryUtc(isoDate: string, edge: 'start' | 'end'): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const startUtc = Date.UTC(y, m - 1, d) - CHINA_OFFSET_MS;
  return new Date(edge === 'start' ? startUtc : startUtc + 86_400_000 - 1).toISOString();
}
