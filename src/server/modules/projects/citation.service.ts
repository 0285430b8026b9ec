import type { DbOrTrx } from '../../../db/kysely.js';
import * as repo from './projects.repo.js';

/**
 * What the branch evaluation reads of projects to award innovation points citing them (SPEC §4
 * "Feeds branch evaluation": an excellent project's owning branch, within the innovation cap).
 * Kept apart from the module's use cases so that the branch evaluation reaches only this.
 */
export interface CitableProject {
  id: number;
  title: string;
  year: number;
  orgId: number;
  score: number | null;
  /** True when the panel graded it excellent (优秀). */
  excellent: boolean;
}

/** One project as a citation sees it, or undefined when there is none. */
export async function citableProject(db: DbOrTrx, id: number): Promise<CitableProject | undefined> {
  const p = await repo.findProject(db, id);
  return p
    ? {
        id: p.id,
        title: p.title,
        year: p.year,
        orgId: p.org_id,
        score: p.score,
        excellent: p.grade === 'excellent',
      }
    : undefined;
}

/** The org's excellent projects, newest year first. */
export async function excellentProjectsOf(db: DbOrTrx, orgId: number): Promise<CitableProject[]> {
  return (await repo.excellentProjectsOf(db, orgId)).map((p) => ({
    id: p.id,
    title: p.title,
    year: p.year,
    orgId: p.org_id,
    score: p.score,
    excellent: true,
  }));
}
