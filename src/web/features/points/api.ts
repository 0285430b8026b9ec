import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { FileInfo } from '../../../contracts/files.js';
import type {
  AppealView,
  actionListQuery,
  actionListResponse,
  activityCreateBody,
  appealListQuery,
  appealListResponse,
  boardQuery,
  boardResponse,
  bulkActionResponse,
  declarationBody,
  EntryView,
  entryAction,
  entryCreateBody,
  entryListQuery,
  entryListResponse,
  entryUpdateBody,
  explainResponse,
  myPointsResponse,
  myYearResponse,
  PointsImportResult,
  quarterView,
  reviewCountsResponse,
  SchemeDetail,
  schemeCreateBody,
  schemeDraftBody,
  schemeListResponse,
  TierActionView,
  TrialResponse,
  YearView,
  yearResultsQuery,
  yearResultsResponse,
} from '../../../contracts/points.js';
import { api } from '../../api/client.js';
import { toQueryString } from '../../lib/format.js';

export type SchemeSummary = z.infer<typeof schemeListResponse>['items'][number];
export type EntryAction = z.infer<typeof entryAction>;
export type EntryList = z.infer<typeof entryListResponse>;
type EntryListQuery = z.infer<typeof entryListQuery>;
/** The list's filters (the query without paging); ids as numbers, flags as the API's strings. */
export type EntryFilters = Partial<Omit<EntryListQuery, 'page' | 'pageSize'>>;
export type Board = z.infer<typeof boardResponse>;
export type BoardRow = Board['items'][number];
export type Explain = z.infer<typeof explainResponse>;
export type MyPoints = z.infer<typeof myPointsResponse>;
export type MyYear = z.infer<typeof myYearResponse>;
export type QuarterView = z.infer<typeof quarterView>;
export type ReviewCounts = z.infer<typeof reviewCountsResponse>;
export type YearResults = z.infer<typeof yearResultsResponse>;
export type {
  AppealView,
  EntryView,
  PointsImportResult,
  SchemeDetail,
  TierActionView,
  TrialResponse,
  YearView,
};

const P = '/points';

/** Everything of the module sits under this key, so one write can refresh what it affects. */
export const pointsKey = ['points'] as const;

function useInvalidatePoints() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: pointsKey });
    // The to-do list counts what waits in the points module.
    void qc.invalidateQueries({ queryKey: ['todo'] });
  };
}

function usePointsMutation<V, R>(fn: (v: V) => Promise<R>) {
  const done = useInvalidatePoints();
  return useMutation({ mutationFn: fn, onSuccess: done });
}

// ── schemes ─────────────────────────────────────────────────────────────────────────────

export function useSchemes(enabled = true) {
  return useQuery({
    queryKey: [...pointsKey, 'schemes'],
    queryFn: ({ signal }) =>
      api.get<z.infer<typeof schemeListResponse>>(`${P}/schemes`, { signal }).then((r) => r.items),
    staleTime: 60_000,
    enabled,
  });
}

export function useScheme(id: number | null | undefined) {
  return useQuery({
    queryKey: [...pointsKey, 'scheme', id ?? 0],
    queryFn: ({ signal }) => api.get<SchemeDetail>(`${P}/schemes/${id}`, { signal }),
    enabled: id != null && id > 0,
  });
}

export const useCreateScheme = () =>
  usePointsMutation((body: z.input<typeof schemeCreateBody>) => api.post<SchemeDetail>(`${P}/schemes`, body));

export const useSaveDraft = () =>
  usePointsMutation(({ id, body }: { id: number; body: z.input<typeof schemeDraftBody> }) =>
    api.put<SchemeDetail>(`${P}/schemes/${id}/draft`, body),
  );

export const useAdoptDraft = () =>
  usePointsMutation((id: number) => api.post<SchemeDetail>(`${P}/schemes/${id}/adopt`, {}));

/** Scores a year's approved entries with the draft and with the version in force; stores nothing. */
export function useTrial() {
  return useMutation({
    mutationFn: ({ id, year }: { id: number; year?: number }) =>
      api.post<TrialResponse>(`${P}/schemes/${id}/trial`, year ? { year } : {}),
  });
}

export const downloadItemsTemplate = (fallback: string) =>
  api.download(`${P}/templates/items.xlsx`, fallback);
export const exportItems = (id: number, fallback: string) =>
  api.download(`${P}/schemes/${id}/items/export.xlsx`, fallback);
export const downloadEntriesTemplate = (id: number, fallback: string) =>
  api.download(`${P}/schemes/${id}/templates/entries.xlsx`, fallback);

