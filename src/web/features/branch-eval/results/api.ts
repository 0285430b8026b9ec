/**
 * Queries and mutations of the branch-evaluation results: rankings, explanations, quarter scores,
 * annual grades, the report, the charts and the benchmarking system's integration keys.
 */
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { EndpointInput, EndpointOutput } from '../../../../contracts/endpoint.js';
import { call, callDownload } from '../../../api/call.js';
import { beIntegrationKeyApi, beResultsApi, beRoundApi } from '../../../api/endpoints.js';

export type Rankings = EndpointOutput<typeof beResultsApi.rankings>;
export type RankingItem = Rankings['items'][number];
export type IndicatorRanking = EndpointOutput<typeof beResultsApi.indicatorRanking>;
export type IndicatorRankItem = IndicatorRanking['items'][number];
export type QuarterBoard = EndpointOutput<typeof beResultsApi.quarterBoard>;
export type QuarterRow = QuarterBoard['items'][number];
export type GradeBoard = EndpointOutput<typeof beResultsApi.gradeBoard>;
export type GradeRow = GradeBoard['items'][number];
export type MonthReport = EndpointOutput<typeof beResultsApi.report>;
export type MovementChart = EndpointOutput<typeof beResultsApi.movementChart>;
export type CategoryChart = EndpointOutput<typeof beResultsApi.categoryChart>;
export type MonthList = EndpointOutput<typeof beRoundApi.months>;
export type IntegrationKey = EndpointOutput<typeof beIntegrationKeyApi.revoke>;
export type IntegrationKeyCreated = EndpointOutput<typeof beIntegrationKeyApi.issue>;
export type ScoreExplanation = EndpointOutput<typeof beResultsApi.explainScore>;

/** Every branch-evaluation query sits under this key, so any write of the module refreshes results too. */
export const beKey = ['branch-eval'] as const;
const resultsKey = [...beKey, 'results'] as const;

// ── months and the round ────────────────────────────────────────────────────────────────

/** Every month of a round with its state (open, verifying, approved, published). */
export function useRoundMonths(orgId: number | null) {
  return useQuery({
    queryKey: [...beKey, 'months', orgId ?? 0],
    queryFn: ({ signal }) =>
      call(beRoundApi.months, { query: { orgId: orgId ?? undefined, pageSize: 200 } }, { signal }),
    enabled: orgId != null,
    staleTime: 60_000,
  });
}

/**
 * The rounds the viewer's grants reach, newest first, and the branches they act for: how a
 * member or a secretary (who cannot browse the org tree) finds the round to show.
 */
export function useMyRounds(enabled: boolean) {
  return useQuery({
    queryKey: [...beKey, 'rounds-mine'],
    queryFn: ({ signal }) => call(beRoundApi.myRounds, {}, { signal }),
    enabled,
    staleTime: 10 * 60_000,
  });
}

// ── rankings ────────────────────────────────────────────────────────────────────────────

export function useRankings(orgId: number | null, month: string | null, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...resultsKey, 'rankings', orgId ?? 0, month ?? '', page, pageSize],
    queryFn: ({ signal }) =>
      call(
        beResultsApi.rankings,
        { params: { month: month ?? '' }, query: { orgId: orgId ?? undefined, page, pageSize } },
        { signal },
      ),
    enabled: orgId != null && month != null,
    placeholderData: keepPreviousData,
  });
}

export function useIndicatorRanking(
  orgId: number | null,
  month: string | null,
  code: string | null,
  page: number,
  pageSize: number,
) {
  return useQuery({
    queryKey: [...resultsKey, 'indicator', orgId ?? 0, month ?? '', code ?? '', page, pageSize],
    queryFn: ({ signal }) =>
      call(
        beResultsApi.indicatorRanking,
        {
          params: { month: month ?? '', code: code ?? '' },
          query: { orgId: orgId ?? undefined, page, pageSize },
        },
        { signal },
      ),
    enabled: orgId != null && month != null && !!code,
    placeholderData: keepPreviousData,
  });
}

export function useScoreExplanation(target: { branchId: number; month: string } | null) {
  return useQuery({
    queryKey: [...resultsKey, 'explain', target?.branchId ?? 0, target?.month ?? ''],
    queryFn: ({ signal }) =>
      call(
        beResultsApi.explainScore,
        { params: { branchId: target?.branchId ?? 0, month: target?.month ?? '' } },
        { signal },
      ),
    enabled: target != null,
  });
}

