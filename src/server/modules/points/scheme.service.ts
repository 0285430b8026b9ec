import type { z } from 'zod';
import type { SchemeDetail, schemeCreateBody, schemeDraftBody } from '../../../contracts/points.js';
import type { DbOrTrx } from '../../../db/kysely.js';
import { quarterKey } from '../../../domain/calendar/index.js';
import { overdueBefore } from '../../../domain/points/review.js';
import {
  DEFAULT_REVIEW_OVERDUE_DAYS,
  defaultSchemeRules,
  type Scheme,
  type SchemeItem,
  type SchemeRules,
} from '../../../domain/points/scheme.js';
import { isSchemeUsable, validateScheme } from '../../../domain/points/scheme-validation.js';
import { appendAudit } from '../../lib/audit.js';
import { type Ctx, nowIso } from '../../lib/context.js';
import { AppError, blockedBy } from '../../lib/errors.js';
import { authorize, reachesInto } from '../../lib/permissions.js';
import { notPublished } from './points.common.js';
import type { VersionRow } from './scheme.repo.js';
import * as repo from './scheme.repo.js';
import { quarterRowsOfScheme } from './year.repo.js';

/** A scheme version as the domain sees it: rules and items, parsed from their JSON snapshot. */
export function parseVersion(v: Pick<VersionRow, 'rules_json' | 'items_json'>): Scheme {
  return { rules: JSON.parse(v.rules_json) as SchemeRules, items: JSON.parse(v.items_json) as SchemeItem[] };
}

/**
 * Each adopted scheme's overdue cutoff at `now` (optionally of some schemes only): its entries
 * still waiting that were submitted before it are overdue by the scheme's `reviewOverdueDays`
 * (domain `overdueBefore`). Every overdue count and filter reads it here.
 */
export async function overdueCutoffs(
  db: DbOrTrx,
  now: string,
  schemeIds?: readonly number[],
): Promise<{ schemeId: number; days: number; before: string }[]> {
  return (await repo.adoptedRulesOfSchemes(db, schemeIds)).map((r) => {
    const days = overdueDaysOf(JSON.parse(r.rules_json) as Partial<SchemeRules>);
    return { schemeId: r.id, days, before: overdueBefore(now, days) };
  });
}

/** A scheme's `reviewOverdueDays`, the default for rules written before the setting existed. */
export function overdueDaysOf(rules: Partial<SchemeRules>): number {
  return rules.reviewOverdueDays ?? DEFAULT_REVIEW_OVERDUE_DAYS;
}

export async function findScheme(db: DbOrTrx, id: number) {
  const s = await repo.schemeWithRoot(db, id);
  if (!s) throw new AppError('not_found', { entity: 'points_scheme', id });
  return s;
}

/** The adopted version in force for a scheme; entries and scores need one. */
export async function currentVersion(
  db: DbOrTrx,
  schemeId: number,
): Promise<{ row: VersionRow; scheme: Scheme }> {
  const s = await findScheme(db, schemeId);
  if (s.current_version_id == null) throw new AppError('scheme_not_adopted', { schemeId });
  const row = await repo.versionRow(db, s.current_version_id);
  return { row, scheme: parseVersion(row) };
}

/**
 * The rules of a version (a page that needs no items). An adopted or superseded version's rules
 * never change (only a draft is edited), so theirs are kept by version id, per database handle:
 * the same on every instance, nothing to invalidate.
 */
export async function versionRules(db: DbOrTrx, id: number): Promise<SchemeRules> {
  const kept = frozenRules.get(db)?.get(id);
  if (kept !== undefined) return JSON.parse(kept) as SchemeRules;
  const v = await repo.versionRulesJson(db, id);
  if (v.state !== 'draft') keep(frozenRules, db, id, v.rules_json);
  return JSON.parse(v.rules_json) as SchemeRules;
}
const frozenRules = new WeakMap<DbOrTrx, Map<number, string>>();

