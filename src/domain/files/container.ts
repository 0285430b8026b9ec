/**
 * What an Office container claims to hold, read without unpacking anything: the central
 * directory of a zip (OOXML .docx/.xlsx/.pptx, OFD) and the header of an OLE compound file
 * (legacy .doc/.xls/.ppt). A few MB of zip can declare gigabytes (a "zip bomb"); whoever opens
 * such a file later (a reviewer's Office, the import) pays for it, so it is refused on upload.
 */

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

export type ZipDirectory =
  | { ok: true; entries: ZipEntry[]; directoryOffset: number }
  | { ok: false; reason: string };

const u16 = (b: Uint8Array, p: number) => (b[p] ?? 0) | ((b[p + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, p: number) => (u16(b, p) | (u16(b, p + 2) << 16)) >>> 0;
const utf8 = new TextDecoder('utf-8');

/** Lists a zip's entries from its central directory. Zip64 archives are refused: no Office file needs one. */
export function readZipDirectory(b: Uint8Array): ZipDirectory {
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (u32(b, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, reason: 'zip end record not found' };
  const count = u16(b, eocd + 10);
  const size = u32(b, eocd + 12);
  const offset = u32(b, eocd + 16);
  if (count === 0xffff || offset === 0xffffffff || size === 0xffffffff) {
    return { ok: false, reason: 'zip64 archives are not accepted' };
  }
  if (offset + size > eocd) return { ok: false, reason: 'zip directory is damaged' };
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || u32(b, p) !== 0x02014b50) return { ok: false, reason: 'zip directory is damaged' };
    const nameLen = u16(b, p + 28);
    const extraLen = u16(b, p + 30);
    const commentLen = u16(b, p + 32);
    if (p + 46 + nameLen > eocd) return { ok: false, reason: 'zip directory is damaged' };
    const entry: ZipEntry = {
      name: utf8.decode(b.subarray(p + 46, p + 46 + nameLen)),
      method: u16(b, p + 10),
      compressedSize: u32(b, p + 20),
      uncompressedSize: u32(b, p + 24),
      localOffset: u32(b, p + 42),
    };
    if (entry.compressedSize === 0xffffffff || entry.uncompressedSize === 0xffffffff) {
      return { ok: false, reason: 'zip64 archives are not accepted' };
    }
    if (entry.localOffset + 30 > offset || u32(b, entry.localOffset) !== 0x04034b50) {
      return { ok: false, reason: 'zip entry outside the archive' };
    }
    entries.push(entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { ok: true, entries, directoryOffset: offset };
}

export interface OfficeZipLimits {
  maxUncompressedBytes: number;
  maxRatio: number;
  ratioFloorBytes: number;
  maxEntries: number;
}

/** Limits no real Office document comes near; a zip over any of them is refused unopened. */
export const OFFICE_ZIP_LIMITS: Readonly<OfficeZipLimits> = {
  /** What all entries together unpack to. */
  maxUncompressedBytes: 200 * 1024 * 1024,
  /** Unpacked size over file size; Office XML compresses 5–30×, a stream of zeros 1000×. */
  maxRatio: 100,
  /** The ratio is only judged once the content is big enough to matter. */
  ratioFloorBytes: 10 * 1024 * 1024,
  maxEntries: 10_000,
};

export type OfficeZipKind = 'docx' | 'xlsx' | 'pptx' | 'ofd';
export type ContainerVerdict<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Judges a zip that claims to be an Office document (or OFD) by its central directory: the
 * sizes and entry count it declares, and the structure the format requires —
 * `[Content_Types].xml` plus a `word/`, `xl/` or `ppt/` part for OOXML, `OFD.xml` for OFD.
 */
export function judgeOfficeZip(
  b: Uint8Array,
  limits: Readonly<OfficeZipLimits> = OFFICE_ZIP_LIMITS,
): ContainerVerdict<OfficeZipKind> {
  const dir = readZipDirectory(b);
  if (!dir.ok) return dir;
  const { entries } = dir;
  if (entries.length === 0) return { ok: false, reason: 'the zip is empty' };
  if (entries.length > limits.maxEntries) {
    return { ok: false, reason: `the zip holds ${entries.length} entries (at most ${limits.maxEntries})` };
  }
  let total = 0;
  for (const e of entries) {
    if (e.method !== 0 && e.method !== 8)
      return { ok: false, reason: `unsupported compression method ${e.method}` };
    if (e.method === 0 && e.uncompressedSize !== e.compressedSize) {
      return { ok: false, reason: 'a stored entry declares two sizes' };
    }
    total += e.uncompressedSize;
  }
  if (total > limits.maxUncompressedBytes) {
    return {
      ok: false,
      reason: `the zip unpacks to ${total} bytes (at most ${limits.maxUncompressedBytes})`,
    };
  }
  if (total > limits.ratioFloorBytes && total / Math.max(1, b.length) > limits.maxRatio) {
    return {
      ok: false,
      reason: `the zip unpacks to ${Math.round(total / Math.max(1, b.length))} times its size (at most ${limits.maxRatio})`,
    };
  }
  const names = new Set(entries.map((e) => e.name));
  if (names.has('OFD.xml')) return { ok: true, value: 'ofd' };
  if (!names.has('[Content_Types].xml'))
    return { ok: false, reason: 'no [Content_Types].xml: not an Office document' };
  const under = (prefix: string) => entries.some((e) => e.name.startsWith(prefix));
  if (under('word/')) return { ok: true, value: 'docx' };
  if (under('xl/')) return { ok: true, value: 'xlsx' };
  if (under('ppt/')) return { ok: true, value: 'pptx' };
  return { ok: false, reason: 'no Word, Excel or PowerPoint part in the zip' };
}

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Judges a legacy Office file (an OLE compound file) by its 512-byte header: the version and
 * its sector size, byte order, mini-stream settings, and a sector table that fits the file.
 */
export function judgeOleHeader(b: Uint8Array): ContainerVerdict<'ole'> {
  const bad = (reason: string): ContainerVerdict<'ole'> => ({ ok: false, reason });
  if (b.length < 512 || !OLE_SIGNATURE.every((v, i) => b[i] === v)) return bad('not an OLE compound file');
  const major = u16(b, 0x1a);
  const byteOrder = u16(b, 0x1c);
  const sectorShift = u16(b, 0x1e);
  const miniShift = u16(b, 0x20);
  const dirSectors = u32(b, 0x28);
  const fatSectors = u32(b, 0x2c);
  const miniCutoff = u32(b, 0x38);
  if (byteOrder !== 0xfffe) return bad('OLE header: wrong byte order mark');
  if (!((major === 3 && sectorShift === 9) || (major === 4 && sectorShift === 12))) {
    return bad('OLE header: unknown version or sector size');
  }
  if (miniShift !== 6 || miniCutoff !== 4096) return bad('OLE header: wrong mini-stream settings');
  if (major === 3 && dirSectors !== 0) return bad('OLE header: directory sector count must be 0');
  const sector = 1 << sectorShift;
  const sectorsInFile = Math.ceil(b.length / sector);
  if (fatSectors === 0 || fatSectors > sectorsInFile) {
    return bad('OLE header: its sector table does not fit the file');
  }
  return { ok: true, value: 'ole' };
}
