// Reads one sheet of an uploaded .xlsx in a worker thread, as a stream, and stops at the row
// limit. Plain JavaScript on purpose: a worker starts without the TypeScript loader the server
// and the tests run under (tsx registers itself in the main thread only; vitest transforms
// only what the main thread imports), so this file must run on bare Node. It only unzips and
// parses; the header check, cell typing and all messages stay in excel.ts.
//
// The worker serves one job at a time and stays up for the next one (loading ExcelJS takes a
// second). In: a message { buffer, entries: [{ name, method, compressedSize, localOffset }],
// directoryOffset, sheetName, skipSheet, columns, maxRows, maxUncompressedBytes }.
// Out: { kind: 'rows', header: Cell[], rows: [{ row, cells: CellValue[] }] }
//    | { kind: 'too_many_rows', header } | { kind: 'no_sheet' } | { kind: 'too_large', uncompressed }
//    | { kind: 'invalid', reason }
import { Readable } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';

let buf = Buffer.alloc(0);
let entries = [];
let directoryOffset = 0;
let byName = new Map();

/** Where an entry's compressed bytes start, from its local header. */
function dataStart(e) {
  const p = e.localOffset;
  if (buf.readUInt32LE(p) !== 0x04034b50) throw new Error(`bad local header for ${e.name}`);
  return p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
}

/** The whole local record of an entry (header, data, data descriptor): up to the next record. */
function span(e) {
  let end = directoryOffset;
  for (const other of entries) {
    if (other.localOffset > e.localOffset && other.localOffset < end) end = other.localOffset;
  }
  return buf.subarray(e.localOffset, end);
}

/**
 * Inflates an entry, counting what comes out and discarding it: the declared sizes in the
 * directory were checked before, this checks the real ones, so a zip that lies about its
 * sizes still cannot make the parser read more than the cap.
 */
async function measure(e, budget) {
  const start = dataStart(e);
  const data = buf.subarray(start, start + e.compressedSize);
  if (e.method === 0) return data.length;
  if (e.method !== 8) throw new Error(`unsupported compression method ${e.method}`);
  return new Promise((resolve, reject) => {
    let n = 0;
    const inflate = zlib.createInflateRaw();
    inflate.on('data', (chunk) => {
      n += chunk.length;
      if (n > budget) {
        inflate.destroy();
        resolve(n);
      }
    });
    inflate.on('end', () => resolve(n));
    inflate.on('error', reject);
    inflate.end(data);
  });
}

function inflateSmall(e) {
  const start = dataStart(e);
  const data = buf.subarray(start, start + e.compressedSize);
  const out = e.method === 0 ? data : zlib.inflateRawSync(data, { maxOutputLength: 16 * 1024 * 1024 });
  return out.toString('utf8');
}

const decode = (s) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&amp;/g, '&');

function attributes(tag) {
  const out = {};
  for (const m of tag.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)) out[m[1]] = decode(m[2]);
  for (const m of tag.matchAll(/([\w:]+)\s*=\s*'([^']*)'/g)) out[m[1]] = decode(m[2]);
  return out;
}

/** The sheets in workbook order with the zip entry each lives in. */
function sheetsOf() {
  const wbEntry = byName.get('xl/workbook.xml');
  const relsEntry = byName.get('xl/_rels/workbook.xml.rels');
  if (!wbEntry || !relsEntry) throw new Error('the zip holds no Excel workbook');
  const targets = new Map();
  for (const m of inflateSmall(relsEntry).matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const a = attributes(m[0]);
    if (a.Id && a.Target) targets.set(a.Id, a.Target.replace(/^\/?(xl\/)?/, 'xl/'));
  }
  const sheets = [];
  for (const m of inflateSmall(wbEntry).matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const rid = Object.entries(a).find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1];
    const path = rid ? targets.get(rid) : undefined;
    if (a.name && path && /^xl\/worksheets\/sheet\d+\.xml$/.test(path)) sheets.push({ name: a.name, path });
  }
  return sheets;
}

/** Whether a raw ExcelJS value holds nothing (the main thread normalises it fully). */
function blank(v) {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (typeof v === 'object' && !(v instanceof Date)) {
    if (Array.isArray(v.richText))
      return (
        v.richText
          .map((r) => r.text ?? '')
          .join('')
          .trim() === ''
      );
    if ('formula' in v || 'sharedFormula' in v) return v.result === undefined || blank(v.result);
    if ('text' in v) return blank(v.text);
  }
  return false;
}

async function run(job) {
  const { sheetName, skipSheet, columns, maxRows, maxUncompressedBytes } = job;
  buf = Buffer.from(job.buffer.buffer, job.buffer.byteOffset, job.buffer.byteLength);
  entries = job.entries;
  directoryOffset = job.directoryOffset;
  byName = new Map(entries.map((e) => [e.name, e]));
  const sheets = sheetsOf();
  const chosen = sheets.find((s) => s.name === sheetName) ?? sheets.find((s) => s.name !== skipSheet);
  if (!chosen) return { kind: 'no_sheet' };
  const sheetEntry = byName.get(chosen.path);
  if (!sheetEntry) return { kind: 'no_sheet' };

  // Only the parts needed, in the order a streaming reader can use them: relations, workbook,
  // styles (dates), shared strings, then the one sheet. Excel itself writes the sheets before
  // the shared strings, which would make ExcelJS spool every sheet to a temporary file first.
  const parts = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/styles.xml', 'xl/sharedStrings.xml']
    .map((n) => byName.get(n))
    .filter(Boolean);
  parts.push(sheetEntry);

  let uncompressed = 0;
  for (const e of parts) {
    uncompressed += await measure(e, maxUncompressedBytes - uncompressed);
    if (uncompressed > maxUncompressedBytes) return { kind: 'too_large', uncompressed };
  }

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(parts.map(span)), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  // A workbook with inline strings only has no shared strings part; without these the reader
  // would spool the sheet to a temporary file waiting for one.
  reader.sharedStrings = [];

  const rows = [];
  let header = [];
  for await (const ws of reader) {
    for await (const row of ws) {
      const cells = [];
      let empty = true;
      for (let i = 1; i <= columns; i++) {
        const v = row.getCell(i).value ?? null;
        if (!blank(v)) empty = false;
        cells.push(v);
      }
      if (row.number === 1) {
        header = [];
        for (let i = 1; i <= Math.max(row.cellCount, columns); i++) header.push(row.getCell(i).value ?? null);
        continue;
      }
      if (empty) continue;
      if (rows.length >= maxRows) return { kind: 'too_many_rows', header };
      rows.push({ row: row.number, cells });
    }
    break;
  }
  return { kind: 'rows', header, rows };
}

parentPort.on('message', (job) => {
  run(job)
    .catch((e) => ({ kind: 'invalid', reason: String(e?.message ?? e).slice(0, 200) }))
    .then((answer) => {
      buf = Buffer.alloc(0);
      entries = [];
      byName = new Map();
      parentPort.postMessage(answer);
    });
});
