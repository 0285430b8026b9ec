import { endpointUrl } from '../../../contracts/endpoint.js';
import type { ImportKind, ImportResult, ImportStreamLine } from '../../../contracts/io.js';
import { callDownload, callUpload } from '../../api/call.js';
import { ApiError, api, clientError } from '../../api/client.js';
import { ioApi, templateEndpoints } from '../../api/endpoints.js';

/** The preview and commit endpoints of each import kind. */
const importEndpoints = {
  members: { preview: ioApi.membersPreview, commit: ioApi.membersCommit },
  orgs: { preview: ioApi.orgsPreview, commit: ioApi.orgsCommit },
} as const;

export function downloadTemplate(kind: ImportKind, fallbackName: string) {
  return callDownload(templateEndpoints[kind], {}, fallbackName);
}

export function previewImport(kind: ImportKind, file: File) {
  return callUpload(importEndpoints[kind].preview, {}, file, file.name);
}

/**
 * Commits an import and follows its NDJSON stream: `onProgress` for each progress line, the
 * result line resolves. An error line (the server failed after the stream began) rejects like
 * any API error, so the page handles both the same way.
 */
export async function commitImport(
  kind: ImportKind,
  file: File,
  onProgress: (done: number, total: number) => void,
): Promise<ImportResult> {
  const out: { result?: ImportResult; failure?: ApiError } = {};
  await api.uploadStream(endpointUrl(importEndpoints[kind].commit, {}), file, file.name, (raw) => {
    const line = raw as ImportStreamLine;
    if (line.type === 'progress') onProgress(line.done, line.total);
    else if (line.type === 'result') out.result = line;
    else if (line.type === 'error') {
      out.failure = new ApiError(500, line.error.code, line.error.messages, line.error.details);
    }
  });
  if (out.failure) throw out.failure;
  // A stream cut off before its result line (proxy timeout, server restart).
  if (!out.result) throw clientError(0, 'bad_response');
  return out.result;
}

/** The cell errors a refused commit (422 import_has_errors) carries, if any. */
export function errorsOfRefusedCommit(e: unknown): ImportResult['errors'] | null {
  if (!(e instanceof ApiError) || e.code !== 'import_has_errors') return null;
  const errors = (e.details as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) ? (errors as ImportResult['errors']) : [];
}
