import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip, ooxmlSkeleton } from '../../../test-support/zip.js';
import { makeTree, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import { type Client, createTestApp, login, type TestApp } from '../../test/harness.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof makeTree>>;
let secretary: Client;
let otherSecretary: Client;
let affairs: Client;

// A 1×1 PNG and a minimal PDF: real content, as a browser would upload.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer; type?: string }) {
  const boundary = '----kaohe-test-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const upload = (c: Client, orgId: number, file: { name: string; content: Buffer; type?: string }) =>
  c.inject({ method: 'POST', url: '/api/v1/files', ...multipart({ orgId: String(orgId) }, file) });

beforeAll(async () => {
  t = await createTestApp();
  tree = await makeTree(t.db);
  secretary = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'secretary', orgId: tree.branchA1.id }])).account,
    TEST_PASSWORD,
  );
  otherSecretary = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'secretary', orgId: tree.branchB1.id }])).account,
    TEST_PASSWORD,
  );
  affairs = await login(
    t.app,
    (await makeUser(t.db, [{ role: 'affairs', orgId: tree.root.id }])).account,
    TEST_PASSWORD,
  );
});
afterAll(() => t.close());

describe('evidence files', () => {
  it('stores an image by content hash, once, however often it is uploaded', async () => {
    const a = await upload(secretary, tree.branchA1.id, {
      name: '主题党日.png',
      content: png,
      type: 'image/png',
    });
    expect(a.statusCode).toBe(200);
    expect(a.json()).toMatchObject({
      mime: 'image/png',
      previewable: true,
      name: '主题党日.png',
      deduplicated: false,
    });
    const b = await upload(secretary, tree.branchA1.id, { name: 'again.png', content: png });
    expect(b.json().hash).toBe(a.json().hash);
    expect(b.json().deduplicated).toBe(true);
    const blobs = await t.db
      .selectFrom('file_blob')
      .select('hash')
      .where('hash', '=', a.json().hash)
      .execute();
    expect(blobs).toHaveLength(1);
  });

  it('judges the type by content: a script named .jpg is refused and nothing is stored', async () => {
    const before = await t.db
      .selectFrom('file_upload')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await upload(secretary, tree.branchA1.id, {
      name: 'photo.jpg',
      content: Buffer.from('<script>alert(1)</script>'),
      type: 'image/jpeg',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('file_type_not_allowed');
    const after = await t.db
      .selectFrom('file_upload')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('serves a PDF inline with its sniffed type and a sandbox, to readers of the org only', async () => {
    const up = await upload(secretary, tree.branchA1.id, { name: '会议记录.pdf', content: pdf });
    const id = up.json().id;
    const get = await affairs.inject({ method: 'GET', url: `/api/v1/files/${id}` });
    expect(get.statusCode).toBe(200);
    expect(get.headers['content-type']).toBe('application/pdf');
    expect(get.headers['content-disposition']).toContain('inline');
    expect(get.headers['x-content-type-options']).toBe('nosniff');
    expect(get.rawPayload.equals(pdf)).toBe(true);
    expect((await otherSecretary.inject({ method: 'GET', url: `/api/v1/files/${id}` })).statusCode).toBe(403);
  });

  it('refuses an upload for an org outside the uploader’s scope', async () => {
    const res = await upload(secretary, tree.branchB1.id, { name: 'x.png', content: png });
    expect(res.statusCode).toBe(403);
  });

  it('refuses a file over the size limit with 413 and no request without a file', async () => {
    const big = Buffer.concat([png, Buffer.alloc(6 * 1024 * 1024)]);
    const res = await upload(secretary, tree.branchA1.id, { name: 'big.png', content: big });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('file_too_large');
    const none = await secretary.inject({
      method: 'POST',
      url: '/api/v1/files',
      ...multipart({ orgId: String(tree.branchA1.id) }),
    });
    expect(none.json().error.code).toBe('file_missing');
  });
});

describe('Office documents are judged by what they claim to hold', () => {
  const countUploads = async () =>
    Number(
      (
        await t.db
          .selectFrom('file_upload')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('refuses a zip bomb named .docx or .xlsx and stores nothing', async () => {
    // 250 MB of zeros in a Word part, and 150 MB (under the total cap, but a thousand times
    // its packed size) in a worksheet: both a few hundred KB on the wire.
    const docx = await buildZip([
      ...ooxmlSkeleton('word/document.xml'),
      { name: 'word/document.xml', zeros: 250 * 1024 * 1024 },
    ]);
    const xlsx = await buildZip([
      ...ooxmlSkeleton('xl/workbook.xml'),
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', zeros: 150 * 1024 * 1024 },
    ]);
    expect(docx.length).toBeLessThan(1024 * 1024);
    expect(xlsx.length).toBeLessThan(1024 * 1024);
    const before = await countUploads();
    for (const [name, content] of [
      ['总结.docx', docx],
      ['台账.xlsx', xlsx],
    ] as const) {
      const res = await upload(secretary, tree.branchA1.id, { name, content });
      expect({ name, status: res.statusCode }).toEqual({ name, status: 400 });
      expect(res.json().error.code).toBe('invalid_document');
      expect(res.json().error.details.reason).toMatch(/unpacks to/);
    }
    expect(await countUploads()).toBe(before);
  });

  it('refuses a zip without the OOXML structure, and a damaged legacy .doc header', async () => {
    const plain = await buildZip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]);
    const r1 = await upload(secretary, tree.branchA1.id, { name: '报告.docx', content: plain });
    expect(r1.statusCode).toBe(400);
    expect(r1.json().error.details.reason).toMatch(/Content_Types/);
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(4096, 0x41),
    ]);
    const r2 = await upload(secretary, tree.branchA1.id, { name: '旧报告.doc', content: ole });
    expect(r2.statusCode).toBe(400);
    expect(r2.json().error.code).toBe('invalid_document');
  });

  it('accepts a real .xlsx written by ExcelJS, a real-shaped .docx and a legacy .xls header', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['日期', '内容']);
    for (let i = 0; i < 500; i++)
      ws.addRow([`2026-03-${String((i % 28) + 1).padStart(2, '0')}`, `第 ${i} 次学习`]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const a = await upload(secretary, tree.branchA1.id, { name: '学习台账.xlsx', content: xlsx });
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json().mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');

    const docx = await buildZip([
      ...ooxmlSkeleton('word/document.xml'),
      {
        name: 'word/document.xml',
        data: Buffer.from(`<w:document>${'<w:p>学习</w:p>'.repeat(2000)}</w:document>`),
      },
    ]);
    const b = await upload(secretary, tree.branchA1.id, { name: '总结.docx', content: docx });
    expect(b.statusCode, b.body).toBe(200);
    expect(b.json().mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');

    // A version 3 compound file header: 512-byte sectors, one sector-table sector.
    const xls = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(xls);
    xls.writeUInt16LE(0x3e, 0x18);
    xls.writeUInt16LE(3, 0x1a);
    xls.writeUInt16LE(0xfffe, 0x1c);
    xls.writeUInt16LE(9, 0x1e);
    xls.writeUInt16LE(6, 0x20);
    xls.writeUInt32LE(1, 0x2c);
    xls.writeUInt32LE(4096, 0x38);
    const c = await upload(secretary, tree.branchA1.id, { name: '旧台账.xls', content: xls });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json().mime).toBe('application/vnd.ms-excel');
  });
});
