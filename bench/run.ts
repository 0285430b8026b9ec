import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import Fastify from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { SCALES, type Scale, seedScale } from '../src/cli/seed-scale.js';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../src/db/kysely.js';
import { systemClock } from '../src/server/lib/context.js';
import { importMembersFromXlsx } from '../src/server/modules/io/io.service.js';
import { bootstrapUser } from '../src/server/modules/org/bootstrap.js';
import { benchApp, benchLogin, partyRoot } from './app.js';
import { benchBranchEval } from './branch-eval.js';
import { benchGroup } from './group.js';
import { pagesOverHttp } from './http.js';
import { benchInspection } from './inspection.js';
import { benchInspectionBallots } from './inspection-ballots.js';
import { benchPoints } from './points.js';
import { benchProjects } from './projects.js';
import { fmtLatency, growthScopeIs, growthTable, measure } from './stats.js';
import { benchTerms } from './terms.js';

/**
 * `npm run bench` (`kaohe bench`): figures for the foundation at SPEC §8 scales, on SQLite and,
 * when reachable, PostgreSQL. Prints; asserts nothing (timings do not belong in tests).
 */
export async function benchCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: 'string', default: 'province' },
      requests: { type: 'string', default: '400' },
      'import-rows': { type: 'string', default: '10000' },
      pg: {
        type: 'string',
        default: process.env.KAOHE_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      },
      'no-pg': { type: 'boolean', default: false },
      'no-sqlite': { type: 'boolean', default: false },
      only: { type: 'string', default: 'all' },
      'entries-per-member': { type: 'string', default: '25' },
      'ib-units': { type: 'string', default: '400' },
      'ib-ballots': { type: 'string', default: '200000' },
      'ib-clients': { type: 'string', default: '32' },
      'be-detail-months': { type: 'string', default: '2' },
      'be-repeat': { type: 'string', default: '1' },
      'be-profile': { type: 'boolean', default: false },
      'points-profile': { type: 'boolean', default: false },
      'be-approval-only': { type: 'boolean', default: false },
      members: { type: 'string' },
      explain: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      phase: { type: 'string', default: 'all' },
      schema: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    out(
      [
        'kaohe bench [options]   (npm run bench -- [options])',
        '  --scale province|bureau     data size (SPEC §8): 100,000 members / 6,000 branches, or 5,000 / 300;',
        '                              bureau,province runs both and prints the growth table between them',
        '  --scale group               PostgreSQL only, opt-in, long: 1,000,000 members / 60,000 branches and one',
        '                              quarter of 25 M entries (generated on the server); close, boards, member list',
        '  --members N                 with --scale group: N members instead (branches in proportion), a trial run',
        '  --explain                   with --scale group: print EXPLAIN ANALYZE of the aggregate and the board SQL',
        '  --keep                      leave the generated PostgreSQL schema (or SQLite file) in place, its name printed, instead of dropping it',
        '  --phase generate|measure    with --scale group: only generate (with --keep), or only measure the data kept in',
        '  --schema NAME               that schema (the quarter is reopened and closed again)',
        '  --only foundation,points,branch-eval,projects,terms,inspection,http   sections to run (default: all); http: the pages',
        '                              of the other sections also over real HTTP, 50 connections',
        '  --no-pg                     SQLite only (default: also PostgreSQL when reachable)',
        '  --no-sqlite                 PostgreSQL only',
        '  --pg URL                    PostgreSQL to use (default $KAOHE_BENCH_PG_URL or postgres://postgres@127.0.0.1:5432/test)',
        '  --requests N                requests per latency figure (default 400)',
        '  --import-rows N             rows of the members sheet imported (default 10000)',
        '  --entries-per-member N      approved points entries per member in the quarter (default 25)',
        '  --be-detail-months N        months of branch evaluation generated in full detail (default 2)',
        '  --be-repeat N               approve each detailed month N times (reset between runs) and give the medians',
        '  --be-profile                with each approval, its statements: count, time in the database, the slowest',
        '  --points-profile            the same for the quarter close and the annual step',
        '  --be-approval-only          branch evaluation: stop after the approvals (no results pages)',
        '  --ib-units N --ib-ballots N --ib-clients N   inspection ballots: units, ballots cast, concurrent clients (400, 200000, 32)',
      ].join('\n'),
    );
    return 0;
  }
  const sections =
    values.only === 'all'
      ? ['foundation', 'points', 'branch-eval', 'projects', 'terms', 'inspection', 'http']
      : values.only.split(',');
  const overHttp = sections.includes('http');
  const scales = values.scale
    .split(',')
    .map((x): Scale => (SCALES.includes(x as Scale) ? (x as Scale) : 'province'));
  const group = scales.includes('group');
  if (group && scales.length > 1) {
    out('--scale group runs alone (it is not compared with the other scales in one run)');
    return 1;
  }
  const members = values.members === undefined ? undefined : Number(values.members);
  const scale = scales.join(', ');
  const n = Number(values.requests);
  const importRows = Number(values['import-rows']);
  out(`Kaohe benchmark — scale ${scale}, ${os.cpus().length} cores, Node ${process.version}`);

  const bare = await bareFastify(n);
  out(`\nbare Fastify JSON route (same run, same payload size):  ${fmtLatency(bare)}`);

  const targets: {
    name: string;
    open: () => Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }>;
  }[] = values['no-sqlite'] || group ? [] : [{ name: 'SQLite', open: () => openTempSqlite(values.keep) }];
  if (group && !values['no-sqlite']) out('\n(SQLite skipped: --scale group runs on PostgreSQL only)');
  if (!values['no-pg'] && (await pgReachable(values.pg))) {
    const kept = values.schema;
    targets.push({
      name: 'PostgreSQL',
      open: kept
        ? async () => ({
            handle: openDatabase(`${values.pg}${values.pg.includes('?') ? '&' : '?'}schema=${kept}`),
            drop: async () => {},
          })
        : () => openTempPg(values.pg, values.keep),
    });
  } else {
    out(`\n(PostgreSQL skipped: no server at ${values.pg})`);
  }

  for (const target of targets) {
    for (const sc of scales) {
      out(`\n═══ ${target.name}${scales.length > 1 ? `, ${sc} scale` : ''} ═══`);
      growthScopeIs(`${target.name} ${sc}`);
      const { handle, drop } = await target.open();
      try {
        if (group && values.phase === 'measure') {
          if (!values.schema)
            throw new Error('--phase measure needs --schema NAME (a schema kept by --keep)');
          out('\n── member points at group scale (kept data) ──');
          await benchGroup(handle, out, {
            requests: n,
            perMember: Number(values['entries-per-member']),
            explain: values.explain,
            phase: 'measure',
          });
          await handle.close();
          continue;
        }
        const seeded = await seedScale(handle.db, sc, {
          ...(members === undefined ? {} : { members }),
          ...(group ? { onProgress: (m: string) => out(`  ${m}`) } : {}),
        });
        out(
          `generated ${seeded.orgs} orgs, ${seeded.branches} branches, ${seeded.members} members in ${(seeded.ms / 1000).toFixed(1)} s`,
        );
        // Fresh statistics after a bulk load, as autovacuum would gather them in production.
        if (handle.dialect === 'postgres') await sql`analyze`.execute(handle.db);
        if (group) {
          out('\n── member points at group scale ──');
          await benchGroup(handle, out, {
            requests: n,
            perMember: Number(values['entries-per-member']),
            explain: values.explain,
            phase: values.phase === 'generate' ? 'generate' : 'all',
          });
          continue;
        }
        if (sections.includes('foundation')) await benchDatabase(handle, n, importRows, bare.p50, overHttp);
        if (sections.includes('points')) {
          out('\n── member points ──');
          await benchPoints(
            handle,
            out,
            n,
            Number(values['entries-per-member']),
            overHttp,
            values['points-profile'],
          );
        }
        if (sections.includes('branch-eval')) {
          out('\n── branch joint evaluation (联评联考) ──');
          await benchBranchEval(handle, out, n, Number(values['be-detail-months']), overHttp, {
            repeat: Number(values['be-repeat']),
            profile: values['be-profile'],
            only: values['be-approval-only'],
          });
        }
        if (sections.includes('terms')) {
          out('\n── 二十四节气 calendar (月例表) ──');
          await benchTerms(handle, out, n);
        }
        if (sections.includes('projects')) {
          out('\n── party-building projects (党建项目) ──');
          await benchProjects(handle, out, n);
        }
        if (sections.includes('inspection')) {
          out('\n── annual inspection: democratic evaluation (民主测评) ──');
          await benchInspectionBallots(handle, out, {
            units: Number(values['ib-units']),
            ballots: Number(values['ib-ballots']),
            clients: Number(values['ib-clients']),
          });
          out('\n── annual inspection (年度综合检查考核): composite at 400 units ──');
          await benchInspection(handle, out, Math.max(5, Math.min(50, Math.floor(n / 10))));
        }
      } finally {
        await drop();
      }
    }
    if (scales.includes('bureau') && scales.includes('province')) {
      out(`\ngrowth on ${target.name}, bureau → province (time ratio against row ratio):`);
      for (const line of growthTable(target.name, 'bureau', 'province')) out(line);
    }
  }
  return 0;
}

