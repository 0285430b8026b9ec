import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  changeRequestBody,
  commentBody,
  panelBody,
  planDraftBody,
  planTemplateBody,
  projectCreateBody,
  projectListQuery,
  projectUpdateBody,
  reportBody,
  ruleBody,
  scoreBody,
} from '../../../contracts/projects.js';
import type { ProjectAction } from '../../../domain/projects/lifecycle.js';
import { call, callDownload } from '../../api/call.js';
import { projectsApi } from '../../api/endpoints.js';

/** Query hooks of the projects pages; every call goes through the endpoint table. */
export interface ProjectFilter {
  year?: number | undefined;
  orgId?: number | undefined;
  origin?: z.output<typeof projectListQuery>['origin'];
  state?: z.output<typeof projectListQuery>['state'];
  overdue?: 'true' | 'false' | undefined;
  tag?: string | undefined;
  q?: string | undefined;
}

const wire = (f: ProjectFilter) => ({
  ...(f.year ? { year: f.year } : {}),
  ...(f.orgId ? { orgId: f.orgId } : {}),
  ...(f.origin ? { origin: f.origin } : {}),
  ...(f.state ? { state: f.state } : {}),
  ...(f.overdue ? { overdue: f.overdue } : {}),
  ...(f.tag ? { tag: f.tag } : {}),
  ...(f.q ? { q: f.q } : {}),
});

export function useProjects(f: ProjectFilter, page: number, pageSize = 20) {
  return useQuery({
    queryKey: ['projects', 'list', f, page, pageSize],
    queryFn: () => call(projectsApi.list, { query: { ...wire(f), page, pageSize } }),
  });
}
export function useBoard(f: ProjectFilter, enabled: boolean) {
  return useQuery({
    queryKey: ['projects', 'board', f],
    queryFn: () => call(projectsApi.board, { query: wire(f) }),
    enabled,
  });
}
export function useGantt(year: number, orgId: number | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['projects', 'gantt', year, orgId],
    queryFn: () => call(projectsApi.gantt, { query: { year, ...(orgId ? { orgId } : {}) } }),
    enabled,
  });
}
export function useCharts(year: number, orgId: number | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['projects', 'charts', year, orgId],
    queryFn: () => call(projectsApi.charts, { query: { year, ...(orgId ? { orgId } : {}) } }),
    enabled,
  });
}
export const exportProjects = (f: ProjectFilter, name: string) =>
  callDownload(projectsApi.exportXlsx, { query: wire(f) }, name);

export function useProject(id: number) {
  return useQuery({
    queryKey: ['projects', 'one', id],
    queryFn: () => call(projectsApi.get, { params: { id } }),
  });
}
export function useLibrary(q: string, tag: string, page: number) {
  return useQuery({
    queryKey: ['projects', 'library', q, tag, page],
    queryFn: () =>
      call(projectsApi.library, {
        query: { page, pageSize: 20, ...(q ? { q } : {}), ...(tag ? { tag } : {}) },
      }),
  });
}
export function usePanelCandidates(id: number, enabled: boolean) {
  return useQuery({
    queryKey: ['projects', 'candidates', id],
    queryFn: () => call(projectsApi.panelCandidates, { params: { id } }),
    enabled,
  });
}

function useDone() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: ['projects'] });
    void qc.invalidateQueries({ queryKey: ['todo'] });
  };
}
const mutation = <A, R>(fn: (a: A) => Promise<R>) => {
  const done = useDone();
  return useMutation({ mutationFn: fn, onSuccess: done });
};

export const useCreateProject = () =>
  mutation((body: z.input<typeof projectCreateBody>) => call(projectsApi.create, { body }));
export const useUpdateProject = () =>
  mutation(({ id, body }: { id: number; body: z.input<typeof projectUpdateBody> }) =>
    call(projectsApi.update, { params: { id }, body }),
  );
export const useAct = () =>
  mutation(({ id, action, comment }: { id: number; action: ProjectAction; comment?: string }) =>
    call(projectsApi.act, { params: { id }, body: { action, ...(comment ? { comment } : {}) } }),
  );
export const useReport = () =>
  mutation(
    ({ id, milestoneId, body }: { id: number; milestoneId: number; body: z.input<typeof reportBody> }) =>
      call(projectsApi.report, { params: { id, milestoneId }, body }),
  );
export const useRequestChange = () =>
  mutation(
    ({
      id,
      milestoneId,
      body,
    }: {
      id: number;
      milestoneId: number;
      body: z.input<typeof changeRequestBody>;
    }) => call(projectsApi.requestChange, { params: { id, milestoneId }, body }),
  );
export const useDecideChange = () =>
  mutation(
    ({
      id,
      changeId,
      decision,
      note,
    }: {
      id: number;
      changeId: number;
      decision: 'approve' | 'reject';
      note?: string;
    }) =>
      call(projectsApi.decideChange, {
        params: { id, changeId },
        body: { decision, ...(note ? { note } : {}) },
      }),
  );
export const useComment = () =>
  mutation(({ id, body }: { id: number; body: z.input<typeof commentBody> }) =>
    call(projectsApi.comment, { params: { id }, body }),
  );
export const useSetPanel = () =>
  mutation(({ id, body }: { id: number; body: z.input<typeof panelBody> }) =>
    call(projectsApi.setPanel, { params: { id }, body }),
  );
export const useScore = () =>
  mutation(({ id, body }: { id: number; body: z.input<typeof scoreBody> }) =>
    call(projectsApi.score, { params: { id }, body }),
  );
export const useAdopt = () =>
  mutation(({ id, orgId, year }: { id: number; orgId: number; year: number }) =>
    call(projectsApi.adopt, { params: { id }, body: { orgId, year } }),
  );
export const useDraftPlan = () =>
  mutation((body: z.input<typeof planDraftBody>) => call(projectsApi.draftPlan, { body }));
export const useIssuePlan = () =>
  mutation((body: { orgId: number; year: number }) => call(projectsApi.issuePlan, { body }));

/** A committee's versioned settings of a year, with every saved version. */
export function useRules(orgId: number | undefined, year: number) {
  return useQuery({
    queryKey: ['projects', 'rules', orgId ?? 0, year],
    queryFn: () => call(projectsApi.rules, { query: { orgId: orgId ?? 0, year } }),
    enabled: orgId !== undefined,
  });
}
export const useSaveRule = () =>
  mutation((body: z.input<typeof ruleBody>) => call(projectsApi.saveRule, { body }));

/** The committee's stored year-plan templates. */
export function usePlanTemplates(orgId: number | undefined) {
  return useQuery({
    queryKey: ['projects', 'plan-templates', orgId ?? 0],
    queryFn: () => call(projectsApi.planTemplates, { query: { orgId: orgId ?? 0 } }),
    enabled: orgId !== undefined,
  });
}
export const useSavePlanTemplate = () =>
  mutation((body: z.input<typeof planTemplateBody>) => call(projectsApi.savePlanTemplate, { body }));
