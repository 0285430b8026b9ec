/**
 * The office's and the committee's calls of the monthly round (SPEC §3 steps 3–5): months and
 * their progress, the branch list, a branch's month with its peer scores (raters shown: the
 * office and the committee only), verification, the branch steps, the peer assignment, approval
 * and publication. Every write refreshes the whole branch-eval cache and the to-do list.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EndpointInput, EndpointOutput } from '../../../../contracts/endpoint.js';
import { call } from '../../../api/call.js';
import { beRoundApi as api } from '../../../api/endpoints.js';

export type MonthView = EndpointOutput<typeof api.month>;
export type MonthList = EndpointOutput<typeof api.months>;
export type BranchStatusList = EndpointOutput<typeof api.branchStatuses>;
export type BranchStatus = BranchStatusList['items'][number];
export type PeerScores = EndpointOutput<typeof api.peerScores>;
export type Assignments = EndpointOutput<typeof api.assignments>;
export type AssignmentRow = Assignments['items'][number];
type StepBody = EndpointInput<typeof api.branchMonthStep>['body'];
export type BranchAction = StepBody['action'];
export type BranchMonthView = EndpointOutput<typeof api.branchMonth>;
type VerificationBody = EndpointInput<typeof api.saveVerification>['body'];

/** Everything of the module sits under this key: one write refreshes what it affects. */
export const beKey = ['branch-eval'] as const;
const officeKey = [...beKey, 'office'] as const;

function useBeMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: beKey });
      void qc.invalidateQueries({ queryKey: ['todo'] });
    },
  });
}

// ── months ──────────────────────────────────────────────────────────────────────────────

/** The months of a round, newest first (one page of up to 200: 16 years of months). */
export function useMonths(orgId: number | null) {
  return useQuery({
    queryKey: [...officeKey, 'months', orgId ?? 0],
    queryFn: ({ signal }) =>
      call(api.months, { query: { orgId: orgId ?? undefined, pageSize: 200 } }, { signal }),
    enabled: orgId != null,
    staleTime: 30_000,
  });
}

export function useMonth(orgId: number | null, month: string | null) {
  return useQuery({
    queryKey: [...officeKey, 'month', orgId ?? 0, month ?? ''],
    queryFn: ({ signal }) =>
      call(api.month, { params: { month: month ?? '' }, query: { orgId: orgId ?? undefined } }, { signal }),
    enabled: orgId != null && month != null,
  });
}

export function useBranchStatuses(
  orgId: number | null,
  month: string | null,
  state: BranchStatus['state'] | undefined,
  page: number,
  pageSize: number,
) {
  return useQuery({
    queryKey: [...officeKey, 'branches', orgId ?? 0, month ?? '', state ?? 'all', page, pageSize],
    queryFn: ({ signal }) =>
      call(
        api.branchStatuses,
        { params: { month: month ?? '' }, query: { orgId: orgId ?? undefined, state, page, pageSize } },
        { signal },
      ),
    enabled: orgId != null && month != null,
    placeholderData: keepPreviousData,
  });
}

export const useApproveMonth = () =>
  useBeMutation(({ orgId, month }: { orgId: number; month: string }) =>
    call(api.approveMonth, { params: { month }, body: { orgId } }),
  );

export const usePublishMonth = () =>
  useBeMutation(({ orgId, month }: { orgId: number; month: string }) =>
    call(api.publishMonth, { params: { month }, body: { orgId } }),
  );

// ── a branch's month ────────────────────────────────────────────────────────────────────

export function useBranchMonth(branchId: number | null, month: string | null) {
  return useQuery({
    queryKey: [...officeKey, 'branch-month', branchId ?? 0, month ?? ''],
    queryFn: ({ signal }) =>
      call(api.branchMonth, { params: { branchId: branchId ?? 0, month: month ?? '' } }, { signal }),
    enabled: branchId != null && month != null,
  });
}

/** Every rater's scores for one branch (the office and the committee; refused to the branch's own users). */
export function usePeerScores(branchId: number | null, month: string | null, enabled = true) {
  return useQuery({
    queryKey: [...officeKey, 'peer-scores', branchId ?? 0, month ?? ''],
    queryFn: ({ signal }) =>
      call(api.peerScores, { params: { month: month ?? '', ratedBranchId: branchId ?? 0 } }, { signal }),
    enabled: enabled && branchId != null && month != null,
    retry: false,
  });
}

export const useSaveVerification = () =>
  useBeMutation(
    ({
      branchId,
      month,
      entries,
    }: {
      branchId: number;
      month: string;
      entries: VerificationBody['entries'];
    }) => call(api.saveVerification, { params: { branchId, month }, body: { entries } }),
  );

export const useBranchStep = () =>
  useBeMutation(
    ({
      branchId,
      month,
      action,
      reason,
    }: {
      branchId: number;
      month: string;
      action: BranchAction;
      reason?: string;
    }) =>
      call(api.branchMonthStep, {
        params: { branchId, month },
        body: { action, ...(reason ? { reason } : {}) },
      }),
  );

// ── peer assignment (互评分配) ───────────────────────────────────────────────────────────

export function useAssignments(orgId: number | null, month: string | null, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...officeKey, 'assignments', orgId ?? 0, month ?? '', page, pageSize],
    queryFn: ({ signal }) =>
      call(
        api.assignments,
        { params: { month: month ?? '' }, query: { orgId: orgId ?? undefined, page, pageSize } },
        { signal },
      ),
    enabled: orgId != null && month != null,
    placeholderData: keepPreviousData,
  });
}

export const useGenerateAssignments = () =>
  useBeMutation(({ orgId, month }: { orgId: number; month: string }) =>
    call(api.generateAssignments, { params: { month }, body: { orgId } }),
  );

export const useSetRaters = () =>
  useBeMutation(
    ({
      orgId,
      month,
      ratedBranchId,
      raterBranchIds,
    }: {
      orgId: number;
      month: string;
      ratedBranchId: number;
      raterBranchIds: number[];
    }) => call(api.setRaters, { params: { month, ratedBranchId }, body: { orgId, raterBranchIds } }),
  );

export { fileUrl } from '../../files/api.js';

// ── innovation points citing an excellent project (SPEC §4 "Feeds branch evaluation") ──────

/** The branch's excellent projects, with where each was cited (the office). */
export function useInnovationCandidates(branchId: number, enabled: boolean) {
  return useQuery({
    queryKey: [...officeKey, 'innovation-projects', branchId],
    queryFn: ({ signal }) => call(api.innovationCandidates, { params: { branchId } }, { signal }),
    enabled,
    retry: false,
  });
}

export const useAwardProjectInnovation = () =>
  useBeMutation(
    ({
      branchId,
      month,
      ...body
    }: {
      branchId: number;
      month: string;
      code: string;
      projectId: number;
      points: number;
      note?: string;
    }) => call(api.awardProjectInnovation, { params: { branchId, month }, body }),
  );

export const useWithdrawProjectInnovation = () =>
  useBeMutation(({ branchId, month, projectId }: { branchId: number; month: string; projectId: number }) =>
    call(api.withdrawProjectInnovation, { params: { branchId, month, projectId } }),
  );