const out = (s: string) => process.stdout.write(`${s}\n`);

async function benchDatabase(
  handle: DatabaseHandle,
  n: number,
  importRows: number,
  bareP50: number,
  overHttp: boolean,
) {
  const { db } = handle;
  const root = await partyRoot(db);
  const adminId = await bootstrapUser(db, {
    account: 'bench-admin',
    displayName: 'bench',
    password: 'Bench-pass-1',
    grants: [
      { role: 'admin', orgId: root.id },
      { role: 'affairs', orgId: root.id },
    ],
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-bench-'));
  const deps = { db, dialect: handle.dialect, clock: systemClock, dataDir };
  const app = await benchApp(deps, { maxUploadBytes: 50 * 1024 * 1024 });
  const cookie = await benchLogin(app, 'bench-admin', 'Bench-pass-1');

  // Subtrees of every size: city and county committees, general branches, branches.
  const orgs = await db
    .selectFrom('org')
    .select(['id', 'kind'])
    .where('tree', '=', 'party')
    .where('kind', '!=', 'group')
    .execute();
  const committees = orgs.filter((o) => o.kind === 'committee' && o.id !== root.id).map((o) => o.id);
  const branches = orgs.filter((o) => o.kind === 'branch').map((o) => o.id);
  const pick = (arr: number[], i: number) => arr[(i * 7919) % arr.length] ?? root.id;
  // Cursors into the list (a page reached from the one before it): the last member of a page.
  const sample = await db.selectFrom('member').select('employee_no').orderBy('id').limit(400).execute();
  const cursorAt = (i: number) =>
    Buffer.from(sample[i % sample.length]?.employee_no ?? '', 'utf8').toString('base64url');
  // The hand-written SQL of a list page in a subtree: its rows in employee-number order.
  const listSql = (orgId: number, offset: number) =>
    sql`select m.*, b.name as branch_name from member m left join org b on b.id = m.branch_id
        where m.branch_id in (select descendant_id from org_closure where ancestor_id = ${orgId}) and m.active = 1
        order by m.employee_no limit 20 offset ${offset}`.execute(db);
  const listCases = [
    { label: 'whole organisation, page 1', url: () => '/api/v1/members?pageSize=20' },
    {
      label: 'committee subtree, random page',
      url: (i: number) => `/api/v1/members?orgId=${pick(committees, i)}&page=${1 + (i % 20)}&pageSize=20`,
      sql: (i: number) => listSql(pick(committees, i), (i % 20) * 20),
    },
    {
      label: 'committee subtree, next page by cursor',
      url: (i: number) => `/api/v1/members?orgId=${pick(committees, i)}&after=${cursorAt(i)}&pageSize=20`,
    },
    { label: 'branch subtree', url: (i: number) => `/api/v1/members?orgId=${pick(branches, i)}&pageSize=20` },
    {
      label: 'search by name in a committee',
      url: (i: number) =>
        `/api/v1/members?orgId=${pick(committees, i)}&q=${encodeURIComponent('王')}&pageSize=20`,
    },
  ];
  out('\nmember list, GET /api/v1/members (paged, filtered by subtree), via app.inject:');
  for (const c of listCases) {
    const s = await measure(n, async (i) => {
      const res = await app.inject({ url: c.url(i), cookies: { kaohe_sid: cookie } });
      if (res.statusCode !== 200) throw new Error(`${c.url(i)} → ${res.statusCode} ${res.body}`);
    });
    out(`  ${c.label.padEnd(34)} ${fmtLatency(s)}   ×${(s.p50 / bareP50).toFixed(1)} bare p50`);
  }
  if (overHttp) await pagesOverHttp(app, cookie, listCases, out, n);

  // Import: a generated members sheet of `importRows` rows into existing branches.
  const branchCodes = await db
    .selectFrom('org')
    .select('code')
    .where('kind', '=', 'branch')
    .limit(200)
    .execute();
  const file = await membersSheet(
    importRows,
    branchCodes.map((b) => b.code),
  );
  // The bare read runs twice and the second is kept, so neither side pays the JIT warm-up.
  let bareRead = 0;
  let cells = 0;
  for (let pass = 0; pass < 2; pass++) {
    const t0 = performance.now();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ExcelJS.Buffer);
    cells = 0;
    wb.worksheets[0]?.eachRow((row) => {
      cells += row.cellCount;
    });
    bareRead = performance.now() - t0;
  }
  const ctx = {
    ...deps,
    user: {
      id: adminId,
      account: 'bench-admin',
      displayName: 'bench',
      memberId: null,
      grants: [
        { role: 'admin' as const, orgId: root.id },
        { role: 'affairs' as const, orgId: root.id },
      ],
    },
    locale: 'zh-CN' as const,
  };
  const t1 = performance.now();
  const preview = await importMembersFromXlsx(ctx, file, { commit: false });
  const previewMs = performance.now() - t1;
  const t2 = performance.now();
  const committed = await importMembersFromXlsx(ctx, file, { commit: true });
  const commitMs = performance.now() - t2;
  out(`\nimport of a ${importRows}-row members sheet (${(file.length / 1024).toFixed(0)} KiB):`);
  out(`  bare ExcelJS read of the same file   ${bareRead.toFixed(0)} ms (${cells} cells)`);
  out(
    `  validate + preview (nothing written) ${previewMs.toFixed(0)} ms   ×${(previewMs / bareRead).toFixed(1)} bare read   errors: ${preview.errors.length}`,
  );
  out(
    `  validate + commit (one transaction)  ${commitMs.toFixed(0)} ms   ×${(commitMs / bareRead).toFixed(1)} bare read   imported: ${committed.imported}`,
  );
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/** The same shape of answer as one member-list page, from a route that does nothing else. */
async function bareFastify(n: number) {
  const app = Fastify();
  const payload = {
    items: Array.from({ length: 20 }, (_, i) => ({
      id: i,
      employeeNo: `BH${String(i).padStart(6, '0')}`,
      name: '王建国',
      gender: 'M',
      isPartyMember: true,
      status: 'full',
      branchId: 1,
      branchName: '变电运维中心党支部',
      unitId: null,
      post: '变电运维工',
      phone: '13800000000',
      active: true,
    })),
    total: 100000,
    page: 1,
    pageSize: 20,
  };
  app.get('/bare', async () => payload);
  await app.ready();
  const s = await measure(n, async () => {
    await app.inject({ url: '/bare' });
  });
  await app.close();
  return s;
}

async function membersSheet(rows: number, branchCodes: string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员');
  ws.addRow([
    '工号',
    '姓名',
    '性别',
    '出生日期',
    '是否党员',
    '党员状态',
    '入党日期',
    '转正日期',
    '所在支部编码',
    '所属单位编码',
    '岗位',
    '联系电话',
  ]);
  for (let i = 0; i < rows; i++) {
    ws.addRow([
      `IMP${String(i).padStart(6, '0')}`,
      `导入${i}`,
      i % 3 === 0 ? '女' : '男',
      '1988-05-06',
      '是',
      i % 12 === 0 ? '预备党员' : '正式党员',
      '2012-07-01',
      i % 12 === 0 ? '' : '2013-07-01',
      branchCodes[i % branchCodes.length],
      '',
      '专责',
      `139${String(10000000 + i).slice(-8)}`,
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function openTempSqlite(keep = false) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-bench-db-'));
  const file = path.join(dir, 'bench.db');
  const handle = openDatabase(file);
  await migrateToLatest(handle.db);
  return {
    handle,
    drop: async () => {
      await handle.close();
      if (keep) {
        out(`(kept: ${file})`);
        return;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openTempPg(url: string, keep = false) {
  const schema = `bench_${Date.now().toString(36)}`;
  const admin = openDatabase(url);
  await sql.raw(`create schema ${schema}`).execute(admin.db);
  await admin.close();
  const handle = openDatabase(`${url}${url.includes('?') ? '&' : '?'}schema=${schema}`);
  await migrateToLatest(handle.db);
  return {
    handle,
    drop: async () => {
      await handle.close();
      if (keep) {
        out(`(kept: schema ${schema} in ${url})`);
        return;
      }
      const a = openDatabase(url);
      await sql.raw(`drop schema ${schema} cascade`).execute(a.db);
      await a.close();
    },
  };
}

async function pgReachable(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}
