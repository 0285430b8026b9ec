import type { TrialResponse } from '../../../contracts/points.js';
import { quarterKey, quarterRange } from '../../../domain/calendar/index.js';
import { annualScore } from '../../../domain/points/annual.js';
import type { Hundredths } from '../../../domain/points/hundredths.js';
import {
  type ApprovedEntry,
  computeQuarterScore,
  indexItemsByCode,
} from '../../../domain/points/quarter-score.js';
import { type OrgPathNode, rankingScopeKey } from '../../../domain/points/ranking.js';
import type { Scheme } from '../../../domain/points/scheme.js';
import { isSchemeUsable, validateScheme } from '../../../domain/points/scheme-validation.js';
import { assignTiers, type Tier, type TierCandidate, tiers } from '../../../domain/points/tiers.js';
import { type Ctx, todayInChina } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { authorize } from '../../lib/permissions.js';
import { memberNames, orgNames } from './quarter.repo.js';
import { approvedEntries, orgPaths, quarterMembers } from './quarter.service.js';
import { draftVersion, schemeOfYear } from './scheme.repo.js';
import { findScheme, parseVersion, versionById } from './scheme.service.js';

/**
 * Trial scoring (试算) of a drafted scheme before the committee adopts it: the draft and the
 * version it would replace are both applied to the same approved entries, and the tiers that
 * would change are listed. Read-only: nothing is stored, nothing audited.
 */

const CHUNK = 2000;

/** A version applied in the trial: its rules and its items indexed by code. */
interface Applied {
  scheme: Scheme;
  items: ReturnType<typeof indexItemsByCode>;
}

/** One member across the scored quarters, under both versions. */
interface TrialMember {
  memberId: number;
  branchId: number;
  path: readonly OrgPathNode[];
  current: (Hundredths | null)[];
  draft: (Hundredths | null)[];
  currentVeto: boolean;
  draftVeto: boolean;
}

const emptyDistribution = (): Record<Tier, number> =>
  Object.fromEntries(tiers.map((t) => [t, 0])) as Record<Tier, number>;

/** Grades members under one version: annual score, the version's ranking scope, tiers per scope. */
function gradeUnder(
  applied: Applied,
  members: readonly TrialMember[],
  pick: (m: TrialMember) => { totals: (Hundredths | null)[]; veto: boolean },
): { tiers: Map<number, { tier: Tier; score: Hundredths }>; distribution: Record<Tier, number> } {
  const rules = applied.scheme.rules;
  const byScope = new Map<number, TierCandidate[]>();
  for (const m of members) {
    const { totals, veto } = pick(m);
    const a = annualScore(totals, rules.minQuartersForUnflagged);
    if (a.score === null) continue;
    const scope = rankingScopeKey(rules.rankingScope, m.path);
    const list = byScope.get(scope) ?? [];
    list.push({
      memberId: m.memberId,
      annualScore: a.score,
      hasVeto: veto,
      quartersPresent: a.quartersPresent,
    });
    byScope.set(scope, list);
  }
  const result = new Map<number, { tier: Tier; score: Hundredths }>();
  const distribution = emptyDistribution();
  for (const candidates of byScope.values()) {
    const graded = assignTiers(rules, candidates);
    for (const g of graded.members) {
      result.set(g.memberId, { tier: g.tier, score: g.annualScore });
      distribution[g.tier] += 1;
    }
  }
  return { tiers: result, distribution };
}

/**
 * Applies a scheme's draft (rules and items) and its current version to the approved entries of
 * `year` — by default last year's, through the same root committee's scheme of that year; when
 * there is none, this scheme's own year so far — and compares the outcomes: quarter scores, annual
 * scores, tiers per ranking scope, the distribution per tier under each, and the members whose
 * tier would change. The current version is this scheme's version in force, or, for a scheme
 * never adopted (a copy of last year's), the version last year's entries were scored with.
 * Entries of items a version lacks count nothing under it. Committee and affairs only; a draft
 * with errors is refused (`scheme_invalid`).
 */
