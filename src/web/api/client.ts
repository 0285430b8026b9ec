import { fileNameFromDisposition } from '../lib/download.js';
import type { Locale } from '../lib/format.js';
import { NdjsonSplitter } from '../lib/ndjson.js';

/** Every API path is under this prefix; callers pass the rest (`/orgs`). */
export const API_BASE = '/api/v1';

interface ErrorPayload {
  error?: {
    code?: string;
    message?: string;
    messages?: Partial<Record<Locale, string>>;
    details?: unknown;
  };
}

/**
 * A failed API call. `messages` holds the server's text in both languages so a page can
 * render the error in whichever language is current, even after the user switches.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messages: Record<Locale, string>;
  readonly details: unknown;

  constructor(status: number, code: string, messages: Record<Locale, string>, details?: unknown) {
    super(messages.en);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.messages = messages;
    this.details = details;
  }

  messageIn(locale: Locale): string {
    return this.messages[locale];
  }

  /** `validation_failed` issues, when the server listed them. */
  get issues(): { path: string; message: string }[] {
    const issues = (this.details as { issues?: unknown } | undefined)?.issues;
    return Array.isArray(issues) ? (issues as { path: string; message: string }[]) : [];
  }
}

/**
 * The words of the errors the client itself raises, in both languages at once: the error may
 * be shown after a language switch, and the dictionaries are loaded one language at a time.
 */
const clientErrorMessages: Record<'network_error' | 'bad_response', Record<Locale, string>> = {
  network_error: {
    'zh-CN': '无法连接服务器，请检查网络后重试',
    en: 'Cannot reach the server; check the network and try again',
  },
  bad_response: {
    'zh-CN': '服务器返回了无法识别的数据，请稍后重试',
    en: 'The server sent a reply the app cannot read; try again later',
  },
};

/** An error the client itself raises (network down, unreadable reply). */
export function clientError(
  status: number,
  code: 'network_error' | 'bad_response',
  detail?: string,
): ApiError {
  return new ApiError(status, code, clientErrorMessages[code], detail ? { reason: detail } : undefined);
}

let csrfToken: string | null = null;
let locale: Locale = 'zh-CN';
let onUnauthorized: ((err: ApiError) => void) | null = null;
let onPasswordChangeRequired: (() => void) | null = null;

/** Set from the login and /auth/me replies; every non-GET request carries it. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** The UI language, sent as Accept-Language so server-made files (templates) match it. */
export function setApiLocale(l: Locale) {
  locale = l;
}

/** What to do when a call finds the session gone (the app sends the user to the login page). */
export function setUnauthorizedHandler(fn: (err: ApiError) => void) {
  onUnauthorized = fn;
}

/**
 * What to do when the server refuses a call until the password is changed (a new or reset
 * account): the app sends the user to the change-password page.
 */
export function setPasswordChangeRequiredHandler(fn: () => void) {
  onPasswordChangeRequired = fn;
}

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /**
   * Let a 401 reach the caller instead of leaving for the login page: the login form shows
   * "wrong password", and the start-up /auth/me treats it as "not logged in".
   */
  allow401?: boolean;
  /** Sent as `Idempotency-Key` (creating calls; see web/api/submission-key.ts). */
  idempotencyKey?: string;
}

async function toApiError(res: Response): Promise<ApiError> {
  let payload: ErrorPayload | undefined;
  try {
    payload = (await res.json()) as ErrorPayload;
  } catch {
    return clientError(res.status, 'bad_response', `HTTP ${res.status}`);
  }
  const e = payload?.error;
  if (!e?.code) return clientError(res.status, 'bad_response', `HTTP ${res.status}`);
  const zh = e.messages?.['zh-CN'] ?? e.message ?? e.code;
  const english = e.messages?.en ?? e.message ?? e.code;
  return new ApiError(res.status, e.code, { 'zh-CN': zh, en: english }, e.details);
}

function headersFor(method: string, extra: Record<string, string> = {}): Record<string, string> {
  const h: Record<string, string> = { Accept: 'application/json', 'Accept-Language': locale, ...extra };
  if (method !== 'GET' && csrfToken) h['X-CSRF-Token'] = csrfToken;
  return h;
}

