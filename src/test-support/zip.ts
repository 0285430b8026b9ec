import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { readZipDirectory } from '../domain/files/container.js';

/**
 * Writes real zip archives for tests: each entry deflated (or stored) with its true CRC and
 * sizes. `zeros: n` makes an entry of n zero bytes, deflated in 1 MB steps so that a zip bomb
 * of hundreds of MB is built without holding its content in memory.
 */
export type ZipSpec = { name: string } & (
  | { data: Buffer }
  | { zeros: number }
  | { chunks: Iterable<Buffer> }
);

async function deflateEntry(spec: ZipSpec): Promise<{ crc: number; size: number; compressed: Buffer }> {
  const d = zlib.createDeflateRaw({ level: 'zeros' in spec ? 9 : 6 });
  const out: Buffer[] = [];
  d.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => {
    d.on('end', resolve);
    d.on('error', reject);
  });
  let crc = 0;
  let size = 0;
  const write = async (chunk: Buffer) => {
    crc = zlib.crc32(chunk, crc);
    size += chunk.length;
    if (!d.write(chunk)) await new Promise((r) => d.once('drain', r));
  };
  if ('data' in spec) await write(spec.data);
  else if ('chunks' in spec) for (const c of spec.chunks) await write(c);
  else {
    const mb = Buffer.alloc(1024 * 1024);
    for (let left = spec.zeros; left > 0; left -= mb.length)
      await write(left >= mb.length ? mb : mb.subarray(0, left));
  }
  d.end();
  await done;
  return { crc, size, compressed: Buffer.concat(out) };
}

export async function buildZip(entries: ZipSpec[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const spec of entries) {
    const { crc, size, compressed } = await deflateEntry(spec);
    const name = Buffer.from(spec.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** The parts every OOXML package starts with. */
export const ooxmlSkeleton = (main: string): ZipSpec[] => [
  {
    name: '[Content_Types].xml',
    data: Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
  },
  {
    name: '_rels/.rels',
    data: Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${main}"/></Relationships>`,
    ),
  },
];

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Writes a real .xlsx of `rows` data rows (the first column filled) under `headers` into
 * `file` (about 55 bytes of XML a row), without ever holding the sheet: the workbook's parts come from ExcelJS, the sheet's
 * XML is generated 10,000 rows at a time and deflated as it goes, and the archive is streamed
 * to the file. Two million rows take a few seconds this way (ExcelJS's own streaming writer
 * needs a good twenty).
 */
export async function writeHugeXlsx(
  file: string,
  sheetName: string,
  headers: readonly string[],
  rows: number,
): Promise<{ bytes: number; sheetBytes: number }> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet(sheetName).addRow([...headers]);
  const skeleton = Buffer.from(await wb.xlsx.writeBuffer());
  const dir = readZipDirectory(skeleton);
  if (!dir.ok) throw new Error(dir.reason);
  const parts: ZipSpec[] = dir.entries
    .filter((e) => e.name !== 'xl/worksheets/sheet1.xml')
    .map((e) => {
      const start =
        e.localOffset +
        30 +
        skeleton.readUInt16LE(e.localOffset + 26) +
        skeleton.readUInt16LE(e.localOffset + 28);
      const raw = skeleton.subarray(start, start + e.compressedSize);
      return { name: e.name, data: e.method === 0 ? Buffer.from(raw) : zlib.inflateRawSync(raw) };
    });
  let sheetBytes = 0;
  function* sheet(): Generator<Buffer> {
    const col = (i: number) => String.fromCharCode(65 + i);
    const head =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
      `<row r="1">${headers.map((h, i) => `<c r="${col(i)}1" t="inlineStr"><is><t>${xmlEscape(h)}</t></is></c>`).join('')}</row>`;
    yield Buffer.from(head);
    sheetBytes += head.length;
    for (let from = 2; from <= rows + 1; from += 10_000) {
      let chunk = '';
      for (let r = from; r < Math.min(from + 10_000, rows + 2); r++) {
        chunk += `<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`;
      }
      const b = Buffer.from(chunk);
      sheetBytes += b.length;
      yield b;
    }
    const tail = '</sheetData></worksheet>';
    sheetBytes += tail.length;
    yield Buffer.from(tail);
  }
  const zip = await buildZip([...parts, { name: 'xl/worksheets/sheet1.xml', chunks: sheet() }]);
  await pipeline(async function* () {
    for (let i = 0; i < zip.length; i += 1 << 20) yield zip.subarray(i, i + (1 << 20));
  }, fs.createWriteStream(file));
  return { bytes: zip.length, sheetBytes };
}
