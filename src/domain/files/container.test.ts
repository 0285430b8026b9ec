import { describe, expect, it } from 'vitest';
import { buildZip, ooxmlSkeleton } from '../../test-support/zip.js';
import { judgeOfficeZip, judgeOleHeader, readZipDirectory } from './container.js';

/** Office containers judged by what they declare, on zips written for real. */

const small = (name: string, text = '<x/>') => ({ name, data: Buffer.from(text) });

describe('zip directory', () => {
  it('lists names and declared sizes, and refuses what is not a zip or is cut short', async () => {
    const zip = await buildZip([small('a.xml', 'hello'), small('dir/b.xml', 'x'.repeat(1000))]);
    const dir = readZipDirectory(zip);
    expect(dir.ok && dir.entries.map((e) => [e.name, e.uncompressedSize])).toEqual([
      ['a.xml', 5],
      ['dir/b.xml', 1000],
    ]);
    expect(readZipDirectory(Buffer.from('not a zip')).ok).toBe(false);
    expect(readZipDirectory(zip.subarray(0, zip.length - 30)).ok).toBe(false);
  });
});

describe('Office zips', () => {
  it('names the kind by its parts', async () => {
    const kind = async (main: string) =>
      judgeOfficeZip(await buildZip([...ooxmlSkeleton(main), small(main)]));
    expect(await kind('word/document.xml')).toEqual({ ok: true, value: 'docx' });
    expect(await kind('xl/workbook.xml')).toEqual({ ok: true, value: 'xlsx' });
    expect(await kind('ppt/presentation.xml')).toEqual({ ok: true, value: 'pptx' });
    expect(judgeOfficeZip(await buildZip([small('OFD.xml'), small('Doc_0/Document.xml')]))).toEqual({
      ok: true,
      value: 'ofd',
    });
  });

  it('refuses missing structure, too many entries, too much unpacked and too high a ratio', async () => {
    expect(judgeOfficeZip(await buildZip([small('word/document.xml')]))).toMatchObject({ ok: false });
    expect(judgeOfficeZip(await buildZip([...ooxmlSkeleton('x.xml'), small('other/x.xml')]))).toMatchObject({
      ok: false,
    });
    const many = await buildZip([
      ...ooxmlSkeleton('word/document.xml'),
      ...Array.from({ length: 30 }, (_, i) => small(`word/p${i}.xml`)),
    ]);
    const limits = {
      maxUncompressedBytes: 1_000_000,
      maxRatio: 100,
      ratioFloorBytes: 100_000,
      maxEntries: 20,
    };
    expect(judgeOfficeZip(many, limits)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('entries'),
    });
    const zeros = await buildZip([
      ...ooxmlSkeleton('word/document.xml'),
      { name: 'word/document.xml', zeros: 2_000_000 },
    ]);
    expect(judgeOfficeZip(zeros, limits)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('unpacks to'),
    });
    const ratio = await buildZip([
      ...ooxmlSkeleton('word/document.xml'),
      { name: 'word/document.xml', zeros: 500_000 },
    ]);
    expect(judgeOfficeZip(ratio, limits)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('times'),
    });
    expect(judgeOfficeZip(ratio)).toEqual({ ok: true, value: 'docx' });
  });
});

describe('OLE headers', () => {
  const header = (edit: (b: Buffer) => void = () => {}) => {
    const b = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(b);
    b.writeUInt16LE(3, 0x1a);
    b.writeUInt16LE(0xfffe, 0x1c);
    b.writeUInt16LE(9, 0x1e);
    b.writeUInt16LE(6, 0x20);
    b.writeUInt32LE(1, 0x2c);
    b.writeUInt32LE(4096, 0x38);
    edit(b);
    return b;
  };
  it('accepts a consistent header and refuses each kind of inconsistency', () => {
    expect(judgeOleHeader(header())).toEqual({ ok: true, value: 'ole' });
    expect(judgeOleHeader(header((b) => b.writeUInt16LE(0xfeff, 0x1c))).ok).toBe(false);
    expect(judgeOleHeader(header((b) => b.writeUInt16LE(12, 0x1e))).ok).toBe(false);
    expect(judgeOleHeader(header((b) => b.writeUInt16LE(7, 0x20))).ok).toBe(false);
    expect(judgeOleHeader(header((b) => b.writeUInt32LE(1000, 0x2c))).ok).toBe(false);
    expect(judgeOleHeader(header((b) => b.writeUInt32LE(0, 0x2c))).ok).toBe(false);
    expect(judgeOleHeader(header().subarray(0, 100)).ok).toBe(false);
  });
});
