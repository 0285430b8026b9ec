import { PostgresAdapter, sql } from 'kysely';
import type { DbOrTrx } from './kysely.js';
import type { Database } from './types.js';

/** How a column's value is read back from the JSON document: a whole number or text. */
export type BulkColumnType = 'integer' | 'text';

/** Rows per statement: a few megabytes of JSON at most, whatever the rows hold. */
const ROWS_PER_STATEMENT = 5_000;

/**
 * Inserts many rows in a few statements, each taking its rows as ONE parameter, a JSON array of
 * objects, that the database unpacks itself (`json_each` on SQLite, `jsonb_to_recordset` on
 * PostgreSQL): no statement with tens of thousands of bound parameters to build, compile and bind,
 * and one round trip per 5,000 rows. Values are numbers, strings or null, as `columns` types them
 * (a flag is an integer).
 */
export async function insertRowsAsJson<T extends keyof Database & string>(
  db: DbOrTrx,
  table: T,
  columns: Readonly<Record<string, BulkColumnType>>,
  rows: readonly Readonly<Record<string, string | number | null>>[],
): Promise<void> {
  const names = Object.keys(columns);
  if (rows.length === 0 || names.length === 0) return;
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const target = sql.join(names.map((n) => sql.ref(n)));
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const doc = JSON.stringify(rows.slice(i, i + ROWS_PER_STATEMENT));
    if (postgres) {
      const shape = sql.join(
        names.map((n) => sql`${sql.ref(n)} ${sql.raw(columns[n] === 'text' ? 'text' : 'bigint')}`),
      );
      await sql`insert into ${sql.table(table)} (${target})
        select ${target} from jsonb_to_recordset(cast(${doc} as jsonb)) as x(${shape})`.execute(db);
    } else {
      // `->>` gives the SQL value (integer, text or NULL) of the member named.
      const values = sql.join(names.map((n) => sql`value ->> ${`$.${n}`}`));
      await sql`insert into ${sql.table(table)} (${target})
        select ${values} from json_each(${doc})`.execute(db);
    }
  }
}