/** Keeps `value` by version id for this database handle (at most 1,000; then it starts again). */
function keep<T>(store: WeakMap<DbOrTrx, Map<number, T>>, db: DbOrTrx, id: number, value: T) {
  let byId = store.get(db);
  if (!byId) {
    byId = new Map();
    store.set(db, byId);
  }
  if (byId.size >= 1000) byId.clear();
  byId.set(id, value);
}

/**
 * The scheme (rules and items) of a scheme's version in force, for pages that show entries: an
 * adopted version's rules and items never change, so they are kept by version id (as text, parsed
 * per call: nobody shares the objects) instead of read on every request.
 */
export async function currentScheme(db: DbOrTrx, schemeId: number): Promise<Scheme> {
  const s = await findScheme(db, schemeId);
  if (s.current_version_id == null) throw new AppError('scheme_not_adopted', { schemeId });
  const id = s.current_version_id;
  let kept = frozenSchemes.get(db)?.get(id);
  if (!kept) {
    const row = await repo.versionRow(db, id);
    kept = { rules_json: row.rules_json, items_json: row.items_json };
    if (row.state !== 'draft') keep(frozenSchemes, db, id, kept);
  }
  return parseVersion(kept);
}
const frozenSchemes = new WeakMap<DbOrTrx, Map<number, Pick<VersionRow, 'rules_json' | 'items_json'>>>();

export async function versionById(db: DbOrTrx, id: number): Promise<{ row: VersionRow; scheme: Scheme }> {
  const row = await repo.versionRow(db, id);
  return { row, scheme: parseVersion(row) };
}

const versionDto = (v: VersionRow | undefined) => {
  if (!v) return null;
  const scheme = parseVersion(v);
  return {
    id: v.id,
    version: v.version,
    state: v.state,
    rules: scheme.rules,
    items: [...scheme.items],
    note: v.note,
    createdAt: v.created_at,
    adoptedAt: v.adopted_at,
    issues: validateScheme(scheme).map((i) => ({ ...i, path: [...i.path] })),
  };
};

/** The four quarters of a scheme's year with their states (open where nothing is stored). */
function quarterStates(
  year: number,
  stored: readonly { quarter: string; state: 'open' | 'closed' | 'published' }[],
) {
  return ([1, 2, 3, 4] as const).map((q) => {
    const key = quarterKey(year, q);
    return { quarter: key, state: stored.find((r) => r.quarter === key)?.state ?? ('open' as const) };
  });
}

/** Schemes whose root the user's grants reach into (any role inside the root's tree reads its scheme). */
export async function listSchemes(ctx: Ctx, year?: number) {
  const rows = await repo.schemesWithRoot(ctx.db, year);
  const visible = [];
  for (const r of rows)
    if (await reachesInto(ctx.db, ctx.user, 'points.scheme.read', r.root_org_id)) visible.push(r);
  const ids = visible.map((v) => v.id);
  const drafts = new Set(await repo.schemeIdsWithDraft(ctx.db, ids));
  const versions = new Map((await repo.adoptedVersionNumbers(ctx.db, ids)).map((r) => [r.id, r.version]));
  const stored = await repo.quarterStatesOf(ctx.db, ids);
  return visible.map((r) => ({
    id: r.id,
    rootOrgId: r.root_org_id,
    rootOrgName: r.root_org_name,
    year: r.year,
    name: r.name,
    currentVersion: r.current_version_id == null ? null : (versions.get(r.current_version_id) ?? null),
    hasDraft: drafts.has(r.id),
    quarters: quarterStates(
      r.year,
      stored.filter((q) => q.scheme_id === r.id),
    ),
  }));
}

