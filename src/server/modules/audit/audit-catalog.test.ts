import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  auditActionLabel,
  auditActions,
  auditEntities,
  describeAuditChange,
} from '../../../domain/audit/catalog.js';
import { appealActions, entryActions, quarterActions, yearActions } from '../../../domain/points/workflow.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Every non-test source file of the server and the command line, where audit rows are written. */
function sources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.includes('fixtures')) out.push(p);
    }
  };
  walk(path.join(projectRoot, 'src/server'));
  walk(path.join(projectRoot, 'src/cli'));
  return out;
}

describe('the audit catalogue', () => {
  const text = sources().map((f) => fs.readFileSync(f, 'utf8'));

  it('names every action the code writes, in both languages', () => {
    const written = new Set<string>();
    for (const t of text)
      for (const m of t.matchAll(/action: '([a-z_]+(?:\.[a-z_]+)+)'/g)) if (m[1]) written.add(m[1]);
    // Actions built from a workflow's transitions.
    for (const x of entryActions) written.add(`points.entry.${x}`);
    for (const x of quarterActions) written.add(`points.quarter.${x}`);
    for (const x of yearActions) written.add(`points.year.${x}`);
    for (const x of appealActions) written.add(`points.appeal.${x}`);
    expect(written.size).toBeGreaterThan(50);
    const missing = [...written].filter((x) => !(x in auditActions));
    expect(missing).toEqual([]);
    for (const [code, l] of Object.entries(auditActions)) {
      expect(l.zh, code).not.toBe('');
      expect(l.en, code).not.toBe('');
      expect(l.zh, code).not.toBe(l.en);
    }
  });

  it('names every entity type the code writes', () => {
    const written = new Set<string>();
    for (const t of text) for (const m of t.matchAll(/entityType: '([a-z_]+)'/g)) if (m[1]) written.add(m[1]);
    expect(written.size).toBeGreaterThan(15);
    expect([...written].filter((x) => !(x in auditEntities))).toEqual([]);
  });

  it('shows an unknown code as it is, and a change as a sentence', () => {
    expect(auditActionLabel('points.entry.approve', 'zh')).toBe('审核通过');
    expect(auditActionLabel('branch_eval.verification.save', 'en')).toBe('Saved a verification');
    expect(auditActionLabel('legacy.thing', 'en')).toBe('legacy.thing');
    expect(
      describeAuditChange({ state: 'submitted', points: 3 }, { state: 'approved', points: 5 }, 'zh'),
    ).toBe('状态由“submitted”改为“approved”，分值由“3”改为“5”。');
    expect(
      describeAuditChange({ done: null, a: 1, b: 1, c: 1 }, { done: true, a: 2, b: 2, c: 2 }, 'en'),
    ).toBe('Changed done from “empty” to “yes”, a from “1” to “2”, b from “1” to “2”, and 1 more.');
    expect(describeAuditChange(null, { name: '党委' }, 'zh')).toBe('内容：名称 党委。');
    expect(describeAuditChange({ x: 1 }, { x: 1 }, 'en')).toBe('');
  });
});
