/** Queries of stored files (blobs by hash) and their uploads. Kysely only, no business rules. */
import type { Insertable } from 'kysely';
import type { DbOrTrx } from '../../../db/kysely.js';
import type { FileBlobTable, FileUploadTable } from '../../../db/types.js';

export function findBlob(db: DbOrTrx, hash: string) {
  return db.selectFrom('file_blob').select('hash').where('hash', '=', hash).executeTakeFirst();
}

export async function insertBlob(db: DbOrTrx, values: Insertable<FileBlobTable>): Promise<void> {
  await db.insertInto('file_blob').values(values).execute();
}

export function insertUpload(db: DbOrTrx, values: Insertable<FileUploadTable>): Promise<{ id: number }> {
  return db.insertInto('file_upload').values(values).returning('id').executeTakeFirstOrThrow();
}

/** An upload with its blob's hash, size and type. */
export function findUpload(db: DbOrTrx, id: number) {
  return db
    .selectFrom('file_upload')
    .innerJoin('file_blob', 'file_blob.hash', 'file_upload.hash')
    .select([
      'file_upload.id',
      'file_upload.original_name',
      'file_upload.org_id',
      'file_upload.uploaded_by',
      'file_upload.uploaded_at',
      'file_blob.hash',
      'file_blob.size',
      'file_blob.mime',
    ])
    .where('file_upload.id', '=', id)
    .executeTakeFirst();
}
