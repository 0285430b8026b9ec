import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/kysely.js';
import { createTestDb, type TestDb, testDialect } from './test/harness.js';

// PostgreSQL ends an idle connection (a restart, a failover, pg_terminate_backend): the app's
// pool must drop it and go on, not crash the process on an unhandled 'error' event.
describe.runIf(testDialect === 'postgres')('an idle PostgreSQL connection ended by the server', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t.drop();
  });

  it('is dropped by the pool, and the next query runs on a new connection', async () => {
    const handle = openDatabase(t.url);
    try {
      const first = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db);
      const pid = first.rows[0]?.pid;
      expect(pid).toBeTypeOf('number');
      const admin = openDatabase(t.url);
      await sql`select pg_terminate_backend(${pid})`.execute(admin.db);
      await admin.close();
      await new Promise((r) => setTimeout(r, 200));
      const next = await sql<{ pid: number; one: number }>`select pg_backend_pid() as pid, 1 as one`.execute(
        handle.db,
      );
      expect(next.rows[0]?.one).toBe(1);
      expect(next.rows[0]?.pid).not.toBe(pid);
    } finally {
      await handle.close();
    }
  });
});
