import type { z } from 'zod';

/**
 * The endpoint table: one declaration per HTTP endpoint, read by the server (route, validation,
 * serialisation, OpenAPI, documented errors) and by the web client (URL, query, body and the
 * reply's type). A wrong path parameter, query field or body is a type error on both sides.
 *
 * Paths are relative to `/api/v1` and name their parameters as `:name`; the `params` schema must
 * declare exactly those names.
 */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * How the endpoint speaks: `json` (the default), `download` (a file such as xlsx; the response
 * schema is not used for the body), `upload` (multipart with one file, JSON reply), `ndjson`
 * (multipart upload answered by progress lines, then the result).
 */
export type EndpointKind = 'json' | 'download' | 'upload' | 'ndjson';

/**
 * Error statuses an endpoint may answer besides 400 (bad input) and 401 (no session), which follow
 * from the declaration; a public endpoint that refuses credentials (login) declares 401 itself.
 */
export type ErrorStatus = 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429;

type ObjectSchema = z.ZodType<Record<string, unknown>>;

/** The names of the `:name` segments of a path template. */
export type PathParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

export interface EndpointDef {
  method: Method;
  /** Where `path` hangs: the app's API (default), the benchmarking system's, or the bare `/api`. */
  base?: '/api/v1' | '/api/integration/v1' | '/api';
  path: `/${string}`;
  summary: string;
  /** Longer notes for the API document, where one line does not say it all. */
  description?: string;
  tags: readonly string[];
  /**
   * `session` (the default) needs a logged-in user; `public` is reachable without one;
   * `integration` wants the benchmarking system's key (`Authorization: Bearer <key>`) instead of
   * a session, which the handler checks.
   */
  access?: 'session' | 'public' | 'integration';
  /** Reachable by an account that must change its password first (who am I, change it, log out). */
  allowBeforePasswordChange?: true;
  kind?: EndpointKind;
  params?: ObjectSchema;
  query?: ObjectSchema;
  body?: z.ZodType;
  response: z.ZodType;
  errors?: readonly ErrorStatus[];
  /**
   * A creating call a double click or a retry can repeat: it honours an `Idempotency-Key` header
   * (one key per form submission), so a repeat by the same user returns the first answer and
   * creates nothing. The web's `call()` sends a key with every call of such an endpoint.
   */
  idempotent?: true;
  /** The media type a `download` answers with (documented only); an xlsx workbook unless said. */
  fileType?: string;
}

type ParamsMatchPath<E extends EndpointDef> = [PathParamNames<E['path']>] extends [never]
  ? E extends { params: ObjectSchema }
    ? 'this path has no :parameters, so it takes no params schema'
    : E
  : E extends { params: infer P extends ObjectSchema }
    ? [keyof z.output<P> & string] extends [PathParamNames<E['path']>]
      ? [PathParamNames<E['path']>] extends [keyof z.output<P> & string]
        ? E
        : `params must declare every :parameter of ${E['path']}`
      : `params declares a name that is not a :parameter of ${E['path']}`
    : `${E['path']} has :parameters, so it needs a params schema`;

/** Declares one endpoint; the type check rejects a params schema that disagrees with the path. */
export function endpoint<const E extends EndpointDef>(def: E & ParamsMatchPath<E>): E {
  return def;
}

/**
 * A query's input as a caller writes it: a field the schema coerces from text (input `unknown`)
 * takes its parsed type or text, so `page` is a number or a string, never anything at all.
 */
export type WireInput<Q extends z.ZodType> = {
  [K in keyof z.input<Q>]: unknown extends z.input<Q>[K]
    ? (K extends keyof z.output<Q> ? z.output<Q>[K] : never) | string | undefined
    : z.input<Q>[K];
};

/**
 * What a caller passes: the path parameters (text in the URL, so a number or a string), query
 * and body, each only where the endpoint has one. An upload's body is the multipart form the
 * client builds from the file, so its schema (for the API document) asks nothing of the caller.
 */
