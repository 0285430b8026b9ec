import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryId,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import type { Db } from '../src/db/kysely.js';

/** One statement text's count and time, as `timedStatements` sums them. */
export interface StatementFigure {
  readonly sql: string;
  n: number;
  ms: number;
}

/**
 * The handle `db` with every statement it runs (in and out of its transactions) counted and
 * timed by SQL text, from the moment Kysely hands it to the driver to the moment its result comes
 * back (on PostgreSQL, the wait for a connection included). The bench's `--be-profile` prints
 * these beside the approval's time, so the rest is the server's own work.
 */
export function timedStatements(db: Db) {
  const started = new WeakMap<QueryId, { at: number; node: RootOperationNode }>();
  const figures = new Map<string, StatementFigure>();
  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      started.set(args.queryId, { at: performance.now(), node: args.node });
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      const s = started.get(args.queryId);
      if (s) {
        const ms = performance.now() - s.at;
        const text = db.getExecutor().compileQuery(s.node, args.queryId).sql.replace(/\s+/g, ' ');
        const f = figures.get(text) ?? { sql: text, n: 0, ms: 0 };
        f.n += 1;
        f.ms += ms;
        figures.set(text, f);
      }
      return args.result;
    },
  };
  return {
    db: db.withPlugin(plugin),
    /** The figures so far, the slowest first; `reset` starts again. */
    figures: () => [...figures.values()].sort((a, b) => b.ms - a.ms),
    reset: () => figures.clear(),
  };
}
