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
import type { z } from 'zod';
import type {
  categoryChart,
  gradeBoardResponse,
  indicatorRankingResponse,
  integrationKeyCreateBody,
  integrationKeyCreated,
  integrationKeyListResponse,
  integrationKeyView,
  monthListResponse,
  monthReport,
  movementChart,
  myRoundsResponse,
  quarterBoardResponse,
  rankingsResponse,
  ScoreExplanation,
} from '../../../../contracts/branch-eval.js';
import { api } from '../../../api/client.js';
import { toQueryString } from '../../../lib/format.js';

export type Rankings = z.infer<typeof rankingsResponse>;
export type RankingItem = Rankings['items'][number];
export type IndicatorRanking = z.infer<typeof indicatorRankingResponse>;
export type IndicatorRankItem = IndicatorRanking['items'][number];
export type QuarterBoard = z.infer<typeof quarterBoardResponse>;
export type QuarterRow = QuarterBoard['items'][number];
export type GradeBoard = z.infer<typeof gradeBoardResponse>;
export type GradeRow = GradeBoard['items'][number];
export type MonthReport = z.infer<typeof monthReport>;
export type MovementChart = z.infer<typeof movementChart>;
export type CategoryChart = z.infer<typeof categoryChart>;
export type MonthList = z.infer<typeof monthListResponse>;
export type IntegrationKey = z.infer<typeof integrationKeyView>;
export type IntegrationKeyCreated = z.infer<typeof integrationKeyCreated>;
export type { ScoreExplanation };

const B = '/branch-eval';

/** Every branch-evaluation query sits under this key, so any write of the module refreshes results too. */
export const beKey = ['branch-eval'] as const;
const resultsKey = [...beKey, 'results'] as const;

// ── months and the round ────────────────────────────────────────────────────────────────

/** Every month of a round with its state (open, verifying, approved, published). */
export function useRoundMonths(orgId: number | null) {
  return useQuery({
    queryKey: [...beKey, 'months', orgId ?? 0],
    queryFn: ({ signal }) =>
      api.get<MonthList>(`${B}/months${toQueryString({ orgId, pageSize: 200 })}`, { signal }),
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
    queryFn: ({ signal }) => api.get<z.infer<typeof myRoundsResponse>>(`${B}/rounds/mine`, { signal }),
    enabled,
    staleTime: 10 * 60_000,
  });
}

// ── rankings ────────────────────────────────────────────────────────────────────────────

export function useRankings(orgId: number | null, month: string | null, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...resultsKey, 'rankings', orgId ?? 0, month ?? '', page, pageSize],
    queryFn: ({ signal }) =>
      api.get<Rankings>(`${B}/months/${month}/rankings${toQueryString({ orgId, page, pageSize })}`, {
        signal,
      }),
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
      api.get<IndicatorRanking>(
        `${B}/months/${month}/rankings/indicators/${encodeURIComponent(code ?? '')}${toQueryString({
          orgId,
          page,
          pageSize,
        })}`,
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
      api.get<ScoreExplanation>(`${B}/branches/${target?.branchId}/months/${target?.month}/score`, {
        signal,
      }),
    enabled: target != null,
  });
}

/** Downloads the month's rankings (by total and by every indicator) as the server's xlsx. */
export const exportRankings = (orgId: number, month: string, fallback: string) =>
  api.download(`${B}/months/${month}/rankings.xlsx${toQueryString({ orgId })}`, fallback);

/** Downloads a year's annual grades (with what an incomplete year still lacks) as the server's xlsx. */
export const exportGrades = (orgId: number, year: number, fallback: string) =>
  api.download(`${B}/years/${year}/grades.xlsx${toQueryString({ orgId })}`, fallback);

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
      api.get<QuarterBoard>(`${B}/quarters/${quarter}/scores${toQueryString({ orgId, page, pageSize })}`, {
        signal,
      }),
    enabled: orgId != null && quarter != null,
    placeholderData: keepPreviousData,
  });
}

export function useGradeBoard(orgId: number | null, year: number | null, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...resultsKey, 'grades', orgId ?? 0, year ?? 0, page, pageSize],
    queryFn: ({ signal }) =>
      api.get<GradeBoard>(`${B}/years/${year}/grades${toQueryString({ orgId, page, pageSize })}`, { signal }),
    enabled: orgId != null && year != null,
    placeholderData: keepPreviousData,
  });
}

/** The committee accepts a branch's rectification of a month with a missed mandatory indicator. */
export function useRectify() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ branchId, month, note }: { branchId: number; month: string; note: string }) =>
      api.post<ScoreExplanation>(`${B}/branches/${branchId}/months/${month}/rectify`, { note }),
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
      api.get<MonthReport>(`${B}/months/${month}/report${toQueryString({ orgId })}`, { signal }),
    enabled: orgId != null && month != null,
  });
}

export function useCategoryChart(orgId: number | null, month: string | null, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...resultsKey, 'chart-categories', orgId ?? 0, month ?? '', page, pageSize],
    queryFn: ({ signal }) =>
      api.get<CategoryChart>(
        `${B}/months/${month}/charts/categories${toQueryString({ orgId, page, pageSize })}`,
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
      api.get<MovementChart>(
        `${B}/charts/movement${toQueryString({ orgId, from, to, page: pageParam, pageSize })}`,
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
      api.get<z.infer<typeof integrationKeyListResponse>>(
        `${B}/integration-keys${toQueryString({ orgId, page, pageSize })}`,
        { signal },
      ),
    placeholderData: keepPreviousData,
  });
}

export function useIssueKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof integrationKeyCreateBody>) =>
      api.post<IntegrationKeyCreated>(`${B}/integration-keys`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keysKey }),
  });
}

export function useRevokeKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: number; reason: string }) =>
      api.post<IntegrationKey>(`${B}/integration-keys/${id}/revoke`, { reason }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keysKey }),
  });
}
