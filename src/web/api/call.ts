import type { EndpointDef, EndpointInput, EndpointOutput, EndpointRef } from '../../contracts/endpoint.js';
import { endpointUrl } from '../../contracts/endpoint.js';
import { api, type RequestOptions, requestJson } from './client.js';
import { submissionKeys } from './submission-key.js';

function relativeUrl(ep: EndpointRef, input: EndpointInput<EndpointDef>): string {
  if ((ep.base ?? '/api/v1') !== '/api/v1') throw new Error(`${ep.path} is not under /api/v1`);
  return endpointUrl(ep, input as { params?: Record<string, unknown>; query?: Record<string, unknown> });
}

/**
 * Calls one endpoint of the table (by its ref, src/web/api/endpoints.ts): the URL comes from its path and `params`, the query string
 * from `query`, and the reply has the endpoint's response type — no path or type typed by hand.
 * An `idempotent` endpoint gets an `Idempotency-Key`: the caller's, or one per submission.
 */
export function call<R extends EndpointRef>(
  ep: R,
  input: EndpointInput<R>,
  opts: Omit<RequestOptions, 'body'> = {},
): Promise<EndpointOutput<R>> {
  const i = input as EndpointInput<EndpointDef>;
  const url = relativeUrl(ep, i);
  const send = (extra: Partial<RequestOptions>) =>
    requestJson<EndpointOutput<R>>(ep.method, url, {
      ...opts,
      ...extra,
      ...(i.body === undefined ? {} : { body: i.body }),
    });
  if (!ep.idempotent || opts.idempotencyKey) return send({});
  // A creating call: one key per form submission, so a double click or a retry creates once.
  const submission = submissionKeys.begin(`${ep.method} ${url} ${JSON.stringify(i.body ?? null)}`);
  return send({ idempotencyKey: submission.key }).then(
    (r) => {
      submission.end(true);
      return r;
    },
    (e: unknown) => {
      submission.end(false);
      throw e;
    },
  );
}

/** Uploads one file to an `upload` endpoint (multipart field `file`; `fields` go before it). */
export function callUpload<R extends EndpointRef<EndpointDef & { kind: 'upload' }>>(
  ep: R,
  input: EndpointInput<R>,
  file: Blob,
  fileName: string,
  opts: RequestOptions & { fields?: Record<string, string> } = {},
): Promise<EndpointOutput<R>> {
  return api.upload<EndpointOutput<R>>(
    relativeUrl(ep, input as EndpointInput<EndpointDef>),
    file,
    fileName,
    opts,
  );
}

/** Downloads the file a `download` endpoint sends, keeping the server's file name. */
export function callDownload<R extends EndpointRef<EndpointDef & { kind: 'download' }>>(
  ep: R,
  input: EndpointInput<R>,
  fallbackName: string,
  opts: RequestOptions = {},
): Promise<void> {
  return api.download(relativeUrl(ep, input as EndpointInput<EndpointDef>), fallbackName, opts);
}
