import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../db/kysely.js';
import type { NewMember, NewOrg } from '../db/types.js';
import type { PartyKind } from '../domain/org/tree.js';
import { appendAudit } from '../server/lib/audit.js';
import { systemClock, todayInChina } from '../server/lib/context.js';
import { bumpDataVersion } from '../server/lib/data-version.js';
import { systemActor } from '../server/modules/org/bootstrap.js';
import {
  countOrgs,
  createRng,
  DatabaseNotEmptyError,
  generatePerson,
  HISTORY_EPOCH,
  insertInChunks,
  isPostgres,
  lockForSeeding,
  type Rng,
} from './seed-demo.js';

/*
 * Generated organisations at the sizes of SPEC §8, for benchmarks and for trying the UI at
 * scale. Unlike the demo, rows are built in memory and written with multi-row INSERTs (the
 * closure table included), because 100,000 members and ~20,000 orgs one statement at a time
 * would take minutes on PostgreSQL.
 */

export type Scale = 'bureau' | 'province' | 'group';

/** The scales `kaohe seed --scale` and `npm run bench -- --scale` accept. */
export const SCALES: readonly Scale[] = ['bureau', 'province', 'group'];

/** `group` (1,000,000 members) is generated on PostgreSQL only (SPEC §8: a group runs on PostgreSQL). */
export class ScaleNeedsPostgresError extends Error {
  constructor(readonly scale: Scale) {
    super(`--scale ${scale} runs on PostgreSQL only`);
  }
}

interface Plan {
  root: string;
  /** Provincial companies under the root (group), each holding `cities` city bureaus; or none. */
  provinces: number;
  /** City bureaus under the root or under each province, or none: the root is the bureau itself. */
  cities: number;
  countiesPerBureau: number;
  branches: number;
  members: number;
  /** Share of a bureau's branches that sit directly under it (its departments and grassroots units). */
  directShare: number;
}

const plans: Record<Scale, Plan> = {
  bureau: {
    root: '江北供电公司党委',
    provinces: 0,
    cities: 0,
    countiesPerBureau: 6,
    branches: 300,
    members: 5_000,
    directShare: 0.4,
  },
  province: {
    root: '海东省电力有限公司党委',
    provinces: 0,
    cities: 14,
    countiesPerBureau: 6,
    branches: 6_000,
    members: 100_000,
    directShare: 0.4,
  },
  group: {
    root: '华夏电网有限公司党组',
    provinces: 12,
    cities: 14,
    countiesPerBureau: 6,
    branches: 60_000,
    members: 1_000_000,
    directShare: 0.4,
  },
};

const PROVINCE_NAMES = [
  '海东',
  '江北',
  '岭西',
  '云中',
  '河南',
  '湖东',
  '山北',
  '川南',
  '闽海',
  '桂江',
  '陇原',
  '辽滨',
];

const CITY_NAMES = [
  '海州',
  '青城',
  '云阳',
  '临川',
  '白沙',
  '金川',
  '石桥',
  '望海',
  '枫林',
  '长宁',
  '安平',
  '瑞丰',
  '江陵',
  '凤岭',
];
const PLACE_FIRST = [...'东西南北清平安永宁长新丰和兴龙凤云石玉桃柳松杨花'];
const PLACE_SECOND = [...'川山河阳江城源林泉湖桥溪岭坪口塘'];
const BUREAU_UNITS = [
  '办公室',
  '党建工作部',
  '人力资源部',
  '财务资产部',
  '安全监察部',
  '运维检修部',
  '营销部',
  '发展策划部',
  '物资供应中心',
  '信息通信分公司',
  '调度控制中心',
  '经济技术研究所',
  '变电运维中心',
  '变电检修中心',
  '输电运检中心',
  '配电运检中心',
  '客户服务中心',
  '供电服务指挥中心',
];
const POSTS = [
  '变电运维工',
  '配电线路工',
  '输电线路工',
  '客户经理',
  '台区经理',
  '专责',
  '专责',
  '班长',
  '主任',
  '副主任',
  '技术员',
  '调控员',
  '营业员',
  '安全员',
];
const DIGITS = '〇一二三四五六七八九';