/** Downloads the month's rankings (by total and by every indicator) as the server's xlsx. */
export const exportRankings = (orgId: number, month: string, fallback: string) =>
  callDownload(beResultsApi.rankingsXlsx, { params: { month }, query: { orgId } }, fallback);

/** Downloads a year's annual grades (with what an incomplete year still lacks) as the server's xlsx. */
export const exportGrades = (orgId: number, year: number, fallback: string) =>
  callDownload(beResultsApi.gradesXlsx, { params: { year }, query: { orgId } }, fallback);

// ── quarter scores, annual grades ───────────────────────────────────────────────────────

export function useQuarterBoard(
  orgId: number | null,
  quarter: string | null,
  page: number,
  pageSize: number,
) {
  return useQuery({
    queryKey: [...resultsKey, 'quarter', orgId ?? 0, quarter ?? '', page, pageSize],
    queryFn: ({ signal }) =>
      call(
        beResultsApi.quarterBoard,
        { params: { quarter: quarter ?? '' }, query: { orgId: orgId ?? undefined, page, pageSize } },
        { signal },
      ),
    enabled: orgId != null && quarter != null,
    placeholderData: keepPreviousData,
  });
}

export function useGradeBoard(orgId: number | null, year: number | null, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...resultsKey, 'grades', orgId ?? 0, year ?? 0, page, pageSize],
    queryFn: ({ signal }) =>
      call(
        beResultsApi.gradeBoard,
        { params: { year: year ?? 0 }, query: { orgId: orgId ?? undefined, page, pageSize } },
        { signal },
      ),
    enabled: orgId != null && year != null,
    placeholderData: keepPreviousData,
  });
}

/** The committee accepts a branch's rectification of a month with a missed mandatory indicator. */
export function useRectify() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ branchId, month, note }: { branchId: number; month: string; note: string }) =>
      call(beResultsApi.rectify, { params: { branchId, month }, body: { note } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: resultsKey });
      void qc.invalidateQueries({ queryKey: ['todo'] });
    },
  });
}

// ── report and charts ───────────────────────────────────────────────────────────────────

export function useMonthReport(orgId: number | null, month: string | null) {
  return useQuery({
    queryKey: [...resultsKey, 'report', orgId ?? 0, month ?? ''],
    queryFn: ({ signal }) =>
      call(
        beResultsApi.report,
        { params: { month: month ?? '' }, query: { orgId: orgId ?? undefined } },
        { signal },
      ),
    enabled: orgId != null && month != null,
  });
}

export function useCategoryChart(orgId: number | null, month: string | null, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...resultsKey, 'chart-categories', orgId ?? 0, month ?? '', page, pageSize],
    queryFn: ({ signal }) =>
      call(
        beResultsApi.categoryChart,
        { params: { month: month ?? '' }, query: { orgId: orgId ?? undefined, page, pageSize } },
        { signal },
      ),
    enabled: orgId != null && month != null,
    placeholderData: keepPreviousData,
  });
}

/** Ranks and totals per branch over a span of months, a page of branches (by id) at a time. */
export function useMovementChart(orgId: number | null, from: string | null, to: string | null) {
  const pageSize = 200;
  return useInfiniteQuery({
    queryKey: [...resultsKey, 'chart-movement', orgId ?? 0, from ?? '', to ?? ''],
    queryFn: ({ pageParam, signal }) =>
      call(
        beResultsApi.movementChart,
        {
          query: {
            orgId: orgId ?? undefined,
            from: from ?? '',
            to: to ?? '',
            page: pageParam,
            pageSize,
          },
        },
        { signal },
      ),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
    enabled: orgId != null && from != null && to != null,
  });
}

// ── integration keys (对标管理信息系统) ───────────────────────────────────────────────────

const keysKey = [...beKey, 'integration-keys'] as const;

export function useIntegrationKeys(orgId: number | null, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...keysKey, orgId ?? 0, page, pageSize],
    queryFn: ({ signal }) =>
      call(beIntegrationKeyApi.list, { query: { orgId: orgId ?? undefined, page, pageSize } }, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useIssueKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: EndpointInput<typeof beIntegrationKeyApi.issue>['body']) =>
      call(beIntegrationKeyApi.issue, { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keysKey }),
  });
}

export function useRevokeKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: number; reason: string }) =>
      call(beIntegrationKeyApi.revoke, { params: { id }, body: { reason } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keysKey }),
  });
}
