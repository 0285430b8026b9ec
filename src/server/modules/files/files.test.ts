import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
