import { keepPreviousData, skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AppealView,
  actionListQuery,
  activityCreateBody,
  appealListQuery,
  boardQuery,
  boardResponse,
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
import { call, callDownload, callUpload } from '../../api/call.js';
import { pointsApi, pointsIoApi, pointsYearApi } from '../../api/endpoints.js';
import { fileUrl as storedFileUrl, uploadEvidence as uploadFile } from '../files/api.js';
import { myPointsQuery, pointsKey, schemesQuery } from './queries.js';

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

/** Everything of the module sits under this key, so one write can refresh what it affects. */
export { pointsKey };

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
  return useQuery({ ...schemesQuery, enabled });
}

export function useScheme(id: number | null | undefined) {
  return useQuery({
    queryKey: [...pointsKey, 'scheme', id ?? 0],
    queryFn: ({ signal }) => call(pointsApi.getScheme, { params: { id: id ?? 0 } }, { signal }),
    enabled: id != null && id > 0,
  });
}

export const useCreateScheme = () =>
  usePointsMutation((body: z.input<typeof schemeCreateBody>) => call(pointsApi.createScheme, { body }));

export const useSaveDraft = () =>
  usePointsMutation(({ id, body }: { id: number; body: z.input<typeof schemeDraftBody> }) =>
    call(pointsApi.saveDraft, { params: { id }, body }),
  );

export const useAdoptDraft = () =>
  usePointsMutation((id: number) => call(pointsApi.adoptDraft, { params: { id } }));

/** Scores a year's approved entries with the draft and with the version in force; stores nothing. */
export function useTrial() {
  return useMutation({
    mutationFn: ({ id, year }: { id: number; year?: number }) =>
      call(pointsApi.trial, { params: { id }, body: year ? { year } : {} }),
  });
}

export const downloadItemsTemplate = (fallback: string) =>
  callDownload(pointsIoApi.itemsTemplate, {}, fallback);
export const exportItems = (id: number, fallback: string) =>
  callDownload(pointsIoApi.exportItems, { params: { id } }, fallback);
export const downloadEntriesTemplate = (id: number, fallback: string) =>
  callDownload(pointsIoApi.entriesTemplate, { params: { id } }, fallback);

const importEndpoints = {
  items: { preview: pointsIoApi.previewItems, commit: pointsIoApi.commitItems },
  entries: { preview: pointsIoApi.previewEntries, commit: pointsIoApi.commitEntries },
} as const;

/** Checks (preview) or imports (commit) an items or entries sheet of a scheme. */
export function importSheet(id: number, kind: 'items' | 'entries', step: 'preview' | 'commit', file: File) {
  return callUpload(importEndpoints[kind][step], { params: { id } }, file, file.name);
}

// ── entries ─────────────────────────────────────────────────────────────────────────────

function entryQuery(f: EntryFilters) {
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
    activityId: f.activityId,
    overdueOnly: f.overdueOnly === 'true' ? ('true' as const) : undefined,
  };
}

export function useEntries(f: EntryFilters, page: number, pageSize: number, enabled = true) {
  const q = entryQuery(f);
  return useQuery({
    queryKey: [...pointsKey, 'entries', q, page, pageSize],
    queryFn: ({ signal }) => call(pointsApi.listEntries, { query: { ...q, page, pageSize } }, { signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useEntry(id: number | null) {
  return useQuery({
    queryKey: [...pointsKey, 'entry', id ?? 0],
    queryFn: ({ signal }) => call(pointsApi.getEntry, { params: { id: id ?? 0 } }, { signal }),
    enabled: id != null,
  });
}

export const useCreateEntry = () =>
  usePointsMutation((body: z.input<typeof entryCreateBody>) => call(pointsApi.createEntry, { body }));

export const useUpdateEntry = () =>
  usePointsMutation(({ id, body }: { id: number; body: z.input<typeof entryUpdateBody> }) =>
    call(pointsApi.updateEntry, { params: { id }, body }),
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
      call(pointsApi.entryAction, {
        params: { id },
        body: { action, rowVersion, ...(reason ? { reason } : {}) },
      }),
  );

export const useBulkAction = () =>
  usePointsMutation(({ ids, action, reason }: { ids: number[]; action: EntryAction; reason?: string }) =>
    call(pointsApi.bulkAction, { body: { ids, action, ...(reason ? { reason } : {}) } }),
  );

export const useDeclare = () =>
  usePointsMutation((body: z.input<typeof declarationBody>) => call(pointsApi.declare, { body }));

export const useCreateActivity = () =>
  usePointsMutation((body: z.input<typeof activityCreateBody>) => call(pointsApi.createActivity, { body }));

export function useReviewCounts(orgId: number | undefined, enabled = true) {
  return useQuery({
    queryKey: [...pointsKey, 'review-counts', orgId ?? 0],
    queryFn: ({ signal }) => call(pointsApi.reviewCounts, { query: { orgId } }, { signal }),
    enabled,
  });
}

/** Uploads one evidence file for an org (the branch the entry belongs to). */
export function uploadEvidence(orgId: number, file: File) {
  return uploadFile(orgId, file);
}

/** Where a stored file is served (inline for images and PDF). */
export const fileUrl = storedFileUrl;

// ── quarters, boards, explanations ─────────────────────────────────────────────────────

export function useQuarter(schemeId: number | undefined, quarter: string | undefined) {
  return useQuery({
    queryKey: [...pointsKey, 'quarter', schemeId ?? 0, quarter ?? ''],
    queryFn: ({ signal }) =>
      call(pointsApi.getQuarter, { params: { id: schemeId ?? 0, quarter: quarter ?? '' } }, { signal }),
    enabled: schemeId != null && !!quarter,
  });
}

const quarterSteps = {
  close: pointsApi.closeQuarter,
  reopen: pointsApi.reopenQuarter,
  publish: pointsApi.publishQuarter,
} as const;

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
    }) => call(quarterSteps[action], { params: { id: schemeId, quarter }, body: reason ? { reason } : {} }),
  );

export type BoardQuery = Omit<z.infer<typeof boardQuery>, 'page' | 'pageSize'>;

export function useBoard(q: BoardQuery | null, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...pointsKey, 'board', q, page, pageSize],
    queryFn: q
      ? ({ signal }) => call(pointsApi.board, { query: { ...q, page, pageSize } }, { signal })
      : skipToken,
    placeholderData: keepPreviousData,
  });
}