/** 1 → 一, 12 → 十二, 40 → 四十, 123 → 123 (ordinals in branch names). */
function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n] as string;
  if (n < 100) {
    const tens = Math.floor(n / 10);
    const ones = n % 10;
    return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
  }
  return String(n);
}

/** Splits `total` into `parts` integers that differ by at most one. */
function spread(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

interface Node {
  code: string;
  name: string;
  kind: PartyKind;
  parent: Node | null;
  sortOrder: number;
  depth: number;
  id: number;
  /** Ancestor ids nearest first, the node itself included (filled once inserted). */
  path: number[];
  members: number;
}

/** The whole tree in memory, parents before children, with the member count of each branch. */
function planTree(plan: Plan, tag: string, rng: Rng): Node[] {
  const nodes: Node[] = [];
  const add = (parent: Node | null, kind: PartyKind, code: string, name: string, sortOrder: number): Node => {
    const n: Node = {
      code,
      name,
      kind,
      parent,
      sortOrder,
      depth: parent ? parent.depth + 1 : 0,
      id: 0,
      path: [],
      members: 0,
    };
    nodes.push(n);
    return n;
  };
  const root = add(null, 'committee', tag, plan.root, 1);
  const citiesOf = (parent: Node, prefix: string) =>
    CITY_NAMES.slice(0, plan.cities).map((c, i) =>
      add(
        parent,
        'committee',
        `${parent.code}-${String(i + 1).padStart(2, '0')}`,
        `${prefix}${c}供电公司党委`,
        i + 1,
      ),
    );
  const bureaus =
    plan.provinces > 0
      ? PROVINCE_NAMES.slice(0, plan.provinces).flatMap((p, i) =>
          citiesOf(
            add(
              root,
              'committee',
              `${tag}-${String(i + 1).padStart(2, '0')}`,
              `${p}省电力有限公司党委`,
              i + 1,
            ),
            p,
          ),
        )
      : plan.cities === 0
        ? [root]
        : citiesOf(root, '');
  const branches: Node[] = [];
  const addBranch = (parent: Node, owner: Node, serial: number, name: string, order: number) => {
    const b = add(parent, 'branch', `${owner.code}-B${String(serial).padStart(3, '0')}`, name, order);
    branches.push(b);
    const groups = rng.int(2, 3);
    for (let g = 1; g <= groups; g++) add(b, 'group', `${b.code}-${g}`, `第${chineseNumber(g)}党小组`, g);
  };
  // A run of branches serving one unit: 某某党支部 alone, or 某某第一/第二…党支部, sometimes
  // gathered under the unit's general branch (党总支).
  const addUnitBranches = (
    owner: Node,
    stem: string,
    count: number,
    serial: { n: number },
    order: { n: number },
  ) => {
    if (count === 0) return;
    if (count === 1) {
      addBranch(owner, owner, ++serial.n, `${stem}党支部`, ++order.n);
      return;
    }
    const general = count >= 3 && rng.chance(0.4);
    const parent = general
      ? add(
          owner,
          'general_branch',
          `${owner.code}-Z${String(order.n + 1).padStart(3, '0')}`,
          `${stem}党总支`,
          ++order.n,
        )
      : owner;
    for (let k = 1; k <= count; k++) {
      addBranch(parent, owner, ++serial.n, `${stem}第${chineseNumber(k)}党支部`, general ? k : ++order.n);
    }
  };

  for (const [bi, total] of spread(plan.branches, bureaus.length).entries()) {
    const bureau = bureaus[bi] as Node;
    const direct = Math.round(total * plan.directShare);
    const serial = { n: 0 };
    const order = { n: 0 };
    for (const [ui, count] of spread(direct, BUREAU_UNITS.length).entries()) {
      addUnitBranches(bureau, BUREAU_UNITS[ui] as string, count, serial, order);
    }
    const counties = new Set<string>();
    for (const [ci, count] of spread(total - direct, plan.countiesPerBureau).entries()) {
      let county = '';
      while (!county || counties.has(county)) county = rng.pick(PLACE_FIRST) + rng.pick(PLACE_SECOND);
      counties.add(county);
      const c = add(
        bureau,
        'committee',
        `${bureau.code}-${String(ci + 1).padStart(2, '0')}`,
        `${county}县供电公司党委`,
        ++order.n,
      );
      const cSerial = { n: 0 };
      const cOrder = { n: 0 };
      const office = Math.min(count, rng.int(1, 3));
      addUnitBranches(c, `${county}县供电公司机关`, office, cSerial, cOrder);
      const towns = new Set<string>();
      for (let k = office; k < count; k++) {
        let town = '';
        while (!town || towns.has(town)) town = rng.pick(PLACE_FIRST) + rng.pick(PLACE_SECOND);
        towns.add(town);
        addUnitBranches(c, `${town}供电所`, 1, cSerial, cOrder);
      }
    }
  }

  // Member counts vary between branches (weights 0.5–1.5) and add up to the plan exactly.
  const weights = branches.map(() => 0.5 + rng.next());
  const sum = weights.reduce((a, b) => a + b, 0);
  let assigned = 0;
  for (const [i, b] of branches.entries()) {
    b.members = Math.floor((plan.members * (weights[i] as number)) / sum);
    assigned += b.members;
  }
  for (let i = 0; assigned < plan.members; i = (i + 1) % branches.length, assigned++) {
    (branches[i] as Node).members += 1;
  }
  return nodes;
}

/** The first free tag for the generated root: SB/SP, then SBB, SBC… when forced beside earlier data. */
async function freeTag(db: DbOrTrx, scale: Scale): Promise<string> {
  const base = { bureau: 'SB', province: 'SP', group: 'SG' }[scale];
  for (const suffix of ['', ...'BCDEFGHIJKLMNOPQRSTUVWXYZ']) {
    const tag = base + suffix;
    const taken = await db
      .selectFrom('org')
      .select('id')
      .where('tree', '=', 'party')
      .where('code', '=', tag)
      .executeTakeFirst();
    if (!taken) return tag;
  }
  throw new Error(`no free code for another ${scale} tree`);
}

/**
 * Generates a whole organisation at SPEC §8's `bureau` (5,000 members, 300 branches),
 * `province` (100,000 members, 6,000 branches) or `group` size (1,000,000 members, 60,000
 * branches; PostgreSQL only) in one transaction: root committee → (12 provincial companies →)
 * (14 city committees →) county committees and directly-held branches, some branches under
 * general branches, two or three groups per branch, and members with branch histories. The
 * same scale always produces the same data. Refuses a database with orgs unless `force`.
 * `members` generates a smaller organisation of the scale's shape (branches in proportion), to
 * try a group-sized run at a fraction of its size first.
 */
export async function seedScale(
  db: Db,
  scale: Scale,
  opts: { onProgress?: (msg: string) => void; force?: boolean; today?: string; members?: number } = {},
): Promise<{ orgs: number; members: number; branches: number; ms: number }> {
  const started = performance.now();
  if (scale === 'group' && !isPostgres(db)) throw new ScaleNeedsPostgresError(scale);
  const full = plans[scale];
  const plan =
    opts.members === undefined
      ? full
      : {
          ...full,
          members: opts.members,
          branches: Math.max(1, Math.round((full.branches * opts.members) / full.members)),
        };
  const progress = opts.onProgress ?? (() => {});
  const today = opts.today ?? todayInChina(systemClock);
  const at = new Date().toISOString();
  const result = await db.transaction().execute(async (trx) => {
    await lockForSeeding(trx);
    const existing = await countOrgs(trx);
    if (existing > 0 && !opts.force) throw new DatabaseNotEmptyError(existing);
    const tag = await freeTag(trx, scale);
    const rng = createRng({ bureau: 2_026_005, province: 2_026_008, group: 2_026_010 }[scale]);
    const nodes = planTree(plan, tag, rng);
    progress(`planned ${nodes.length} orgs`);

    // Level by level, so every parent has its id before its children are written; ids come
    // back with their codes because neither database promises RETURNING order.
    // A reduce, not Math.max(...): a group's 200,000 orgs would overflow the call's arguments.
    const maxDepth = nodes.reduce((m, n) => Math.max(m, n.depth), 0);
    const byCode = new Map(nodes.map((n) => [n.code, n]));
    for (let depth = 0; depth <= maxDepth; depth++) {
      const level = nodes.filter((n) => n.depth === depth);
      const rows: NewOrg[] = level.map((n) => ({
        tree: 'party',
        kind: n.kind,
        code: n.code,
        name: n.name,
        parent_id: n.parent?.id ?? null,
        sort_order: n.sortOrder,
        active_from: HISTORY_EPOCH,
        active_to: null,
        linked_unit_id: null,
        created_at: at,
        updated_at: at,
      }));
      await insertInChunks(trx, rows, async (chunk) => {
        for (const r of await trx.insertInto('org').values(chunk).returning(['id', 'code']).execute()) {
          const n = byCode.get(r.code);
          if (n) n.id = r.id;
        }
      });
      for (const n of level) n.path = [n.id, ...(n.parent?.path ?? [])];
      progress(`orgs at depth ${depth}: ${level.length}`);
    }
    const closure = nodes.flatMap((n) =>
      n.path.map((ancestor, depth) => ({ ancestor_id: ancestor, descendant_id: n.id, depth })),
    );
    // Answers kept by a server on this database were computed without these orgs and members.
    await bumpDataVersion(trx, 'directory');
    await insertInChunks(trx, closure, (chunk) => trx.insertInto('org_closure').values(chunk).execute());
    progress(`closure rows: ${closure.length}`);

    const before = await trx
      .selectFrom('member')
      .select((eb) => eb.fn.max('id').as('max'))
      .executeTakeFirst();
    const maxIdBefore = Number(before?.max ?? 0);
    // Built and written a slice at a time: a million members never sit in memory at once.
    const total = nodes.reduce((a, n) => a + n.members, 0);
    const width = scale === 'group' ? 7 : 6;
    const slice = 50_000;
    let members: NewMember[] = [];
    let serial = 0;
    let written = 0;
    let reported = 0;
    const flush = async () => {
      await insertInChunks(trx, members, (chunk) => trx.insertInto('member').values(chunk).execute());
      written += members.length;
      members = [];
      if (written - reported >= 20_000 || written === total) {
        reported = written;
        progress(`members: ${written} / ${total}`);
      }
    };
    for (const b of nodes) {
      for (let i = 0; i < b.members; i++) {
        const person = generatePerson(rng, { today, posts: POSTS, maleShare: 0.72 });
        serial += 1;
        members.push({
          ...person,
          employee_no: `${tag}${String(serial).padStart(width, '0')}`,
          is_party_member: 1,
          branch_id: b.id,
          unit_id: null,
          active: 1,
          created_at: at,
          updated_at: at,
        });
        if (members.length >= slice) await flush();
      }
    }
    await flush();
    // One statement instead of a row per member through the driver: every new member's
    // history starts at their join date, or at the epoch for those who joined before it.
    await trx
      .insertInto('member_branch_history')
      .columns(['member_id', 'branch_id', 'from_date', 'to_date', 'reason', 'created_at'])
      .expression(
        trx
          .selectFrom('member')
          .select((eb) => [
            'id',
            sql<number>`branch_id`.as('branch_id'),
            eb
              .case()
              .when('join_date', '>', HISTORY_EPOCH)
              .then(eb.ref('join_date'))
              .else(sql<string>`cast(${HISTORY_EPOCH} as text)`)
              .end()
              .as('from_date'),
            sql<null>`null`.as('to_date'),
            sql<string>`cast(${'生成数据'} as text)`.as('reason'),
            sql<string>`cast(${at} as text)`.as('created_at'),
          ])
          .where('id', '>', maxIdBefore)
          .where('branch_id', 'is not', null),
      )
      .execute();
    progress('branch histories written');

    // Generated data gets one audit entry for the whole run rather than one per row: ~120,000
    // entries would only say "generated" over and over and would dwarf the real log.
    const root = nodes[0] as Node;
    const branches = nodes.filter((n) => n.kind === 'branch').length;
    await appendAudit(trx, systemActor, at, [
      {
        action: 'seed.scale',
        entityType: 'org',
        entityId: root.id,
        orgId: root.id,
        after: {
          scale,
          code: tag,
          orgs: nodes.length,
          branches,
          members: written,
          closureRows: closure.length,
        },
      },
    ]);
    return { orgs: nodes.length, members: written, branches };
  });
  return { ...result, ms: Math.round(performance.now() - started) };
}
