/**
 * The office's and the committee's calls of the monthly round (SPEC §3 steps 3–5): months and
 * their progress, the branch list, a branch's month with its peer scores (raters shown: the
 * office and the committee only), verification, the branch steps, the peer assignment, approval
 * and publication. Every write refreshes the whole branch-eval cache and the to-do list.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  assignmentsResponse,
  BranchMonthView,
  branchMonthAction,
  branchStatusResponse,
  monthListResponse,
  monthView,
  peerScoresResponse,
} from '../../../../contracts/branch-eval.js';
import { api } from '../../../api/client.js';
import type { VerificationBodyEntry } from '../../../lib/be-office.js';
import { toQueryString } from '../../../lib/format.js';

export type MonthView = z.infer<typeof monthView>;
export type MonthList = z.infer<typeof monthListResponse>;
export type BranchStatusList = z.infer<typeof branchStatusResponse>;
export type BranchStatus = BranchStatusList['items'][number];
export type PeerScores = z.infer<typeof peerScoresResponse>;
export type Assignments = z.infer<typeof assignmentsResponse>;
export type AssignmentRow = Assignments['items'][number];
export type BranchAction = z.infer<typeof branchMonthAction>;
export type { BranchMonthView };

const B = '/branch-eval';

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
      api.get<MonthList>(`${B}/months${toQueryString({ orgId, pageSize: 200 })}`, { signal }),
    enabled: orgId != null,
    staleTime: 30_000,
  });
}

export function useMonth(orgId: number | null, month: string | null) {
  return useQuery({
    queryKey: [...officeKey, 'month', orgId ?? 0, month ?? ''],
    queryFn: ({ signal }) =>
      api.get<MonthView>(`${B}/months/${month}${toQueryString({ orgId })}`, { signal }),
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
      api.get<BranchStatusList>(
        `${B}/months/${month}/branches${toQueryString({ orgId, state, page, pageSize })}`,
        { signal },
      ),
    enabled: orgId != null && month != null,
    placeholderData: keepPreviousData,
  });
}

export const useApproveMonth = () =>
  useBeMutation(({ orgId, month }: { orgId: number; month: string }) =>
    api.post<MonthView>(`${B}/months/${month}/approve`, { orgId }),
  );

export const usePublishMonth = () =>
  useBeMutation(({ orgId, month }: { orgId: number; month: string }) =>
    api.post<MonthView>(`${B}/months/${month}/publish`, { orgId }),
  );

// ── a branch's month ────────────────────────────────────────────────────────────────────

export function useBranchMonth(branchId: number | null, month: string | null) {
  return useQuery({
    queryKey: [...officeKey, 'branch-month', branchId ?? 0, month ?? ''],
    queryFn: ({ signal }) =>
      api.get<BranchMonthView>(`${B}/branches/${branchId}/months/${month}`, { signal }),
    enabled: branchId != null && month != null,
  });
}

/** Every rater's scores for one branch (the office and the committee; refused to the branch's own users). */
export function usePeerScores(branchId: number | null, month: string | null, enabled = true) {
  return useQuery({
    queryKey: [...officeKey, 'peer-scores', branchId ?? 0, month ?? ''],
    queryFn: ({ signal }) => api.get<PeerScores>(`${B}/months/${month}/peer-scores/${branchId}`, { signal }),
    enabled: enabled && branchId != null && month != null,
    retry: false,
  });
}

export const useSaveVerification = () =>
  useBeMutation(
    ({ branchId, month, entries }: { branchId: number; month: string; entries: VerificationBodyEntry[] }) =>
      api.put<BranchMonthView>(`${B}/branches/${branchId}/months/${month}/verification`, { entries }),
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
      api.post<BranchMonthView>(`${B}/branches/${branchId}/months/${month}/actions`, {
        action,
        ...(reason ? { reason } : {}),
      }),
  );

// ── peer assignment (互评分配) ───────────────────────────────────────────────────────────

export function useAssignments(orgId: number | null, month: string | null, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...officeKey, 'assignments', orgId ?? 0, month ?? '', page, pageSize],
    queryFn: ({ signal }) =>
      api.get<Assignments>(`${B}/months/${month}/assignments${toQueryString({ orgId, page, pageSize })}`, {
        signal,
      }),
    enabled: orgId != null && month != null,
    placeholderData: keepPreviousData,
  });
}

export const useGenerateAssignments = () =>
  useBeMutation(({ orgId, month }: { orgId: number; month: string }) =>
    api.post<Assignments>(`${B}/months/${month}/assignments/generate`, { orgId }),
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
    }) =>
      api.put<Assignments>(`${B}/months/${month}/assignments/${ratedBranchId}`, { orgId, raterBranchIds }),
  );

export const fileUrl = (id: number) => `/api/v1/files/${id}`;
