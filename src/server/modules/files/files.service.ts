import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FileInfo } from '../../../contracts/files.js';
import { sniffEvidence } from '../../../domain/files/sniff.js';
import { appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { authorize, can } from '../../lib/permissions.js';
import { mayRaterSeeFile } from '../branch-eval/round/peer.service.js';
import * as filesRepo from './files.repo.js';

/** Where a blob lives: `<dataDir>/files/ab/abcdef…` by its SHA-256. */
export function blobPath(dataDir: string, hash: string): string {
  return path.join(dataDir, 'files', hash.slice(0, 2), hash);
}

const isPreviewable = (mime: string) => mime.startsWith('image/') || mime === 'application/pdf';

/**
 * Stores an evidence file uploaded for an org: the type is judged by content (a renamed .exe is
 * refused), the content is stored once by its hash (the same photo uploaded twice takes no
 * more space), and an upload row records who, when and for which org.
 */
export async function storeEvidence(
  ctx: Ctx,
  input: { buffer: Buffer; name: string; orgId: number },
): Promise<FileInfo> {
  await authorize(ctx.db, ctx.user, 'evidence.upload', input.orgId);
  if (input.buffer.length === 0) throw new AppError('file_missing');
  const sniffed = sniffEvidence(input.buffer, input.name);
  if (!sniffed) throw new AppError('file_type_not_allowed', { name: input.name });
  if ('refused' in sniffed)
    throw new AppError('invalid_document', { name: input.name, reason: sniffed.refused });
  const hash = createHash('sha256').update(input.buffer).digest('hex');
  const at = nowIso(ctx.clock);
  const file = blobPath(ctx.dataDir, hash);
  let deduplicated = fs.existsSync(file);
  if (!deduplicated) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Write then rename, so a reader never sees half a file and two writers of one hash agree.
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    fs.writeFileSync(tmp, input.buffer);
    fs.renameSync(tmp, file);
  }
  const name = path.basename(input.name).slice(0, 200) || 'file';
  const id = await ctx.db.transaction().execute(async (trx) => {
    const existing = await filesRepo.findBlob(trx, hash);
    if (existing) deduplicated = true;
    else
      await filesRepo.insertBlob(trx, {
        hash,
        size: input.buffer.length,
        mime: sniffed.mime,
        created_at: at,
      });
    const row = await filesRepo.insertUpload(trx, {
      hash,
      original_name: name,
      org_id: input.orgId,
      uploaded_by: ctx.user.id,
      uploaded_at: at,
    });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'file.upload',
        entityType: 'file',
        entityId: row.id,
        orgId: input.orgId,
        after: { name, hash, size: input.buffer.length, mime: sniffed.mime },
      },
    ]);
    return row.id;
  });
  return {
    id,
    name,
    size: input.buffer.length,
    mime: sniffed.mime,
    hash,
    previewable: sniffed.previewable,
    orgId: input.orgId,
    uploadedAt: at,
    deduplicated,
  };
}

/** An upload's metadata, for its uploader and for users who may read the org's records. */
export async function getFileInfo(ctx: Ctx, id: number): Promise<FileInfo> {
  const row = await filesRepo.findUpload(ctx.db, id);
  if (!row) throw new AppError('not_found', { entity: 'file', id });
  const mayRead =
    row.uploaded_by === ctx.user.id ||
    (row.org_id != null && (await can(ctx.db, ctx.user, 'evidence.read', row.org_id))) ||
    (await mayRaterSeeFile(ctx, row.id));
  if (!mayRead) throw new AppError('forbidden', { permission: 'evidence.read' });
  return {
    id: row.id,
    name: row.original_name,
    size: row.size,
    mime: row.mime,
    hash: row.hash,
    previewable: isPreviewable(row.mime),
    orgId: row.org_id,
    uploadedAt: row.uploaded_at,
    deduplicated: false,
  };
}

/** Opens an upload's content for streaming, after the same check as {@link getFileInfo}. */
export async function openFile(ctx: Ctx, id: number): Promise<{ info: FileInfo; stream: fs.ReadStream }> {
  const info = await getFileInfo(ctx, id);
  const file = blobPath(ctx.dataDir, info.hash);
  if (!fs.existsSync(file)) throw new AppError('not_found', { entity: 'file content', id });
  return { info, stream: fs.createReadStream(file) };
}
