import type { Db, Dialect } from '../../../db/kysely.js';
import { CODE_ALPHABET, CODE_LENGTH, ratings } from '../../../domain/inspection/ballots.js';
import * as repo from './anonymity-check.repo.js';

/**
 * The ballot anonymity self-check (SPEC §5), run by the test suite and by
 * `kaohe inspection anonymity-check` against a live database. Each check says what it asserts
 * and what it found; the database passes when every check passes.
 */
export interface AnonymityFinding {
  check: string;
  ok: boolean;
  detail: string;
}

/** The only columns the code and count tables may have: nothing that names, orders or times. */
const CODE_COLUMNS = ['campaign_id', 'code_hash', 'unit_id', 'used'];
const COUNT_COLUMNS = ['campaign_id', 'item_no', 'n', 'rating', 'unit_id'];
/** Column names that would tie a row to a person, a moment or an order. */
const LINKING = /(^id$|_by$|user|member|account|person|voter|address|^ip$|_ip$|_at$|time|seq|order|session)/;

const codePattern = new RegExp(`[${CODE_ALPHABET}]{${CODE_LENGTH}}`);

export async function checkBallotAnonymity(db: Db, dialect: Dialect): Promise<AnonymityFinding[]> {
  const out: AnonymityFinding[] = [];
  const tables = await db.introspection.getTables();
  const cols = (name: string) =>
    tables
      .find((t) => t.name === name)
      ?.columns.map((c) => c.name)
      .sort() ?? [];

  // 1. No table holds a person ↔ code link.
  const codeCols = cols('insp_ballot_code');
  out.push({
    check: 'codes are kept as hash, unit and used flag only',
    ok: codeCols.join() === CODE_COLUMNS.join(),
    detail: `insp_ballot_code columns: ${codeCols.join(', ')}`,
  });
  const holders = tables.filter(
    (t) => t.name !== 'insp_ballot_code' && t.columns.some((c) => /code_hash|ballot_code|voter/.test(c.name)),
  );
  out.push({
    check: 'no other table holds a ballot code or its hash',
    ok: holders.length === 0,
    detail: holders.length ? holders.map((t) => t.name).join(', ') : 'none',
  });

  // 2. Answers are counts with nothing that orders or times a ballot.
  const countCols = cols('insp_ballot_count');
  out.push({
    check: 'answers are counts per unit × item × rating only',
    ok: countCols.join() === COUNT_COLUMNS.join() && !countCols.some((c) => LINKING.test(c)),
    detail: `insp_ballot_count columns: ${countCols.join(', ')}`,
  });
  const box = cols('insp_ballot_box');
  out.push({
    check: 'the ballot box keeps days, not instants',
    ok: !box.some((c) => c.endsWith('_at')),
    detail: `insp_ballot_box columns: ${box.join(', ')}`,
  });
  if (dialect === 'sqlite') {
    // WITHOUT ROWID: no hidden row id that numbers codes or counts in the order they were written.
    const hidden: string[] = [];
    for (const t of ['insp_ballot_code', 'insp_ballot_count']) {
      try {
        await repo.selectRowid(db, t);
        hidden.push(t);
      } catch {
        // expected: the table has no rowid
      }
    }
    out.push({
      check: 'code and count tables have no hidden row id (SQLite WITHOUT ROWID)',
      ok: hidden.length === 0,
      detail: hidden.length ? `rowid found in ${hidden.join(', ')}` : 'no rowid',
    });
  }

  // 3. The audit log records ballot events as counts only.
  const audit = await repo.ballotAuditRows(db);
  const ratingWord = new RegExp(`"(${ratings.join('|')})"`);
  const bad = audit.filter((r) => {
    const text = `${r.before_json ?? ''} ${r.after_json ?? ''}`;
    return (
      /cast|vote/.test(r.action) ||
      ratingWord.test(text) ||
      /[0-9a-f]{64}/.test(text) ||
      codePattern.test(text)
    );
  });
  out.push({
    check: 'audit rows about ballots are counts only (no cast ballot, rating, code or code hash)',
    ok: bad.length === 0,
    detail: bad.length ? `rows ${bad.map((r) => r.seq).join(', ')}` : `${audit.length} rows checked`,
  });

  // 4. PostgreSQL: the row version of a used code ties it to no particular count.
  if (dialect === 'postgres') {
    const split = await repo.unitsWithSplitCountVersions(db);
    out.push({
      check: "all count rows of a unit share one row version (xmin), so none points at a ballot's ratings",
      ok: split.length === 0,
      detail: split.length
        ? split.map((r) => `campaign ${r.campaign_id} unit ${r.unit_id}: ${r.versions} versions`).join('; ')
        : 'one version per unit',
    });
    const linked = await repo.usedCodesSharingVersionElsewhere(db);
    out.push({
      check: "a used code's row version matches no count row outside its own unit",
      ok: linked.length === 0,
      detail: linked.length ? JSON.stringify(linked) : 'none',
    });
    const n = await repo.closedCodesSharingVersion(db);
    out.push({
      check: 'after close, no used code shares its row version with any count row',
      ok: n === 0,
      detail: n ? `${n} shared row versions` : 'none',
    });
  }
  return out;
}