export type EndpointInput<R extends EndpointDef | EndpointRef> = DefInput<DefOf<R>>;

type DefInput<E extends EndpointDef> = (E extends { params: infer P extends z.ZodType }
  ? { params: { [K in keyof z.output<P>]: string | number } }
  : { params?: undefined }) &
  (E extends { query: infer Q extends z.ZodType } ? { query?: WireInput<Q> } : { query?: undefined }) &
  (E extends { kind: 'upload' | 'ndjson' }
    ? { body?: undefined }
    : E extends { body: infer B extends z.ZodType }
      ? { body: z.input<B> }
      : { body?: undefined });

declare const definition: unique symbol;

/**
 * What the web holds of an endpoint: its method, path and call style, without its schemas, so
 * the browser's bundle carries no schema library. Its type keeps the whole declaration, so a
 * call through a ref is typed exactly as one through the declaration (URL, query, body, reply).
 * The web's table of refs (src/web/api/endpoints.ts) is generated from src/contracts.
 */
export interface EndpointRef<E extends EndpointDef = EndpointDef> {
  readonly method: Method;
  readonly path: EndpointDef['path'];
  readonly base?: EndpointDef['base'];
  readonly kind?: EndpointKind;
  readonly idempotent?: true;
  /** Only in the type: the declaration the ref stands for. */
  readonly [definition]: E;
}

type RefExtras<E extends EndpointDef> = {
  [K in 'base' | 'kind' | 'idempotent' as K extends keyof E ? K : never]: E[K];
};

/**
 * A ref to one declaration, by its method and path. The type check rejects a method, path or
 * call style that is not the declaration's (an idempotent endpoint must say so).
 */
export function endpointRef<E extends EndpointDef>(
  method: E['method'],
  path: E['path'],
  ...extras: keyof RefExtras<E> extends never ? [] : [RefExtras<E>]
): EndpointRef<E> {
  return { method, path, ...extras[0] } as EndpointRef<E>;
}

/** The ref of a declaration (tests and tools, which may load the schemas). */
export function refOf<E extends EndpointDef>(def: E): EndpointRef<E> {
  const { method, path, base, kind, idempotent } = def;
  return {
    method,
    path,
    ...(base === undefined ? {} : { base }),
    ...(kind === undefined ? {} : { kind }),
    ...(idempotent === undefined ? {} : { idempotent }),
  } as EndpointRef<E>;
}

/** The declaration behind an endpoint or its ref. */
export type DefOf<E extends EndpointDef | EndpointRef> = E extends EndpointRef<infer D> ? D : E;

/** What the server's handler receives after validation (defaults applied, strings coerced). */
export interface EndpointArgs<E extends EndpointDef> {
  params: E extends { params: infer P extends z.ZodType } ? z.output<P> : Record<string, never>;
  query: E extends { query: infer Q extends z.ZodType } ? z.output<Q> : Record<string, never>;
  body: E extends { body: infer B extends z.ZodType } ? z.output<B> : undefined;
}

/** The reply's type as the browser receives it. */
export type EndpointOutput<R extends EndpointDef | EndpointRef> = z.output<DefOf<R>['response']>;

/** The path with its parameters filled in, each URL-encoded: `/orgs/:id` + `{ id: 7 }` → `/orgs/7`. */
export function fillPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const v = params?.[name];
    if (v === undefined || v === null || v === '')
      throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(v));
  });
}

/**
 * A query string from a query object: undefined and null are left out, arrays repeat the key,
 * booleans are `true`/`false`. Returns '' or `?a=1&b=2`.
 */
export function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) {
      for (const item of v) sp.append(k, String(item));
    } else {
      sp.append(k, String(v));
    }
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** The URL of a call relative to `/api/v1`. */
export function endpointUrl(
  ep: Pick<EndpointDef, 'path'>,
  input: { params?: Record<string, unknown> | undefined; query?: Record<string, unknown> | undefined },
): string {
  return fillPath(ep.path, input.params) + queryString(input.query);
}