async function send(
  method: string,
  path: string,
  init: RequestInit,
  opts: RequestOptions,
): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}`, {
      ...init,
      method,
      credentials: 'same-origin',
      signal: opts.signal ?? null,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw clientError(0, 'network_error', e instanceof Error ? e.message : String(e));
  }
  if (res.ok) return res;
  const err = await toApiError(res);
  if (res.status === 401 && !opts.allow401) onUnauthorized?.(err);
  if (res.status === 403 && err.code === 'password_change_required') onPasswordChangeRequired?.();
  throw err;
}

/**
 * Answers the page arrived with (the server computes the first screen's GET answers for the
 * request's session: src/server/web-shell.ts). Each is used once, by the first GET of exactly its
 * path within half a minute of loading; anything later asks the server as usual.
 */
const primed = new Map<string, unknown>();
let primedUntil = 0;

/** Reads the answers the page carries (`<script id="kaohe-boot">`), once, at start. */
export function primeFromPage(now = Date.now()) {
  const el = typeof document === 'undefined' ? null : document.getElementById('kaohe-boot');
  if (!el?.textContent) return;
  try {
    for (const [k, v] of Object.entries(JSON.parse(el.textContent) as Record<string, unknown>))
      primed.set(primedKey(k), v);
    primedUntil = now + 30_000;
  } catch {
    // A page without usable answers: every call asks the server.
  }
  el.remove();
}

/** A path with its query in a fixed order: the server's and the client's spelling of one call meet. */
function primedKey(path: string): string {
  const at = path.indexOf('?');
  if (at < 0) return path;
  const query = new URLSearchParams(path.slice(at + 1));
  query.sort();
  return `${path.slice(0, at)}?${query}`;
}

function takePrimed(path: string): unknown {
  const key = primedKey(path);
  const value = primed.get(key);
  primed.delete(key);
  return Date.now() <= primedUntil ? value : undefined;
}

/**
 * On the server, while it draws a page's first screen (`src/web/ssr.tsx`), GETs are answered from
 * the answers the page will carry and nothing else: the server never calls the API over the network.
 */
let serverAnswers: ((key: string) => unknown) | null = null;

export function setServerAnswers(source: ((key: string) => unknown) | null) {
  serverAnswers = source;
}

export { primedKey as answerKey };

/** One JSON call; `path` is relative to /api/v1. */
export async function requestJson<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  if (serverAnswers) {
    const value = method === 'GET' && opts.body === undefined ? serverAnswers(primedKey(path)) : undefined;
    if (value === undefined)
      throw clientError(
        0,
        'network_error',
        `${method} ${path}: not answered while the server draws the page`,
      );
    return value as T;
  }
  if (method === 'GET' && opts.body === undefined && primed.size > 0) {
    const value = takePrimed(path);
    if (value !== undefined) return value as T;
  }
  const hasBody = opts.body !== undefined || method !== 'GET';
  const res = await send(
    method,
    path,
    {
      headers: headersFor(method, {
        ...(hasBody ? { 'Content-Type': 'application/json' } : {}),
        ...(opts.idempotencyKey ? { 'Idempotency-Key': opts.idempotencyKey } : {}),
      }),
      // Fastify rejects an empty body declared as JSON, so bodiless writes send `{}`.
      ...(hasBody ? { body: JSON.stringify(opts.body ?? {}) } : {}),
    },
    opts,
  );
  try {
    return (await res.json()) as T;
  } catch {
    throw clientError(res.status, 'bad_response');
  }
}

/** Saves a Blob under a name through a temporary link (works for xlsx in every browser we support). */
function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export interface ProgressLine {
  type: 'progress';
  done: number;
  total: number;
}

/**
 * The transport under `call()` (web/api/call.ts): multipart uploads, NDJSON progress and file
 * downloads. Pages never call it with a hand-written path; they call endpoints of the table.
 */
export const api = {
  /**
   * Uploads one file as multipart field `file` and reads a JSON reply. `fields` go first, so a
   * server reading the parts in order knows them before the file (evidence needs `orgId`).
   */
  async upload<T>(
    path: string,
    file: Blob,
    fileName: string,
    opts: RequestOptions & { fields?: Record<string, string> } = {},
  ): Promise<T> {
    const form = new FormData();
    for (const [k, v] of Object.entries(opts.fields ?? {})) form.append(k, v);
    form.append('file', file, fileName);
    const res = await send('POST', path, { headers: headersFor('POST'), body: form }, opts);
    return (await res.json()) as T;
  },

  /**
   * Uploads a file to an endpoint that answers with NDJSON lines (progress, then a result),
   * calling `onLine` for each. Returns the last line.
   */
  async uploadStream(
    path: string,
    file: Blob,
    fileName: string,
    onLine: (line: unknown) => void,
    opts: RequestOptions = {},
  ): Promise<unknown> {
    const form = new FormData();
    form.append('file', file, fileName);
    const res = await send(
      'POST',
      path,
      { headers: headersFor('POST', { Accept: 'application/x-ndjson' }), body: form },
      opts,
    );
    const splitter = new NdjsonSplitter();
    let last: unknown;
    const emit = (lines: unknown[]) => {
      for (const l of lines) {
        last = l;
        onLine(l);
      }
    };
    if (!res.body) {
      emit(splitter.push(await res.text()));
    } else {
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        emit(splitter.push(value));
      }
    }
    emit(splitter.end());
    return last;
  },

  /** Downloads a file (xlsx export or template) with the session, keeping the server's file name. */
  async download(path: string, fallbackName: string, opts: RequestOptions = {}): Promise<void> {
    const res = await send('GET', path, { headers: headersFor('GET', { Accept: '*/*' }) }, opts);
    const blob = await res.blob();
    saveBlob(blob, fileNameFromDisposition(res.headers.get('content-disposition'), fallbackName));
  },
};
