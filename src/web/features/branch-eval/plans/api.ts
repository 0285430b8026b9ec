/**
 * The calls of the plan pages (SPEC §3 指标库, 季度指标方案): the indicator library with its Excel
 * template, import and export; templates; the quarter's plans — generate, copy, tailor, approve
 * one or all at once, reopen. Every write refreshes the whole branch-eval cache (plans feed the
 * month sheets and rankings) and the to-do list.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  IndicatorImportResult,
  IndicatorView,
  PlanDetail,
  planSettings,
} from '../../../../contracts/branch-eval.js';
import type { EndpointInput, EndpointOutput } from '../../../../contracts/endpoint.js';
import type { Category } from '../../../../domain/branch-eval/indicators.js';
import { call, callDownload, callUpload } from '../../../api/call.js';
import { beLibraryApi, bePlansApi } from '../../../api/endpoints.js';
import type { TailorChanges } from '../../../lib/be-plans.js';

export type IndicatorList = EndpointOutput<typeof beLibraryApi.listIndicators>;
export type IndicatorOption = EndpointOutput<typeof bePlansApi.indicatorOptions>['items'][number];
export type TemplateView = EndpointOutput<typeof beLibraryApi.getTemplate>;
export type PlanList = EndpointOutput<typeof bePlansApi.list>;
export type PlanSummary = PlanList['items'][number];
export type PlanState = PlanSummary['state'];
export type PlanBatch = EndpointOutput<typeof bePlansApi.generate>;
export type QuarterApproval = EndpointOutput<typeof bePlansApi.approveQuarter>;
export type PlanSettings = z.infer<typeof planSettings>;
export type { IndicatorImportResult, IndicatorView, PlanDetail };

/** Everything of the module sits under this key: one write refreshes what it affects. */
const beKey = ['branch-eval'] as const;
const plansKey = [...beKey, 'plans'] as const;

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

// ── the indicator library (指标库) ───────────────────────────────────────────────────────

export interface IndicatorFilters {
  category?: Category | undefined;
  active?: 'true' | 'false' | undefined;
  q?: string | undefined;
}

export function useIndicators(orgId: number | null, f: IndicatorFilters, page: number, pageSize: number) {
  const q = { orgId, category: f.category, active: f.active, q: f.q, page, pageSize };
  return useQuery({
    queryKey: [...plansKey, 'indicators', q],
    queryFn: ({ signal }) =>
      call(
        beLibraryApi.listIndicators,
        { query: { ...q, orgId: orgId ?? undefined, q: f.q || undefined } },
        { signal },
      ),
    enabled: orgId != null,
    placeholderData: keepPreviousData,
  });
}

export const useCreateIndicator = () =>
  useBeMutation((body: EndpointInput<typeof beLibraryApi.createIndicator>['body']) =>
    call(beLibraryApi.createIndicator, { body }),
  );

export const useUpdateIndicator = () =>
  useBeMutation(
    ({ id, body }: { id: number; body: EndpointInput<typeof beLibraryApi.updateIndicator>['body'] }) =>
      call(beLibraryApi.updateIndicator, { params: { id }, body }),
  );

export const downloadIndicatorTemplate = (fallback: string) =>
  callDownload(beLibraryApi.indicatorTemplate, {}, fallback);
export const exportIndicators = (orgId: number, fallback: string) =>
  callDownload(beLibraryApi.exportIndicators, { query: { orgId } }, fallback);

/** Checks (preview: writes nothing) or imports (commit: all rows or none) a library sheet. */
export function importIndicators(orgId: number, step: 'preview' | 'commit', file: File) {
  const ep = step === 'preview' ? beLibraryApi.importPreview : beLibraryApi.importCommit;
  return callUpload(ep, { query: { orgId } }, file, file.name);
}

/** The library indicators a plan or template of the org can take (its own and its ancestors'). */
export function useIndicatorOptions(
  orgId: number | null,
  category: Category | undefined,
  q: string | undefined,
  page: number,
  pageSize: number,
  enabled = true,
) {
  const query = { orgId, category, q, page, pageSize };
  return useQuery({
    queryKey: [...plansKey, 'options', query],
    queryFn: ({ signal }) =>
      call(
        bePlansApi.indicatorOptions,
        { query: { ...query, orgId: orgId ?? undefined, q: q || undefined } },
        { signal },
      ),
    enabled: enabled && orgId != null,
    placeholderData: keepPreviousData,
  });
}