/** Checks (preview) or imports (commit) an items or entries sheet of a scheme. */
export function importSheet(id: number, kind: 'items' | 'entries', step: 'preview' | 'commit', file: File) {
  return api.upload<PointsImportResult>(`${P}/schemes/${id}/${kind}/import/${step}`, file, file.name);
}

// ── entries ─────────────────────────────────────────────────────────────────────────────

function entryQuery(f: EntryFilters): Record<string, string | number | undefined> {
  return {
    schemeId: f.schemeId,
    orgId: f.orgId,
    memberId: f.memberId,
    state: f.state,
    kind: f.kind,
    quarter: f.quarter,
    week: f.week,
    itemCode: f.itemCode,
    dimension: f.dimension,
    overdueOnly: f.overdueOnly === 'true' ? 'true' : undefined,
  };
}

export function useEntries(f: EntryFilters, page: number, pageSize: number, enabled = true) {
  const q = entryQuery(f);
  return useQuery({
    queryKey: [...pointsKey, 'entries', q, page, pageSize],
    queryFn: ({ signal }) =>
      api.get<EntryList>(`${P}/entries${toQueryString({ ...q, page, pageSize })}`, { signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useEntry(id: number | null) {
  return useQuery({
    queryKey: [...pointsKey, 'entry', id ?? 0],
    queryFn: ({ signal }) => api.get<EntryView>(`${P}/entries/${id}`, { signal }),
    enabled: id != null,
  });
}

export const useCreateEntry = () =>
  usePointsMutation((body: z.input<typeof entryCreateBody>) => api.post<EntryView>(`${P}/entries`, body));

export const useUpdateEntry = () =>
  usePointsMutation(({ id, body }: { id: number; body: z.input<typeof entryUpdateBody> }) =>
    api.patch<EntryView>(`${P}/entries/${id}`, body),
  );

export const useEntryAction = () =>
  usePointsMutation(
    ({
      id,
      action,
      reason,
      rowVersion,
    }: {
      id: number;
      action: EntryAction;
      reason?: string;
      rowVersion: number;
    }) =>
      api.post<EntryView>(`${P}/entries/${id}/actions`, {
        action,
        rowVersion,
        ...(reason ? { reason } : {}),
      }),
  );

export const useBulkAction = () =>
  usePointsMutation(({ ids, action, reason }: { ids: number[]; action: EntryAction; reason?: string }) =>
    api.post<z.infer<typeof bulkActionResponse>>(`${P}/entries/bulk`, {
      ids,
      action,
      ...(reason ? { reason } : {}),
    }),
  );

export const useDeclare = () =>
  usePointsMutation((body: z.input<typeof declarationBody>) =>
    api.post<EntryView>(`${P}/declarations`, body),
  );

export const useCreateActivity = () =>
  usePointsMutation((body: z.input<typeof activityCreateBody>) =>
    api.post<{ activityId: number; entryIds: number[] }>(`${P}/activities`, body),
  );

export function useReviewCounts(orgId: number | undefined, enabled = true) {
  return useQuery({
    queryKey: [...pointsKey, 'review-counts', orgId ?? 0],
    queryFn: ({ signal }) =>
      api.get<ReviewCounts>(`${P}/review/counts${toQueryString({ orgId })}`, { signal }),
    enabled,
  });
}

/** Uploads one evidence file for an org (the branch the entry belongs to). */
export function uploadEvidence(orgId: number, file: File) {
  return api.upload<FileInfo>('/files', file, file.name, { fields: { orgId: String(orgId) } });
}

/** Where a stored file is served (inline for images and PDF). */
export const fileUrl = (id: number) => `/api/v1/files/${id}`;

// ── quarters, boards, explanations ─────────────────────────────────────────────────────

export function useQuarter(schemeId: number | undefined, quarter: string | undefined) {
  return useQuery({
    queryKey: [...pointsKey, 'quarter', schemeId ?? 0, quarter ?? ''],
    queryFn: ({ signal }) => api.get<QuarterView>(`${P}/schemes/${schemeId}/quarters/${quarter}`, { signal }),
    enabled: schemeId != null && !!quarter,
  });
}

export const useQuarterAction = () =>
  usePointsMutation(
    ({
      schemeId,
      quarter,
      action,
      reason,
    }: {
      schemeId: number;
      quarter: string;
      action: 'close' | 'reopen' | 'publish';
      reason?: string;
    }) =>
      api.post<QuarterView>(
        `${P}/schemes/${schemeId}/quarters/${quarter}/${action}`,
        reason ? { reason } : {},
      ),
  );

export type BoardQuery = Omit<z.infer<typeof boardQuery>, 'page' | 'pageSize'>;

export function useBoard(q: BoardQuery | null, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...pointsKey, 'board', q, page, pageSize],
    queryFn: ({ signal }) =>
      api.get<Board>(`${P}/board${toQueryString({ ...(q ?? {}), page, pageSize })}`, { signal }),
    enabled: q != null,
    placeholderData: keepPreviousData,
  });
}

export const exportBoard = (q: BoardQuery, fallback: string) =>
  api.download(`${P}/board/export.xlsx${toQueryString({ ...q })}`, fallback);

export function useExplain(target: { schemeId: number; quarter: string; memberId: number } | null) {
  return useQuery({
    queryKey: [...pointsKey, 'explain', target],
    queryFn: ({ signal }) =>
      api.get<Explain>(
        `${P}/schemes/${target?.schemeId}/quarters/${target?.quarter}/members/${target?.memberId}/explain`,
        { signal },
      ),
    enabled: target != null,
  });
}

export function useMyPoints(year?: number) {
  return useQuery({
    queryKey: [...pointsKey, 'me', year ?? 0],
    queryFn: ({ signal }) => api.get<MyPoints>(`${P}/me${toQueryString({ year })}`, { signal }),
  });
}

export function useMyYear(schemeId: number | undefined) {
  return useQuery({
    queryKey: [...pointsKey, 'my-year', schemeId ?? 0],
    queryFn: ({ signal }) => api.get<MyYear>(`${P}/schemes/${schemeId}/year/me`, { signal }),
    enabled: schemeId != null,
  });
}

// ── the year's tiers and their actions ───────────────────────────────────────────────────

export function useYear(schemeId: number | undefined) {
  return useQuery({
    queryKey: [...pointsKey, 'year', schemeId ?? 0],
    queryFn: ({ signal }) => api.get<YearView>(`${P}/schemes/${schemeId}/year`, { signal }),
    enabled: schemeId != null,
  });
}

export const useComputeYear = () =>
  usePointsMutation((schemeId: number) => api.post<YearView>(`${P}/schemes/${schemeId}/year/compute`, {}));

export const useYearAction = () =>
  usePointsMutation(
    ({
      schemeId,
      action,
      reason,
    }: {
      schemeId: number;
      action: 'submit' | 'return' | 'approve' | 'publish';
      reason?: string;
    }) => api.post<YearView>(`${P}/schemes/${schemeId}/year/${action}`, reason ? { reason } : {}),
  );

export type YearResultsFilters = Partial<Omit<z.infer<typeof yearResultsQuery>, 'page' | 'pageSize'>>;

export function useYearResults(
  schemeId: number | undefined,
  f: YearResultsFilters,
  page: number,
  pageSize: number,
  enabled = true,
) {
  return useQuery({
    queryKey: [...pointsKey, 'year-results', schemeId ?? 0, f, page, pageSize],
    queryFn: ({ signal }) =>
      api.get<YearResults>(
        `${P}/schemes/${schemeId}/year/results${toQueryString({ ...f, page, pageSize })}`,
        {
          signal,
        },
      ),
    enabled: enabled && schemeId != null,
    placeholderData: keepPreviousData,
  });
}

export const exportYearResults = (schemeId: number, f: YearResultsFilters, fallback: string) =>
  api.download(`${P}/schemes/${schemeId}/year/results/export.xlsx${toQueryString({ ...f })}`, fallback);

export function useTierActions(q: Partial<z.infer<typeof actionListQuery>>, enabled = true) {
  return useQuery({
    queryKey: [...pointsKey, 'actions', q],
    queryFn: ({ signal }) =>
      api.get<z.infer<typeof actionListResponse>>(`${P}/actions${toQueryString({ ...q })}`, { signal }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export const useCompleteAction = () =>
  usePointsMutation(({ id, note }: { id: number; note: string }) =>
    api.post<TierActionView>(`${P}/actions/${id}/done`, { note }),
  );

// ── appeals ─────────────────────────────────────────────────────────────────────────────

export function useAppeals(q: Partial<z.infer<typeof appealListQuery>>, enabled = true) {
  return useQuery({
    queryKey: [...pointsKey, 'appeals', q],
    queryFn: ({ signal }) =>
      api.get<z.infer<typeof appealListResponse>>(`${P}/appeals${toQueryString({ ...q })}`, { signal }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export const useCreateAppeal = () =>
  usePointsMutation(({ entryId, reason }: { entryId: number; reason: string }) =>
    api.post<AppealView>(`${P}/appeals`, { entryId, reason }),
  );

export const useAppealAction = () =>
  usePointsMutation(
    ({ id, action, reason }: { id: number; action: 'uphold' | 'dismiss' | 'withdraw'; reason?: string }) =>
      api.post<AppealView>(`${P}/appeals/${id}/actions`, { action, ...(reason ? { reason } : {}) }),
  );
