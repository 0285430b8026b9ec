import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type EndpointDef, refOf } from '../../contracts/endpoint.js';
import * as web from './endpoints.js';

const contractsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../contracts');
const isEndpoint = (v: unknown): v is EndpointDef =>
  typeof v === 'object' && v !== null && 'method' in v && 'path' in v && 'response' in v;

/** Every table of endpoints the contracts export, by export name. */
async function contractTables(): Promise<Map<string, Record<string, EndpointDef>>> {
  const tables = new Map<string, Record<string, EndpointDef>>();
  for (const file of fs.readdirSync(contractsDir).filter((f) => f.endsWith('.ts') && !f.includes('.test.'))) {
    const mod = (await import(pathToFileURL(path.join(contractsDir, file)).href)) as Record<string, unknown>;
    for (const [name, table] of Object.entries(mod)) {
      if (typeof table !== 'object' || table === null) continue;
      const entries = Object.values(table);
      if (entries.length > 0 && entries.every(isEndpoint))
        tables.set(name, table as Record<string, EndpointDef>);
    }
  }
  return tables;
}

describe("the web's endpoint refs (src/web/api/endpoints.ts)", () => {
  it('name every endpoint of the contracts with its method, path and call style, and nothing else', async () => {
    const tables = await contractTables();
    expect(tables.size).toBeGreaterThan(20);
    const webTables = web as unknown as Record<string, Record<string, unknown>>;
    // Regenerate with `npm run web-endpoints` when this fails.
    expect(Object.keys(webTables).sort()).toEqual([...tables.keys()].sort());
    for (const [name, table] of tables) {
      const expected = Object.fromEntries(Object.entries(table).map(([k, def]) => [k, refOf(def)]));
      expect(webTables[name], name).toEqual(expected);
    }
    // It imports every contract module (all of zod's schemas): seconds on a loaded machine.
  }, 30_000);

  it('carry no schema', () => {
    for (const table of Object.values(web as unknown as Record<string, Record<string, object>>))
      for (const ref of Object.values(table))
        expect(
          Object.keys(ref).every((k) => ['method', 'path', 'base', 'kind', 'idempotent'].includes(k)),
        ).toBe(true);
  });
});
