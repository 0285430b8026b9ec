import { type Compilable, CompiledQuery } from 'kysely';
import type { DbOrTrx } from './kysely.js';

/** Where a value goes in a precompiled query: replaced by the call's argument of that index. */
class Slot {
  constructor(readonly index: number) {}
}

/**
 * A query of fixed shape that every request runs (the party roots, an org's ancestors, a board's
 * histogram): built and compiled by Kysely once per dialect, then run with each call's values.
 * Building and compiling a small query costs about as much as SQLite takes to run it.
 *
 * `build` receives placeholders in place of the arguments and must use each only as a bound
 * value (at least once) (`where(col, '=', a)`), never to decide the query's shape (no `in` lists of varying
 * length, no branches on a value): the SQL text is compiled once, the values are bound per call.
 */
export function precompiled<Args extends readonly unknown[], Row>(
  arity: Args['length'],
  build: (db: DbOrTrx, ...args: Args) => Compilable<Row>,
): (db: DbOrTrx, ...args: Args) => Promise<Row[]> {
  // By the dialect's adapter class: SQLite and PostgreSQL compile to different texts.
  const compiled = new Map<unknown, CompiledQuery<Row>>();
  const slots = Array.from({ length: arity }, (_, i) => new Slot(i)) as unknown as Args;
  return async (db, ...args) => {
    const kind = db.getExecutor().adapter.constructor;
    let c = compiled.get(kind);
    if (!c) {
      c = build(db, ...slots).compile();
      const bound = new Set(c.parameters.flatMap((p) => (p instanceof Slot ? [p.index] : [])));
      if (bound.size !== arity)
        throw new Error(`a precompiled query must bind each of its ${arity} arguments: ${c.sql}`);
      compiled.set(kind, c);
    }
    const parameters = c.parameters.map((p) => (p instanceof Slot ? args[p.index] : p));
    const r = await db.executeQuery(CompiledQuery.raw(c.sql, parameters) as CompiledQuery<Row>);
    return r.rows;
  };
}
