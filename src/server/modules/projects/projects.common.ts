import type { DbOrTrx } from '../../../db/kysely.js';
import { allows } from '../../../domain/access/roles.js';
import {
  applyProjectAction,
  defaultGradeBands,
  defaultMilestoneSettings,
  type GradeBands,
  type MilestoneSettings,
  type ProjectAction,
  type ProjectActor,
  type ProjectFacts,
  type ProjectState,
} from '../../../domain/projects/index.js';
import { appendAudit } from '../../lib/audit.js';
import { type AuthUser, type Ctx, nowIso } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { ancestorsOf } from '../../lib/permissions.js';
import * as orgService from '../org/org.service.js';
import * as repo from './projects.repo.js';

export type Project = NonNullable<Awaited<ReturnType<typeof repo.findProject>>>;

/** A project or `not_found`. */
export async function loadProject(db: DbOrTrx, id: number): Promise<Project> {
  const p = await repo.findProject(db, id);
  if (!p) throw new AppError('not_found', { entity: 'project', id });
  return p;
}

/**
 * What the user is to a project: `owner` (a secretary whose grant reaches the owning org, or the
 * committee of the org itself for a committee's own project), `committee` (a committee grant at
 * the owning org or above), `panel` (named on its panel).
 */
export async function actorsOf(db: DbOrTrx, user: AuthUser, p: Project): Promise<ProjectActor[]> {
  const ancestors = await ancestorsOf(db, p.org_id);
  const out: ProjectActor[] = [];
  const ownCommittee =
    p.org_id === p.plan_org_id && user.grants.some((g) => g.role === 'committee' && g.orgId === p.org_id);
  if (allows(user.grants, 'projects.run', ancestors) || ownCommittee) out.push('owner');
  if (allows(user.grants, 'projects.plan', ancestors)) out.push('committee');
  const seat = await repo.panelSeat(db, p.id, user.id);
  if (seat) out.push('panel');
  return out;
}

/**
 * Whether the user may read the project: a role reading projects at the owning org, a seat on its
 * panel, or — once it is in the library — any role in the organisation. Drafts only for the committee.
 */
export async function mayRead(db: DbOrTrx, user: AuthUser, p: Project, actors: readonly ProjectActor[]) {
  if (p.state === 'draft') return actors.includes('committee');
  if (actors.length > 0) return true;
  if (allows(user.grants, 'projects.read', await ancestorsOf(db, p.org_id))) return true;
  return p.promoted_at !== null && user.grants.length > 0;
}

/** Loads a project the user may read, with what they are to it; `forbidden` otherwise. */
export async function readableProject(db: DbOrTrx, user: AuthUser, id: number) {
  const p = await loadProject(db, id);
  const actors = await actorsOf(db, user, p);
  if (!(await mayRead(db, user, p, actors))) throw new AppError('forbidden', { entity: 'project', id });
  return { p, actors };
}

/** The facts the state machine's guards need. */
export async function factsOf(db: DbOrTrx, p: Project): Promise<ProjectFacts> {
  const ms = await repo.milestonesOf(db, [p.id]);
  return {
    state: p.state,
    suspendedFrom: p.suspended_from,
    grade: p.grade,
    milestones: ms.length,
    unreportedMilestones: ms.filter((m) => m.reported_on === null).length,
  };
}

/** The committee a project belongs to: the nearest committee at or above the owning org. */
export async function planOrgOf(db: DbOrTrx, orgId: number): Promise<number> {
  const ids = await orgService.ancestorIdsNearestFirst(db, orgId);
  const orgs = await orgService.orgsByIds(db, ids);
  for (const id of ids) {
    if (orgs.find((o) => o.id === id)?.kind === 'committee') return id;
  }
  throw new AppError('not_found', { entity: 'committee above org', id: orgId });
}

/** The settings in force for a committee's projects of a year (version 1 = the defaults). */
export async function ruleInForce(
  db: DbOrTrx,
  orgId: number,
  year: number,
): Promise<{ bands: GradeBands; milestones: MilestoneSettings }> {
  const r = await repo.ruleOf(db, orgId, year);
  if (!r) return { bands: defaultGradeBands, milestones: defaultMilestoneSettings };
  return {
    bands: { version: r.version, excellent: r.excellent, good: r.good, pass: r.pass },
    milestones: {
      reminderDays: r.reminder_days,
      affairsAfter: r.affairs_after,
      committeeAfter: r.committee_after,
    },
  };
}

/** Turns a refusal of the state machine into the API's error. */
function refusalError(
  code: string,
  message: { zh: string; en: string },
  details: Record<string, unknown>,
): AppError {
  switch (code) {
    case 'role_not_allowed':
      return new AppError('forbidden', details, message);
    case 'reason_required':
      return new AppError('reason_required', details, message);
    case 'not_excellent':
      return new AppError('project_not_excellent', details, message);
    case 'no_milestones':
    case 'milestones_unreported':
      return new AppError('project_incomplete', details, message);
    default:
      return new AppError('invalid_transition', details, message);
  }
}

/**
 * Takes one lifecycle step inside the caller's transaction: asks the state machine, writes the new
 * state, records the decision (who, when, rule, comment) and the audit row.
 */
export async function takeStep(
  ctx: Ctx,
  trx: DbOrTrx,
  p: Project,
  action: ProjectAction,
  actors: readonly ProjectActor[],
  comment: string | null,
  opts: { system?: boolean; extra?: Partial<Parameters<typeof repo.updateProject>[2]> } = {},
): Promise<ProjectState> {
  const facts = await factsOf(trx, p);
  const r = applyProjectAction(facts, action, actors, comment, { system: opts.system ?? false });
  if (!r.ok) throw refusalError(r.refusal.code, r.refusal.message, { state: p.state, action });
  const at = nowIso(ctx.clock);
  await repo.updateProject(trx, p.id, {
    state: r.state,
    suspended_from: r.state === 'suspended' ? p.state : null,
    updated_at: at,
    ...(action === 'promote' ? { promoted_at: at } : {}),
    ...(opts.extra ?? {}),
  });
  await repo.insertDecision(trx, {
    project_id: p.id,
    action,
    from_state: p.state,
    to_state: r.state,
    rule: r.transition.rule,
    comment: comment && comment.trim() !== '' ? comment.trim() : null,
    actor_id: ctx.user.id,
    at,
  });
  await appendAudit(trx, ctx.user, at, [
    {
      action: `projects.${action}`,
      entityType: 'pj_project',
      entityId: p.id,
      orgId: p.org_id,
      before: { state: p.state },
      after: { state: r.state, rule: r.transition.rule, comment },
    },
  ]);
  return r.state;
}

/** Lower-case text the list and the library search. */
export function searchTextOf(c: {
  title: string;
  requirements: string;
  objectives: string;
  measures: string;
  expected_results: string;
  summary: string;
  tags: readonly string[];
}): string {
  return [c.title, c.tags.join(' '), c.requirements, c.objectives, c.measures, c.expected_results, c.summary]
    .join('\n')
    .toLowerCase()
    .slice(0, 20_000);
}