/** A scheme with its version in force, its draft (if any) with validation issues, and its quarters. */
export async function getScheme(ctx: Ctx, id: number): Promise<SchemeDetail> {
  const s = await findScheme(ctx.db, id);
  if (!(await reachesInto(ctx.db, ctx.user, 'points.scheme.read', s.root_org_id))) {
    throw new AppError('forbidden', { permission: 'points.scheme.read' });
  }
  const versions = await repo.versionsOfScheme(ctx.db, id);
  const current = versions.find((v) => v.id === s.current_version_id);
  const draft = versions.find((v) => v.state === 'draft');
  const quarterRows = await quarterRowsOfScheme(ctx.db, id);
  // Who may not read results before publication sees an unpublished quarter's board refused.
  const readsUnpublished = await reachesInto(ctx.db, ctx.user, 'points.results.read', s.root_org_id);
  const quarters = [1, 2, 3, 4].map((q) => {
    const key = quarterKey(s.year, q as 1 | 2 | 3 | 4);
    const row = quarterRows.find((r) => r.quarter === key);
    const state = row?.state ?? ('open' as const);
    return {
      quarter: key,
      state,
      publishedOn: row?.published_on ?? null,
      boardBlocked: state === 'published' || readsUnpublished ? null : blockedBy('board', notPublished(key)),
    };
  });
  return {
    id: s.id,
    rootOrgId: s.root_org_id,
    rootOrgName: s.root_org_name,
    year: s.year,
    name: s.name,
    currentVersion: current?.version ?? null,
    hasDraft: draft !== undefined,
    current: versionDto(current),
    draft: versionDto(draft),
    quarters,
  };
}

/**
 * Creates the year's scheme for a root committee as a draft: with the SPEC's default rules and
 * no items, or as a copy of another scheme's rules and items (e.g. last year's).
 */
export async function createScheme(ctx: Ctx, input: z.infer<typeof schemeCreateBody>): Promise<SchemeDetail> {
  const id = await ctx.db.transaction().execute(async (trx) => {
    await authorize(trx, ctx.user, 'points.scheme.manage', input.rootOrgId);
    const root = await repo.orgRootInfo(trx, input.rootOrgId);
    if (root.parent_id != null || root.tree !== 'party') {
      throw new AppError('validation_failed', {
        field: 'rootOrgId',
        reason: 'a scheme belongs to a root committee',
      });
    }
    const exists = await repo.schemeIdOf(trx, input.rootOrgId, input.year);
    if (exists) throw new AppError('scheme_exists', { schemeId: exists.id });
    let base: Scheme = { rules: defaultSchemeRules(), items: [] };
    if (input.copyFromSchemeId) {
      const from = await findScheme(trx, input.copyFromSchemeId);
      await authorize(trx, ctx.user, 'points.scheme.manage', from.root_org_id);
      const v = await repo.latestVersion(trx, from.id);
      if (v)
        base = parseVersion(
          from.current_version_id ? await repo.versionRow(trx, from.current_version_id) : v,
        );
    }
    const at = nowIso(ctx.clock);
    const s = {
      id: await repo.insertScheme(trx, {
        rootOrgId: input.rootOrgId,
        year: input.year,
        name: input.name,
        byUserId: ctx.user.id,
        at,
      }),
    };
    await repo.insertVersion(trx, {
      scheme_id: s.id,
      version: 1,
      state: 'draft',
      rules_json: JSON.stringify(base.rules),
      items_json: JSON.stringify(base.items),
      note: input.copyFromSchemeId
        ? `复制自方案 ${input.copyFromSchemeId} / copied from scheme ${input.copyFromSchemeId}`
        : null,
      created_by: ctx.user.id,
      created_at: at,
      adopted_by: null,
      adopted_at: null,
    });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'points.scheme.create',
        entityType: 'points_scheme',
        entityId: s.id,
        orgId: input.rootOrgId,
        after: { ...input },
      },
    ]);
    return s.id;
  });
  return getScheme(ctx, id);
}

/**
 * Saves the draft's rules and items (starting a new draft version from the one in force when
 * there is none). Saving is allowed with issues — they are shown — but adoption is not.
 */
