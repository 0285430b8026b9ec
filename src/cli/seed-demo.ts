import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../db/kysely.js';
import type { NewMember } from '../db/types.js';
import { isAcceptablePassword } from '../domain/access/password-policy.js';
import type { Role } from '../domain/access/roles.js';
import type { OrgKind, UnitKind } from '../domain/org/tree.js';
import { appendAudit } from '../server/lib/audit.js';
import { systemClock, todayInChina } from '../server/lib/context.js';
import { bumpDataVersion } from '../server/lib/data-version.js';
import { hashPassword } from '../server/modules/auth/password.js';
import { bootstrapOrg, bootstrapUser, systemActor } from '../server/modules/org/bootstrap.js';
import { demoTimeline } from './demo-timeline.js';
import { createRng, isPostgres, type Rng } from './seed-basics.js';

// Shared with seed-scale.ts and the tests through this file.
export { createRng, isPostgres, type Rng };

/*
 * The demo organisation: a fictional city power-supply bureau shaped like the model user of
 * SPEC §1 (6 county/district bureaus, 18 departments and grassroots units, ~40 branches, ~800
 * members). Everything random comes from one seeded generator, so every installation shows the
 * same people and the same numbers, and screenshots and bug reports can be compared.
 *
 * The person generator and the bulk-insert helpers here are shared with seed-scale.ts.
 */

// ───────────────────────────── deterministic generators ─────────────────────────────

// Ordered roughly by frequency; `pickSurname` favours the front of the list as real names do.
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const MALE_CHARS = [
  ...'伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁健亮俊峰建国志海林东浩宇凯晨博龙成坤彬锋毅松昊翔振斌庆江',
];
const FEMALE_CHARS = [...'芳娜敏静丽艳娟霞燕玲婷雪慧琳颖洁倩萍红梅莉兰晶月佳欣怡悦丹璐瑶蕾琪薇璐婧'];
const NEUTRAL_CHARS = [...'晓春秋子思雨天嘉文新永德泽立延安少佩书若可一'];
const PHONE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '157',
  '158',
  '159',
  '180',
  '181',
  '182',
  '183',
  '186',
  '187',
  '188',
  '189',
];

function pickSurname(rng: Rng): string {
  const r = rng.next();
  return SURNAMES[Math.floor(r * r * SURNAMES.length)] as string;
}

/** A plausible Chinese full name for the given gender: one surname and a one- or two-character given name. */
export function chineseName(rng: Rng, gender: 'M' | 'F'): string {
  const own = gender === 'M' ? MALE_CHARS : FEMALE_CHARS;
  const surname = pickSurname(rng);
  if (rng.chance(0.25)) return surname + rng.pick(own);
  const first = rng.chance(0.4) ? rng.pick(NEUTRAL_CHARS) : rng.pick(own);
  let second = rng.pick(own);
  if (second === first) second = rng.pick(NEUTRAL_CHARS);
  return surname + first + second;
}

const DAY = 86_400_000;
const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;
const isoOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
/** The same calendar day `years` later (29 Feb rolls to 1 Mar). */
function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

export type Person = Pick<
  NewMember,
  'name' | 'gender' | 'birth_date' | 'status' | 'join_date' | 'full_date' | 'post' | 'phone'
>;

export interface PersonOptions {
  /** The reference day (YYYY-MM-DD) for probationary members' recent join dates. */
  today: string;
  posts: readonly string[];
  maleShare: number;
  /** Share of probationary members (预备党员) among party members. */
  probationaryShare?: number;
  partyMember?: boolean;
}

/**
 * One person: name, gender, birth date 1965–2000, and for a party member a join date after
 * 18 (a probationary member joined within the last year and has no full date yet; a full
 * member's full date is a year after joining). The number of draws never depends on `today`,
 * so the same seed gives the same people on any day.
 */
