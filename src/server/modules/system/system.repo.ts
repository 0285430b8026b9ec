import { sql } from 'kysely';
import type { Db } from '../../../db/kysely.js';

/** The cheapest round trip to the database: fails when it cannot be reached. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