export async function saveDraft(
  ctx: Ctx,
  id: number,
  input: z.infer<typeof schemeDraftBody>,
): Promise<SchemeDetail> {
  await ctx.db.transaction().execute(async (trx) => {
    const s = await findScheme(trx, id);
    await authorize(trx, ctx.user, 'points.scheme.manage', s.root_org_id);
    const at = nowIso(ctx.clock);
    const draft = await repo.draftVersion(trx, id);
    const values = {
      rules_json: JSON.stringify(input.rules),
      items_json: JSON.stringify(input.items),
      note: input.note ?? null,
    };
    if (draft) {
      await repo.updateVersion(trx, draft.id, values);
    } else {
      const last = await repo.maxVersionNumber(trx, id);
      await repo.insertVersion(trx, {
        scheme_id: id,
        version: last + 1,
        state: 'draft',
        ...values,
        created_by: ctx.user.id,
        created_at: at,
        adopted_by: null,
        adopted_at: null,
      });
    }
    await repo.updateScheme(trx, id, { updated_at: at });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'points.scheme.save_draft',
        entityType: 'points_scheme',
        entityId: id,
        orgId: s.root_org_id,
        before: draft ? parseVersion(draft) : null,
        after: { rules: input.rules, items: input.items },
      },
    ]);
  });
  return getScheme(ctx, id);
}

/**
 * The committee adopts (审定) the draft: it becomes the version in force and is frozen; the
 * previous version is kept, superseded. A draft with errors cannot be adopted.
 */
export async function adoptDraft(ctx: Ctx, id: number): Promise<SchemeDetail> {
  await ctx.db.transaction().execute(async (trx) => {
    const s = await findScheme(trx, id);
    await authorize(trx, ctx.user, 'points.scheme.adopt', s.root_org_id);
    const draft = await repo.draftVersion(trx, id);
    if (!draft) throw new AppError('no_draft', { schemeId: id });
    const scheme = parseVersion(draft);
    const issues = validateScheme(scheme);
    if (!isSchemeUsable(issues))
      throw new AppError('scheme_invalid', { issues: issues.filter((i) => i.severity === 'error') });
    const at = nowIso(ctx.clock);
    if (s.current_version_id != null) {
      await repo.updateVersion(trx, s.current_version_id, { state: 'superseded' });
    }
    await repo.updateVersion(trx, draft.id, { state: 'adopted', adopted_by: ctx.user.id, adopted_at: at });
    await repo.updateScheme(trx, id, { current_version_id: draft.id, updated_at: at });
    await appendAudit(trx, ctx.user, at, [
      {
        action: 'points.scheme.adopt',
        entityType: 'points_scheme',
        entityId: id,
        orgId: s.root_org_id,
        before: { versionId: s.current_version_id },
        after: { versionId: draft.id, version: draft.version },
      },
    ]);
  });
  return getScheme(ctx, id);
}

/**
 * Writes a scheme with one adopted version, bypassing the draft → adopt workflow: for the demo
 * data and the benchmark only (no user acts; the caller writes its own audit row).
 */
export async function insertAdoptedScheme(
  db: DbOrTrx,
  input: {
    rootOrgId: number;
    year: number;
    name: string;
    items: readonly SchemeItem[];
    byUserId: number;
    note?: string;
  },
): Promise<{ schemeId: number; versionId: number }> {
  const at = new Date().toISOString();
  const schemeId = await repo.insertScheme(db, {
    rootOrgId: input.rootOrgId,
    year: input.year,
    name: input.name,
    byUserId: input.byUserId,
    at,
  });
  const versionId = await repo.insertVersion(db, {
    scheme_id: schemeId,
    version: 1,
    state: 'adopted',
    rules_json: JSON.stringify(defaultSchemeRules()),
    items_json: JSON.stringify(input.items),
    note: input.note ?? null,
    created_by: input.byUserId,
    created_at: at,
    adopted_by: input.byUserId,
    adopted_at: at,
  });
  await repo.updateScheme(db, schemeId, { current_version_id: versionId });
  return { schemeId, versionId };
}
