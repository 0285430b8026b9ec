/**
 * The branch's side of the monthly round (月评): its self-evaluation sheet, its steps, its
 * published score, its peer tasks — query hooks and mutations over `/api/v1/branch-eval`.
 */
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  BranchMonthView,
  branchMonthAction,
  ScoreExplanation,
} from '../../../../contracts/branch-eval.js';
import type { EndpointOutput } from '../../../../contracts/endpoint.js';
import { call } from '../../../api/call.js';
import { beResultsApi, beRoundApi } from '../../../api/endpoints.js';
import type { SelfSaveEntry } from '../../../lib/be-round.js';
import { fileUrl as storedFileUrl, uploadEvidence } from '../../files/api.js';

export type { BranchMonthView, ScoreExplanation };
export type BranchMonthAction = z.infer<typeof branchMonthAction>;
export type PeerTask = EndpointOutput<typeof beRoundApi.submitPeer>;
export type PeerTasks = EndpointOutput<typeof beRoundApi.peerTasks>;
export type MonthIndicator = BranchMonthView['indicators'][number];

/** Everything of the branch evaluation sits under this key: one write refreshes what it affects. */
export const beKey = ['branch-eval'] as const;
const roundKey = [...beKey, 'round'] as const;

function useInvalidateRound() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: beKey });
    // The to-do list counts the self-evaluation and the peer sheets still to do.
    void qc.invalidateQueries({ queryKey: ['todo'] });
  };
}

const branchMonthKey = (branchId: number, month: string) => [...roundKey, 'branch-month', branchId, month];

/** A branch's sheet for a month (plan, self scores, evidence, state, deadlines, the viewer's steps). */
export function useBranchMonth(branchId: number | null, month: string) {
  return useQuery({
    queryKey: branchMonthKey(branchId ?? 0, month),
    queryFn: ({ signal }) =>
      call(beRoundApi.branchMonth, { params: { branchId: branchId ?? 0, month } }, { signal }),
    enabled: branchId != null,
    // Edits live in the page's draft, so a refetch never overwrites what is being typed.
    refetchOnWindowFocus: true,
  });
}

/** Saves self scores, notes and evidence of the indicators given (a draft; nothing is submitted). */
export function useSaveSelf() {
  const qc = useQueryClient();
  const done = useInvalidateRound();
  return useMutation({
    mutationFn: ({
      branchId,
      month,
      entries,
    }: {
      branchId: number;
      month: string;
      entries: SelfSaveEntry[];
    }) => call(beRoundApi.saveSelf, { params: { branchId, month }, body: { entries } }),
    onSuccess: (view) => {
      qc.setQueryData(branchMonthKey(view.branchId, view.month), view);
      done();
    },
  });
}

/** Submit, withdraw or resubmit the self-evaluation. */
export function useBranchMonthStep() {
  const qc = useQueryClient();
  const done = useInvalidateRound();
  return useMutation({
    mutationFn: ({
      branchId,
      month,
      action,
      reason,
    }: {
      branchId: number;
      month: string;
      action: BranchMonthAction;
      reason?: string;
    }) =>
      call(beRoundApi.branchMonthStep, {
        params: { branchId, month },
        body: { action, ...(reason ? { reason } : {}) },
      }),
    onSuccess: (view) => {
      qc.setQueryData(branchMonthKey(view.branchId, view.month), view);
      done();
    },
  });
}

/** How the published month score came about (peer scores anonymous). */
export function useMonthScore(branchId: number | null, month: string, enabled: boolean) {
  return useQuery({
    queryKey: [...roundKey, 'score', branchId ?? 0, month],
    queryFn: ({ signal }) =>
      call(beResultsApi.explainScore, { params: { branchId: branchId ?? 0, month } }, { signal }),
    enabled: enabled && branchId != null,
    staleTime: 5 * 60_000,
  });
}

/** The peer sheets the user's branches must fill in a month (server pages). */
export function usePeerTasks(month: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...roundKey, 'peer', month, page, pageSize],
    queryFn: ({ signal }) => call(beRoundApi.peerTasks, { query: { month, page, pageSize } }, { signal }),
    placeholderData: keepPreviousData,
  });
}

/** Submits one peer sheet (every evaluative indicator of the rated branch). */
export function useSubmitPeer() {
  const done = useInvalidateRound();
  return useMutation({
    mutationFn: ({
      month,
      ratedBranchId,
      raterBranchId,
      scores,
    }: {
      month: string;
      ratedBranchId: number;
      raterBranchId: number;
      scores: Record<string, number>;
    }) => call(beRoundApi.submitPeer, { params: { month, ratedBranchId }, body: { raterBranchId, scores } }),
    onSuccess: done,
  });
}

export type Linkable = EndpointOutput<typeof beRoundApi.linkable>;

/**
 * What the branch already recorded in member points this month (activities with their attendees,
 * single entries), to link as evidence instead of uploading again; entries come page by page.
 */
export function useLinkable(branchId: number, month: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: [...beKey, 'linkable', branchId, month],
    queryFn: ({ pageParam, signal }) =>
      call(
        beRoundApi.linkable,
        { params: { branchId, month }, query: { page: pageParam, pageSize: 200 } },
        { signal },
      ),
    initialPageParam: 1,
    getNextPageParam: (last) =>
      last.entries.page * last.entries.pageSize < last.entries.total ? last.entries.page + 1 : undefined,
    enabled,
    staleTime: 60_000,
  });
}

/** Uploads one evidence file for the branch (stored once by content; its type judged by its bytes). */
export function uploadBranchEvidence(branchId: number, file: File) {
  return uploadEvidence(branchId, file);
}

/** Where a stored file is served (inline for images and PDF). */
export const fileUrl = storedFileUrl;