// ── templates ───────────────────────────────────────────────────────────────────────────

export function useTemplates(orgId: number | null, page: number, pageSize: number, enabled = true) {
  return useQuery({
    queryKey: [...plansKey, 'templates', orgId ?? 0, page, pageSize],
    queryFn: ({ signal }) =>
      call(beLibraryApi.listTemplates, { query: { orgId: orgId ?? undefined, page, pageSize } }, { signal }),
    enabled: enabled && orgId != null,
    placeholderData: keepPreviousData,
  });
}

export const useCreateTemplate = () =>
  useBeMutation((body: EndpointInput<typeof beLibraryApi.createTemplate>['body']) =>
    call(beLibraryApi.createTemplate, { body }),
  );

export const useUpdateTemplate = () =>
  useBeMutation(
    ({ id, body }: { id: number; body: EndpointInput<typeof beLibraryApi.updateTemplate>['body'] }) =>
      call(beLibraryApi.updateTemplate, { params: { id }, body }),
  );

// ── quarter plans (季度指标方案) ─────────────────────────────────────────────────────────

export function usePlans(
  orgId: number | null,
  quarter: string | null,
  state: PlanState | undefined,
  page: number,
  pageSize: number,
) {
  const q = { orgId, quarter, state, page, pageSize };
  return useQuery({
    queryKey: [...plansKey, 'list', q],
    queryFn: ({ signal }) =>
      call(
        bePlansApi.list,
        { query: { ...q, orgId: orgId ?? undefined, quarter: quarter ?? '' } },
        { signal },
      ),
    enabled: orgId != null && quarter != null,
    placeholderData: keepPreviousData,
  });
}

/** How many plans a quarter has, and how many are drafts (two one-row pages: only the totals count). */
export function usePlanCounts(orgId: number | null, quarter: string | null) {
  return useQuery({
    queryKey: [...plansKey, 'counts', orgId ?? 0, quarter ?? ''],
    queryFn: async ({ signal }) => {
      const base = { orgId: orgId ?? undefined, quarter: quarter ?? '', pageSize: 1 };
      const [all, drafts] = await Promise.all([
        call(bePlansApi.list, { query: base }, { signal }),
        call(bePlansApi.list, { query: { ...base, state: 'draft' } }, { signal }),
      ]);
      return { total: all.total, drafts: drafts.total };
    },
    enabled: orgId != null && quarter != null,
  });
}

export function usePlan(id: number | null) {
  return useQuery({
    queryKey: [...plansKey, 'plan', id ?? 0],
    queryFn: ({ signal }) => call(bePlansApi.get, { params: { id: id ?? 0 } }, { signal }),
    enabled: id != null,
  });
}

/** A branch's plan for a quarter (a secretary's view: the round is not needed). */
export function useBranchPlan(branchId: number | null, quarter: string | null) {
  return useQuery({
    queryKey: [...plansKey, 'branch', branchId ?? 0, quarter ?? ''],
    queryFn: ({ signal }) =>
      call(
        bePlansApi.branchPlan,
        { params: { branchId: branchId ?? 0, quarter: quarter ?? '' } },
        { signal },
      ),
    enabled: branchId != null && quarter != null,
    retry: false,
  });
}

export const useGeneratePlans = () =>
  useBeMutation((body: EndpointInput<typeof bePlansApi.generate>['body']) =>
    call(bePlansApi.generate, { body }),
  );

export const useCopyPlans = () =>
  useBeMutation((body: EndpointInput<typeof bePlansApi.copy>['body']) => call(bePlansApi.copy, { body }));

export const useApproveQuarter = () =>
  useBeMutation((body: EndpointInput<typeof bePlansApi.approveQuarter>['body']) =>
    call(bePlansApi.approveQuarter, { body }),
  );

export const useTailorPlan = () =>
  useBeMutation(({ id, changes, note }: { id: number; changes: TailorChanges; note?: string }) =>
    call(bePlansApi.tailor, { params: { id }, body: { ...changes, ...(note ? { note } : {}) } }),
  );

export const usePlanStep = () =>
  useBeMutation(({ id, action, reason }: { id: number; action: 'approve' | 'reopen'; reason?: string }) =>
    call(action === 'approve' ? bePlansApi.approve : bePlansApi.reopen, {
      params: { id },
      body: reason ? { reason } : {},
    }),
  );