/** Every row of a board, page by page (200 a call): what printing prints. */
export async function fetchWholeBoard(q: BoardQuery): Promise<BoardRow[]> {
  const pageSize = 200;
  const first = await call(pointsApi.board, { query: { ...q, page: 1, pageSize } });
  const rows = [...first.items];
  for (let page = 2; (page - 1) * pageSize < first.total; page++) {
    rows.push(...(await call(pointsApi.board, { query: { ...q, page, pageSize } })).items);
  }
  return rows;
}

export const exportBoard = (q: BoardQuery, fallback: string) =>
  callDownload(pointsIoApi.exportBoard, { query: q }, fallback);

export function useExplain(target: { schemeId: number; quarter: string; memberId: number } | null) {
  return useQuery({
    queryKey: [...pointsKey, 'explain', target],
    queryFn: target
      ? ({ signal }) =>
          call(
            pointsApi.explain,
            { params: { id: target.schemeId, quarter: target.quarter, memberId: target.memberId } },
            { signal },
          )
      : skipToken,
  });
}

export function useMyPoints(year?: number) {
  return useQuery(myPointsQuery(year));
}

export function useMyYear(schemeId: number | undefined) {
  return useQuery({
    queryKey: [...pointsKey, 'my-year', schemeId ?? 0],
    queryFn: ({ signal }) => call(pointsYearApi.myYear, { params: { id: schemeId ?? 0 } }, { signal }),
    enabled: schemeId != null,
  });
}

// ── the year's tiers and their actions ───────────────────────────────────────────────────

export function useYear(schemeId: number | undefined) {
  return useQuery({
    queryKey: [...pointsKey, 'year', schemeId ?? 0],
    queryFn: ({ signal }) => call(pointsYearApi.getYear, { params: { id: schemeId ?? 0 } }, { signal }),
    enabled: schemeId != null,
  });
}

export const useComputeYear = () =>
  usePointsMutation((schemeId: number) => call(pointsYearApi.computeYear, { params: { id: schemeId } }));

const yearSteps = {
  submit: pointsYearApi.submitYear,
  return: pointsYearApi.returnYear,
  approve: pointsYearApi.approveYear,
  publish: pointsYearApi.publishYear,
} as const;

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
    }) => call(yearSteps[action], { params: { id: schemeId }, body: reason ? { reason } : {} }),
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
      call(
        pointsYearApi.results,
        { params: { id: schemeId ?? 0 }, query: { ...f, page, pageSize } },
        { signal },
      ),
    enabled: enabled && schemeId != null,
    placeholderData: keepPreviousData,
  });
}

export const exportYearResults = (schemeId: number, f: YearResultsFilters, fallback: string) =>
  callDownload(pointsIoApi.exportYearResults, { params: { id: schemeId }, query: f }, fallback);

export function useTierActions(q: Partial<z.infer<typeof actionListQuery>>, enabled = true) {
  return useQuery({
    queryKey: [...pointsKey, 'actions', q],
    queryFn: ({ signal }) => call(pointsYearApi.listActions, { query: q }, { signal }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export const useCompleteAction = () =>
  usePointsMutation(({ id, note }: { id: number; note: string }) =>
    call(pointsYearApi.completeAction, { params: { id }, body: { note } }),
  );

// ── appeals ─────────────────────────────────────────────────────────────────────────────

export function useAppeals(q: Partial<z.infer<typeof appealListQuery>>, enabled = true) {
  return useQuery({
    queryKey: [...pointsKey, 'appeals', q],
    queryFn: ({ signal }) => call(pointsApi.listAppeals, { query: q }, { signal }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export const useCreateAppeal = () =>
  usePointsMutation(({ entryId, reason }: { entryId: number; reason: string }) =>
    call(pointsApi.createAppeal, { body: { entryId, reason } }),
  );

export const useAppealAction = () =>
  usePointsMutation(
    ({ id, action, reason }: { id: number; action: 'uphold' | 'dismiss' | 'withdraw'; reason?: string }) =>
      call(pointsApi.appealAction, { params: { id }, body: { action, ...(reason ? { reason } : {}) } }),
  );
