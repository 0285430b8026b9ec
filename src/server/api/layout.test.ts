import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * routes → service → repo: every Kysely query of a server module lives in a `*.repo.ts` file,
 * so a reader finds a module's SQL in one place and a service holds rules only. Tests and their
 * fixtures may query what they check.
 */
const modulesDir = fileURLToPath(new URL('../modules/', import.meta.url));

/** A query-builder call: a statement or subquery started on the database, or raw SQL. */
const queryCall =
  /\.(selectFrom|insertInto|updateTable|deleteFrom|mergeInto|replaceInto|selectNoFrom)\s*\(|\bsql(\s*<[^`\n]*>)?\s*`|\bsql\.(raw|ref|lit|id|table|val|join)\s*\(/;

/** The lines of a source that call the query builder, as `line: text`. */
function queryLines(source: string): string[] {
  return source.split('\n').flatMap((text, i) => (queryCall.test(text) ? [`${i + 1}: ${text.trim()}`] : []));
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const isRepo = (file: string) => /\.repo\.tsx?$/.test(file);
const isTest = (file: string) => /\.(test|fixtures)\.tsx?$/.test(file);

describe('the module layout', () => {
  it('recognises a query in each form a module writes one', () => {
    expect(queryLines("  const r = await db.selectFrom('org').selectAll().execute();")).toHaveLength(1);
    expect(queryLines("  await trx\n    .insertInto('member')\n    .values(row)")).toEqual([
      "2: .insertInto('member')",
    ]);
    expect(queryLines("eb.exists(eb.selectFrom('member').select('id'))")).toHaveLength(1);
    expect(queryLines('  await sql`select 1`.execute(db);')).toHaveLength(1);
    expect(queryLines("  q.where(sql<boolean>`action like 'a%'`)")).toHaveLength(1);
    expect(queryLines('  .orderBy(sql.ref(column))')).toHaveLength(1);
    expect(queryLines("  await trx.updateTable('org').set(s).execute();")).toHaveLength(1);
    expect(queryLines("  await trx.deleteFrom('session').execute();")).toHaveLength(1);
    // Calls of a repo, and words in comments, are not queries.
    expect(queryLines('  const rows = await memberRepo.selectMembers(db, ids); // the SQL of it')).toEqual(
      [],
    );
  });

  it('keeps every query of src/server/modules in a *.repo.ts file', () => {
    const files = sourceFiles(modulesDir);
    expect(files.filter(isRepo).length).toBeGreaterThan(10);
    const offenders = files
      .filter((f) => !isRepo(f) && !isTest(f))
      .flatMap((f) =>
        queryLines(fs.readFileSync(f, 'utf8')).map((l) => `${path.relative(modulesDir, f)}:${l}`),
      );
    expect(offenders).toEqual([]);
  });
});