export async function trialScore(
  ctx: Ctx,
  schemeId: number,
  opts: { year?: number | undefined },
): Promise<TrialResponse> {
  const db = ctx.db;
  const s = await findScheme(db, schemeId);
  await authorize(db, ctx.user, 'points.results.read', s.root_org_id);
  const draftRow = await draftVersion(db, schemeId);
  if (!draftRow) throw new AppError('no_draft', { schemeId });
  const draftScheme = parseVersion(draftRow);
  const issues = validateScheme(draftScheme);
  if (!isSchemeUsable(issues))
    throw new AppError('scheme_invalid', { issues: issues.filter((i) => i.severity === 'error') });

  let year = opts.year ?? s.year - 1;
  let source = year === s.year ? s : await schemeOfYear(db, s.root_org_id, year);
  if (!source) {
    if (opts.year !== undefined) throw new AppError('not_found', { entity: 'points_scheme', year });
    source = s;
    year = s.year;
  }
  const baselineId = s.current_version_id ?? source.current_version_id;
  const baseline = baselineId != null ? await versionById(db, baselineId) : null;
  const draft: Applied = { scheme: draftScheme, items: indexItemsByCode(draftScheme.items) };
  const current: Applied | null = baseline
    ? { scheme: baseline.scheme, items: indexItemsByCode(baseline.scheme.items) }
    : null;

  const today = todayInChina(ctx.clock);
  const paths = await orgPaths(db, s.root_org_id);
  const members = new Map<number, TrialMember>();
  const quarters: string[] = [];
  let entryCount = 0;
  const dropped = { current: 0, draft: 0 };
  for (const q of [1, 2, 3, 4] as const) {
    const { start, end } = quarterRange(year, q);
    if (start > today) break; // a quarter not begun has nothing to score
    const key = quarterKey(year, q);
    quarters.push(key);
    const present = await quarterMembers(db, s.root_org_id, start, end, today);
    const ids = [...present.keys()];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const entries = await approvedEntries(db, source.id, key, chunk);
      for (const memberId of chunk) {
        const p = paths.get(present.get(memberId) ?? 0);
        if (!p) continue;
        const own = entries.get(memberId) ?? [];
        entryCount += own.length;
        const scoreUnder = (applied: Applied): { total: Hundredths; veto: boolean; dropped: number } => {
          const known: ApprovedEntry[] = own.filter((e) => applied.items.has(e.itemCode));
          const sc = computeQuarterScore(applied.scheme.rules, applied.items, known);
          return { total: sc.total, veto: sc.vetoEntryIds.length > 0, dropped: own.length - known.length };
        };
        const d = scoreUnder(draft);
        const c = current ? scoreUnder(current) : null;
        dropped.draft += d.dropped;
        dropped.current += c?.dropped ?? 0;
        let m = members.get(memberId);
        if (!m) {
          m = {
            memberId,
            branchId: p.branchId,
            path: p.path,
            current: [null, null, null, null],
            draft: [null, null, null, null],
            currentVeto: false,
            draftVeto: false,
          };
          members.set(memberId, m);
        }
        // Ranked where they were in their last scored quarter, as the year's grading does.
        m.branchId = p.branchId;
        m.path = p.path;
        m.draft[q - 1] = d.total;
        m.draftVeto ||= d.veto;
        if (c) {
          m.current[q - 1] = c.total;
          m.currentVeto ||= c.veto;
        }
      }
    }
  }

  const list = [...members.values()];
  const underDraft = gradeUnder(draft, list, (m) => ({ totals: m.draft, veto: m.draftVeto }));
  const underCurrent = current
    ? gradeUnder(current, list, (m) => ({ totals: m.current, veto: m.currentVeto }))
    : { tiers: new Map<number, { tier: Tier; score: Hundredths }>(), distribution: emptyDistribution() };
  const changedIds = current
    ? list
        .filter((m) => underCurrent.tiers.get(m.memberId)?.tier !== underDraft.tiers.get(m.memberId)?.tier)
        .map((m) => m.memberId)
    : [];
  const names = await memberNames(db, changedIds);
  const branchIds = [...new Set(changedIds.map((id) => members.get(id)?.branchId ?? 0))];
  const branches = await orgNames(db, branchIds);
  const nameOf = new Map(names.map((n) => [n.id, n]));
  const branchName = new Map(branches.map((b) => [b.id, b.name]));
  const changed = changedIds
    .map((id) => {
      const m = members.get(id) as TrialMember;
      const d = underDraft.tiers.get(id);
      const c = underCurrent.tiers.get(id);
      return {
        memberId: id,
        name: nameOf.get(id)?.name ?? '',
        employeeNo: nameOf.get(id)?.employee_no ?? '',
        branchId: m.branchId,
        branchName: branchName.get(m.branchId) ?? '',
        currentScore: c?.score ?? null,
        draftScore: d?.score ?? null,
        currentTier: c?.tier ?? null,
        draftTier: d?.tier ?? 'qualified',
      };
    })
    // Biggest moves first: the draft's winners and losers are what the committee looks for.
    .sort(
      (a, b) =>
        Math.abs(tierIndex(b.draftTier) - tierIndex(b.currentTier)) -
          Math.abs(tierIndex(a.draftTier) - tierIndex(a.currentTier)) ||
        a.branchName.localeCompare(b.branchName) ||
        a.employeeNo.localeCompare(b.employeeNo),
    );
  return {
    year,
    sourceSchemeId: source.id,
    quarters,
    members: underDraft.tiers.size,
    entries: entryCount,
    currentVersion: baseline
      ? { schemeId: baseline.row.scheme_id, versionId: baseline.row.id, version: baseline.row.version }
      : null,
    draftVersion: { schemeId: s.id, versionId: draftRow.id, version: draftRow.version },
    droppedEntries: dropped,
    current: underCurrent.distribution,
    draft: underDraft.distribution,
    changed,
  };
}

const tierIndex = (t: Tier | null) => (t === null ? tiers.length : tiers.indexOf(t));