export function generatePerson(rng: Rng, o: PersonOptions): Person {
  const gender = rng.chance(o.maleShare) ? 'M' : 'F';
  const name = chineseName(rng, gender);
  const probationary = rng.chance(o.probationaryShare ?? 0.08);
  const birthDay = probationary
    ? rng.int(dayOf('1990-01-01'), dayOf('2000-12-31'))
    : rng.int(dayOf('1965-01-01'), dayOf('2000-12-31'));
  const birth = isoOf(birthDay);
  const joinOffset = rng.int(22 * 365, 38 * 365);
  const recentOffset = rng.int(15, 350);
  const post = rng.pick(o.posts);
  const phone = rng.pick(PHONE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
  const base = { name, gender, birth_date: birth, post, phone } as const;
  if (o.partyMember === false) return { ...base, status: null, join_date: null, full_date: null };
  const today = dayOf(o.today);
  if (probationary) {
    return { ...base, status: 'probationary', join_date: isoOf(today - recentOffset), full_date: null };
  }
  const earliest = dayOf(addYears(birth, 18));
  const latest = today - 400;
  const join = isoOf(Math.max(earliest, Math.min(birthDay + joinOffset, latest)));
  return { ...base, status: 'full', join_date: join, full_date: addYears(join, 1) };
}

/** History starts when the member joined, or at the system's epoch for those who joined earlier. */
export const HISTORY_EPOCH = '2024-01-01';
/** The first day of a member's branch history: the later of the join date and HISTORY_EPOCH. */
export const historyStart = (joinDate: string | null | undefined) =>
  joinDate && joinDate > HISTORY_EPOCH ? joinDate : HISTORY_EPOCH;

// ───────────────────────────── bulk inserts ─────────────────────────────

/**
 * How many rows of `columns` values fit in one INSERT: SQLite allows 32,766 bound parameters
 * since 3.32 (999 before), PostgreSQL 65,535. Capped, because statements of many thousand
 * rows stop getting faster and only cost memory.
 */
export async function rowsPerInsert(db: DbOrTrx, columns: number): Promise<number> {
  let limit = 65_535;
  if (!isPostgres(db)) {
    const { rows } = await sql<{ v: string }>`select sqlite_version() as v`.execute(db);
    const [major = 0, minor = 0] = (rows[0]?.v ?? '0.0').split('.').map(Number);
    limit = major > 3 || (major === 3 && minor >= 32) ? 32_766 : 999;
  }
  return Math.max(1, Math.min(5_000, Math.floor(limit / columns)));
}

/** Calls `insert` on consecutive slices of `rows` sized for the database's parameter limit. */
export async function insertInChunks<T extends object>(
  db: DbOrTrx,
  rows: readonly T[],
  insert: (chunk: T[]) => Promise<unknown>,
  onChunk?: (done: number) => void,
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const size = await rowsPerInsert(db, Object.keys(first).length);
  for (let i = 0; i < rows.length; i += size) {
    await insert(rows.slice(i, i + size));
    onChunk?.(Math.min(i + size, rows.length));
  }
}

/**
 * Takes the audit head's row lock before anything else, so that two processes seeding the same
 * empty database at once (two app instances started with --demo) run one after the other and
 * the second sees the first one's orgs instead of failing half-way.
 */
export async function lockForSeeding(trx: DbOrTrx): Promise<void> {
  await trx
    .updateTable('audit_head')
    .set((eb) => ({ last_seq: eb.ref('last_seq') }))
    .where('id', '=', 1)
    .execute();
}

/** The number of org nodes of both trees: zero means an empty installation. */
export async function countOrgs(db: DbOrTrx): Promise<number> {
  const r = await db
    .selectFrom('org')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Thrown when seeding would mix demo or generated data into an organisation that already exists. */
export class DatabaseNotEmptyError extends Error {
  constructor(readonly orgs: number) {
    super(`the database already holds ${orgs} organisations`);
    this.name = 'DatabaseNotEmptyError';
  }
}

// ───────────────────────────── the demo bureau ─────────────────────────────

export const DEMO_PASSWORD = 'Kaohe@2026';
/** The branch the demo secretary runs and the demo member belongs to. */
export const DEMO_BRANCH_CODE = 'BHB13';
const DEMO_BRANCH_NAME = '变电运维中心第一党支部';
const DEMO_SEED = 20_260_101;
/** Orgs exist from here on, so that histories and periods of the demo are readable from 2024. */
const DEMO_ACTIVE_FROM = '2024-01-01';

/** The account of a branch's secretary in the demo (the demo branch's is `secretary`). */
export const branchSecretaryAccount = (branchCode: string) => `sec-${branchCode.toLowerCase()}`;
/** How the printed account list names the other branches' secretaries. */
export const otherSecretariesLine = `  ${'sec-<code>'.padEnd(12)} 其他各支部书记，如 ${branchSecretaryAccount('BH01B01')} / every other branch's secretary`;

export const demoAccounts: { account: string; label: string; role: Role }[] = [
  { account: 'admin', label: '系统管理员', role: 'admin' },
  { account: 'committee', label: '党委（书记/委员）', role: 'committee' },
  { account: 'affairs', label: '党群工作部', role: 'affairs' },
  { account: 'evaloffice', label: '联评联考办公室', role: 'eval_office' },
  { account: 'secretary', label: `支部书记（${DEMO_BRANCH_NAME}）`, role: 'secretary' },
  { account: 'inspector', label: '检查考核组', role: 'inspector' },
  { account: 'member', label: `党员（${DEMO_BRANCH_NAME}）`, role: 'member' },
];

type Staff =
  | 'office'
  | 'substation'
  | 'repair'
  | 'transmission'
  | 'distribution'
  | 'customer'
  | 'dispatch'
  | 'county'
  | 'station';

const staffProfiles: Record<Staff, { posts: readonly string[]; maleShare: number }> = {
  office: { posts: ['主任', '副主任', '专责', '专责', '专责', '高级专责', '主管', '主管'], maleShare: 0.58 },
  substation: {
    posts: ['变电运维工', '变电运维工', '变电运维工', '值班长', '班长', '技术员', '安全员'],
    maleShare: 0.85,
  },
  repair: {
    posts: ['变电检修工', '变电检修工', '继电保护工', '高压试验工', '班长', '技术员'],
    maleShare: 0.9,
  },
  transmission: {
    posts: ['输电线路工', '输电线路工', '带电作业工', '班长', '技术员', '安全员'],
    maleShare: 0.93,
  },
  distribution: {
    posts: ['配电线路工', '配电线路工', '配电运维工', '抢修工', '班长', '技术员'],
    maleShare: 0.88,
  },
  customer: {
    posts: ['客户经理', '客户经理', '抄表核算收费员', '装表接电工', '计量检验员', '班长'],
    maleShare: 0.42,
  },
  dispatch: { posts: ['调控员', '调控员', '值班长', '配网调控员', '专责'], maleShare: 0.7 },
  county: { posts: ['经理', '副经理', '主任', '专责', '专责', '专责'], maleShare: 0.62 },
  station: {
    posts: ['台区经理', '台区经理', '配电线路工', '客户经理', '营业员', '所长', '副所长'],
    maleShare: 0.75,
  },
};

interface UnitDef {
  code: string;
  name: string;
  kind: UnitKind;
  staff: Staff;
  children?: UnitDef[];
}

const team = (code: string, name: string, staff: Staff): UnitDef => ({ code, name, kind: 'team', staff });

const COUNTIES = [
  { name: '滨海市城区供电分公司', short: '城区', stations: ['城北供电所', '城南供电所'] },
  { name: '滨海市新港区供电分公司', short: '新港', stations: ['新港供电所', '临港供电所'] },
  { name: '东岭县供电公司', short: '东岭', stations: ['城关供电所', '石门供电所'] },
  { name: '南湖县供电公司', short: '南湖', stations: ['城关供电所', '湖滨供电所'] },
  { name: '青山县供电公司', short: '青山', stations: ['城关供电所', '白云供电所'] },
  { name: '临江县供电公司', short: '临江', stations: ['城关供电所', '江口供电所'] },
];

/**
 * The 18 departments and grassroots units the annual inspection targets. The county
 * companies sit under 营销部(农电工作部), which manages rural supply, so that their branches
 * too serve a unit of the tree without adding inspection targets.
 */
const UNITS: UnitDef[] = [
  { code: 'BHU01', name: '办公室', kind: 'department', staff: 'office' },
  { code: 'BHU02', name: '党建工作部(党委党群工作部)', kind: 'department', staff: 'office' },
  { code: 'BHU03', name: '人力资源部', kind: 'department', staff: 'office' },
  { code: 'BHU04', name: '财务资产部', kind: 'department', staff: 'office' },
  { code: 'BHU05', name: '安全监察部', kind: 'department', staff: 'office' },
  { code: 'BHU06', name: '运维检修部', kind: 'department', staff: 'office' },
  {
    code: 'BHU07',
    name: '营销部(农电工作部)',
    kind: 'department',
    staff: 'office',
    children: COUNTIES.map((c, i) => ({
      code: `BHU07-W${i + 1}`,
      name: c.name,
      kind: 'work_area' as const,
      staff: 'county' as const,
      children: c.stations.map((s, j) => team(`BHU07-W${i + 1}-T${j + 1}`, `${c.short}${s}`, 'station')),
    })),
  },
  { code: 'BHU08', name: '发展策划部', kind: 'department', staff: 'office' },
  { code: 'BHU09', name: '物资供应中心', kind: 'department', staff: 'office' },
  { code: 'BHU10', name: '信息通信分公司', kind: 'department', staff: 'office' },
  { code: 'BHU11', name: '调度控制中心', kind: 'department', staff: 'dispatch' },
  { code: 'BHU12', name: '经济技术研究所', kind: 'department', staff: 'office' },
  {
    code: 'BHU13',
    name: '变电运维中心',
    kind: 'grassroots',
    staff: 'substation',
    children: [
      {
        code: 'BHU13-W1',
        name: '第一运维工区',
        kind: 'work_area',
        staff: 'substation',
        children: [
          team('BHU13-W1-T1', '海湾220kV变电站运维班', 'substation'),
          team('BHU13-W1-T2', '港城110kV变电站运维班', 'substation'),
        ],
      },
      {
        code: 'BHU13-W2',
        name: '第二运维工区',
        kind: 'work_area',
        staff: 'substation',
        children: [
          team('BHU13-W2-T1', '北山220kV变电站运维班', 'substation'),
          team('BHU13-W2-T2', '滨江110kV变电站运维班', 'substation'),
        ],
      },
    ],
  },
  {
    code: 'BHU14',
    name: '变电检修中心',
    kind: 'grassroots',
    staff: 'repair',
    children: [
      team('BHU14-T1', '一次检修班', 'repair'),
      team('BHU14-T2', '继电保护班', 'repair'),
      team('BHU14-T3', '高压试验班', 'repair'),
    ],
  },
  {
    code: 'BHU15',
    name: '输电运检中心',
    kind: 'grassroots',
    staff: 'transmission',
    children: [
      {
        code: 'BHU15-W1',
        name: '输电运检一工区',
        kind: 'work_area',
        staff: 'transmission',
        children: [
          team('BHU15-W1-T1', '线路巡视班', 'transmission'),
          team('BHU15-W1-T2', '线路检修班', 'transmission'),
        ],
      },
      team('BHU15-T1', '带电作业班', 'transmission'),
    ],
  },
  {
    code: 'BHU16',
    name: '配电运检中心',
    kind: 'grassroots',
    staff: 'distribution',
    children: [
      {
        code: 'BHU16-W1',
        name: '城东配电工区',
        kind: 'work_area',
        staff: 'distribution',
        children: [
          team('BHU16-W1-T1', '城东配电运维班', 'distribution'),
          team('BHU16-W1-T2', '城东配电抢修班', 'distribution'),
        ],
      },
      {
        code: 'BHU16-W2',
        name: '城西配电工区',
        kind: 'work_area',
        staff: 'distribution',
        children: [
          team('BHU16-W2-T1', '城西配电运维班', 'distribution'),
          team('BHU16-W2-T2', '城西配电抢修班', 'distribution'),
        ],
      },
    ],
  },
  {
    code: 'BHU17',
    name: '客户服务中心',
    kind: 'grassroots',
    staff: 'customer',
    children: [
      team('BHU17-T1', '营业班', 'customer'),
      team('BHU17-T2', '计量班', 'customer'),
      team('BHU17-T3', '装表接电班', 'customer'),
    ],
  },
  {
    code: 'BHU18',
    name: '供电服务指挥中心',
    kind: 'grassroots',
    staff: 'dispatch',
    children: [team('BHU18-T1', '配网调控班', 'dispatch')],
  },
];

interface BranchDef {
  kind: 'branch';
  code: string;
  name: string;
  /** The unit the branch serves; its members work there or in its teams. */
  unit: string;
  /** Range of the member count. */
  size: [number, number];
  /** For an office branch: members work at the unit itself (not its teams), with this profile. */
  office?: Staff;
}
interface CommitteeDef {
  kind: 'committee' | 'general_branch';
  code: string;
  name: string;
  children: (CommitteeDef | BranchDef)[];
}

const DEPT_SIZE: [number, number] = [9, 15];
const FIELD_SIZE: [number, number] = [24, 36];
const COUNTY_SIZE: [number, number] = [14, 22];
const branch = (
  code: string,
  name: string,
  unit: string,
  size: [number, number],
  office?: Staff,
): BranchDef => ({
  kind: 'branch',
  code,
  name,
  unit,
  size,
  ...(office ? { office } : {}),
});

const deptBranches = UNITS.filter((u) => u.kind === 'department').map((u, i) =>
  branch(`BHB${String(i + 1).padStart(2, '0')}`, `${u.name.replace(/\(.*\)$/, '')}党支部`, u.code, DEPT_SIZE),
);

const PARTY: CommitteeDef = {
  kind: 'committee',
  code: 'BH',
  name: '滨海供电公司党委',
  children: [
    ...COUNTIES.map(
      (c, i): CommitteeDef => ({
        kind: 'committee',
        code: `BH0${i + 1}`,
        name: `${c.name}党委`,
        children: [
          branch(`BH0${i + 1}B01`, `${c.name}机关党支部`, `BHU07-W${i + 1}`, COUNTY_SIZE, 'county'),
          ...c.stations.map((s, j) =>
            branch(`BH0${i + 1}B0${j + 2}`, `${s}党支部`, `BHU07-W${i + 1}-T${j + 1}`, COUNTY_SIZE),
          ),
        ],
      }),
    ),
    ...deptBranches,
    {
      kind: 'general_branch',
      code: 'BHZ01',
      name: '变电运维中心党总支',
      children: [
        branch(DEMO_BRANCH_CODE, DEMO_BRANCH_NAME, 'BHU13-W1', FIELD_SIZE),
        branch('BHB14', '变电运维中心第二党支部', 'BHU13-W2', FIELD_SIZE),
        branch('BHB15', '变电运维中心机关党支部', 'BHU13', DEPT_SIZE, 'office'),
      ],
    },
    branch('BHB16', '变电检修中心党支部', 'BHU14', FIELD_SIZE),
    {
      kind: 'general_branch',
      code: 'BHZ02',
      name: '输电运检中心党总支',
      children: [
        branch('BHB17', '输电运检中心线路运检党支部', 'BHU15-W1', FIELD_SIZE),
        branch('BHB18', '输电运检中心带电作业党支部', 'BHU15-T1', FIELD_SIZE),
      ],
    },
    {
      kind: 'general_branch',
      code: 'BHZ03',
      name: '配电运检中心党总支',
      children: [
        branch('BHB19', '配电运检中心城东配电党支部', 'BHU16-W1', FIELD_SIZE),
        branch('BHB20', '配电运检中心城西配电党支部', 'BHU16-W2', FIELD_SIZE),
        branch('BHB21', '配电运检中心机关党支部', 'BHU16', DEPT_SIZE, 'office'),
      ],
    },
    branch('BHB22', '客户服务中心营业党支部', 'BHU17-T1', FIELD_SIZE),
    branch('BHB23', '客户服务中心计量党支部', 'BHU17-T2', FIELD_SIZE),
    branch('BHB24', '供电服务指挥中心党支部', 'BHU18', FIELD_SIZE),
  ],
};

const GROUP_NAMES = ['第一党小组', '第二党小组', '第三党小组'];
const STAFF_PER_TOP_UNIT = [2, 3];

export interface DemoSeedResult {
  summary: string;
  counts: {
    committees: number;
    generalBranches: number;
    branches: number;
    groups: number;
    units: number;
    subUnits: number;
    members: number;
    probationary: number;
    staff: number;
    users: number;
  };
}

/**
 * Loads the demo bureau into an empty database, in one transaction. Returns null, and writes
 * nothing, when any org exists already (so `serve --demo` can call it on every start).
 */
export interface DemoOptions {
  /** The day the demo is loaded on (default: today in China). */
  today?: string;
  /** Run the year's joint evaluation (default true; tests of other modules skip its seconds). */
  evaluation?: boolean;
}

export async function seedDemoIfEmpty(db: Db, opts: DemoOptions = {}): Promise<DemoSeedResult | null> {
  // Hashing takes a moment; do it before the transaction so no lock is held meanwhile.
  if (!isAcceptablePassword(DEMO_PASSWORD))
    throw new Error('DEMO_PASSWORD does not meet the password policy');
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const today = opts.today ?? todayInChina(systemClock);
  const timeline = demoTimeline(today);
  const done = await db.transaction().execute(async (trx) => {
    await lockForSeeding(trx);
    if ((await countOrgs(trx)) > 0) return null;
    return writeDemo(trx, today, passwordHash, timeline.start.toISOString());
  });
  if (!done) return null;
  // Points go in after the organisation is committed: closing quarters runs the real use cases,
  // each in its own transaction. Every module's seed is a task of the one walk through the year,
  // so their steps (and audit rows) interleave in time order.
  // The modules' seeds start together (the walk runs the earliest step first; a task created
  // later would find the walk already past its first days).
  const { seedDemoPoints } = await import('./seed-demo-points.js');
  const { seedDemoBranchEval } = await import('./seed-demo-branch-eval.js');
  const { seedDemoProjects } = await import('./seed-demo-projects.js');
  const { seedDemoTerms } = await import('./seed-demo-terms.js');
  const { seedDemoInspection } = await import('./seed-demo-inspection.js');
  // The inspection's ballots and ledger sample, for whatever campaigns the demo holds by now.
  const { seedDemoInspectionBallots } = await import('./seed-demo-inspection-ballots.js');
  const pointsDone = timeline.task(() => seedDemoPoints(db, today, timeline));
  if (opts.evaluation === false) {
    const points = await pointsDone;
    await timeline.finish();
    return {
      ...done,
      summary: `${done.summary}; ${points.activities} activities, ${points.entries} point entries`,
    };
  }
  const [points, be, pj, terms, insp] = await Promise.all([
    pointsDone,
    timeline.task(() => seedDemoBranchEval(db, today, timeline)),
    timeline.task(() => seedDemoProjects(db, today, timeline)),
    timeline.task(() => seedDemoTerms(db, today, timeline)),
    timeline.task(async () => {
      const i = await seedDemoInspection(db, today, timeline);
      await seedDemoInspectionBallots(db, today, undefined, timeline);
      return i;
    }),
  ]);
  const summary = `${done.summary}; ${points.activities} activities, ${points.entries} point entries`;
  await timeline.finish();
  // Every campaign's box, whichever seed step opened it (last year's is run to the end inside
  // the inspection's seed, this year's is opened by the step above), and every ballot cast.
  const boxes = await db
    .selectFrom('insp_ballot_box')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const cast = await db
    .selectFrom('insp_ballot_code')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('used', '=', 1)
    .executeTakeFirstOrThrow();
  return {
    ...done,
    summary:
      `${summary}; ${be.plans} branch plans, ${be.published} published evaluation months; ${pj.projects} projects; ${terms.checkins} solar-term check-ins; ${insp.campaigns} inspection campaigns` +
      (Number(boxes.n) > 0
        ? `; ballot boxes and ledger samples of ${Number(boxes.n)} inspections (${Number(cast.n)} ballots cast)`
        : ''),
  };
}

/** Loads the demo bureau; throws DatabaseNotEmptyError when the database already has orgs. */
export async function seedDemo(db: Db, opts: DemoOptions = {}): Promise<DemoSeedResult> {
  const done = await seedDemoIfEmpty(db, opts);
  if (!done) throw new DatabaseNotEmptyError(await countOrgs(db));
  return done;
}

interface UnitNode {
  id: number;
  def: UnitDef;
  /** Teams anywhere below the unit, where its field staff work. */
  teams: UnitNode[];
}

async function writeDemo(
  trx: DbOrTrx,
  today: string,
  passwordHash: string,
  /** When the demo organisation was set up: the start of its history, before the year. */
  at: string,
): Promise<DemoSeedResult> {
  const rng = createRng(DEMO_SEED);
  const counts: DemoSeedResult['counts'] = {
    committees: 0,
    generalBranches: 0,
    branches: 0,
    groups: 0,
    units: 0,
    subUnits: 0,
    members: 0,
    probationary: 0,
    staff: 0,
    users: 0,
  };
  const orgInput = (
    kind: OrgKind,
    code: string,
    name: string,
    parentId: number | null,
    sortOrder: number,
    linkedUnitId: number | null = null,
  ) => ({
    kind,
    code,
    name,
    parentId,
    sortOrder,
    activeFrom: DEMO_ACTIVE_FROM,
    linkedUnitId,
  });

  // Units first: branches link to them. The orgs are few, so bootstrapOrg's per-row closure
  // and audit writes are affordable and keep one code path for the tree's invariants.
  const units = new Map<string, UnitNode>();
  const topUnits: UnitNode[] = [];
  const addUnit = async (def: UnitDef, parentId: number | null, order: number): Promise<UnitNode> => {
    const row = await bootstrapOrg(trx, orgInput(def.kind, def.code, def.name, parentId, order), at);
    const node: UnitNode = { id: row.id, def, teams: [] };
    units.set(def.code, node);
    if (parentId == null) counts.units += 1;
    else counts.subUnits += 1;
    for (const [i, child] of (def.children ?? []).entries()) {
      const c = await addUnit(child, row.id, i + 1);
      node.teams.push(...(child.kind === 'team' ? [c] : c.teams));
    }
    return node;
  };
  for (const [i, def] of UNITS.entries()) topUnits.push(await addUnit(def, null, i + 1));

  const branches: { id: number; def: BranchDef; unit: UnitNode }[] = [];
  const addParty = async (
    def: CommitteeDef | BranchDef,
    parentId: number | null,
    order: number,
  ): Promise<number> => {
    if (def.kind === 'branch') {
      const unit = units.get(def.unit);
      if (!unit) throw new Error(`demo branch ${def.code} names an unknown unit ${def.unit}`);
      const row = await bootstrapOrg(
        trx,
        orgInput('branch', def.code, def.name, parentId, order, unit.id),
        at,
      );
      counts.branches += 1;
      branches.push({ id: row.id, def, unit });
      const groups = rng.int(2, 3);
      for (let g = 0; g < groups; g++) {
        await bootstrapOrg(
          trx,
          orgInput('group', `${def.code}G${g + 1}`, GROUP_NAMES[g] ?? `第${g + 1}党小组`, row.id, g + 1),
          at,
        );
        counts.groups += 1;
      }
      return row.id;
    }
    const row = await bootstrapOrg(trx, orgInput(def.kind, def.code, def.name, parentId, order), at);
    if (def.kind === 'committee') counts.committees += 1;
    else counts.generalBranches += 1;
    for (const [i, child] of def.children.entries()) await addParty(child, row.id, i + 1);
    return row.id;
  };
  const rootId = await addParty(PARTY, null, 1);

  // People: party members by branch, then non-party staff by unit (for democratic evaluation).
  let serial = 0;
  const employeeNo = () => `BH${String(++serial).padStart(6, '0')}`;
  const members: NewMember[] = [];
  const branchOf = new Map<string, number>();
  for (const b of branches) {
    const size = rng.int(b.def.size[0], b.def.size[1]);
    for (let i = 0; i < size; i++) {
      const workplace = b.def.office || b.unit.teams.length === 0 ? b.unit : rng.pick(b.unit.teams);
      const person = generatePerson(rng, { today, ...staffProfiles[b.def.office ?? workplace.def.staff] });
      const no = employeeNo();
      branchOf.set(no, b.id);
      members.push({
        ...person,
        employee_no: no,
        is_party_member: 1,
        branch_id: b.id,
        unit_id: workplace.id,
        active: 1,
        created_at: at,
        updated_at: at,
      });
      counts.members += 1;
      if (person.status === 'probationary') counts.probationary += 1;
    }
  }
  for (const unit of topUnits) {
    const n = rng.pick(STAFF_PER_TOP_UNIT);
    for (let i = 0; i < n; i++) {
      const workplace = unit.teams.length > 0 ? rng.pick(unit.teams) : unit;
      const person = generatePerson(rng, {
        today,
        partyMember: false,
        ...staffProfiles[workplace.def.staff],
      });
      members.push({
        ...person,
        employee_no: employeeNo(),
        is_party_member: 0,
        branch_id: null,
        unit_id: workplace.id,
        active: 1,
        created_at: at,
        updated_at: at,
      });
      counts.staff += 1;
    }
  }

  const ids = new Map<string, number>();
  // Answers kept by a server on this database were computed without these members.
  await bumpDataVersion(trx, 'directory');
  await insertInChunks(trx, members, async (chunk) => {
    const rows = await trx.insertInto('member').values(chunk).returning(['id', 'employee_no']).execute();
    for (const r of rows) ids.set(r.employee_no, r.id);
  });
  const history = members.flatMap((m) => {
    const memberId = ids.get(m.employee_no);
    const branchId = branchOf.get(m.employee_no);
    if (memberId == null || branchId == null) return [];
    return [
      {
        member_id: memberId,
        branch_id: branchId,
        from_date: historyStart(m.join_date),
        to_date: null,
        reason: '初始数据',
        created_at: at,
      },
    ];
  });
  await insertInChunks(trx, history, (chunk) =>
    trx.insertInto('member_branch_history').values(chunk).execute(),
  );
  // One summary entry instead of ~850 member.create rows: the people are generated, not entered.
  await appendAudit(trx, systemActor, at, [
    {
      action: 'seed.demo',
      entityType: 'member',
      orgId: rootId,
      after: {
        members: counts.members,
        probationary: counts.probationary,
        staff: counts.staff,
        firstEmployeeNo: 'BH000001',
        lastEmployeeNo: `BH${String(serial).padStart(6, '0')}`,
      },
    },
  ]);

  // Accounts. The secretary and the member are real people of the demo branch.
  const demoBranch = branches.find((b) => b.def.code === DEMO_BRANCH_CODE);
  if (!demoBranch) throw new Error('demo branch missing');
  const [secretaryPerson, memberPerson] = members.filter(
    (m) => m.branch_id === demoBranch.id && m.status === 'full',
  );
  if (!secretaryPerson || !memberPerson) throw new Error('demo branch has too few members');
  for (const a of demoAccounts) {
    const person = a.role === 'secretary' ? secretaryPerson : a.role === 'member' ? memberPerson : null;
    const grantOrg = a.role === 'secretary' || a.role === 'member' ? demoBranch.id : rootId;
    await bootstrapUser(
      trx,
      {
        account: a.account,
        displayName: person?.name ?? a.label,
        passwordHash,
        memberId: person ? (ids.get(person.employee_no) ?? null) : null,
        grants: [{ role: a.role, orgId: grantOrg }],
      },
      at,
    );
    counts.users += 1;
  }
  // Every other branch has its secretary's account too (sec-<branch code>): the joint evaluation
  // needs each branch to evaluate itself and its peers.
  for (const b of branches) {
    if (b.id === demoBranch.id) continue;
    const person = members.find((m) => m.branch_id === b.id && m.status === 'full');
    await bootstrapUser(
      trx,
      {
        account: branchSecretaryAccount(b.def.code),
        displayName: person?.name ?? `${b.def.name}书记`,
        passwordHash,
        memberId: person ? (ids.get(person.employee_no) ?? null) : null,
        grants: [{ role: 'secretary', orgId: b.id }],
      },
      at,
    );
    counts.users += 1;
  }

  const summary =
    `${PARTY.name}：${counts.committees} 个党委、${counts.generalBranches} 个党总支、${counts.branches} 个党支部、` +
    `${counts.groups} 个党小组，${counts.units} 个部门和基层单位（另有 ${counts.subUnits} 个工区、班组），` +
    `${counts.members} 名党员（其中预备党员 ${counts.probationary} 名）、${counts.staff} 名群众，${counts.users} 个账号`;
  return { summary, counts };
}
