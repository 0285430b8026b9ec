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
  indicatorCreateBody,
  indicatorListResponse,
  indicatorUpdateBody,
  PlanDetail,
  planApproveQuarterResponse,
  planBatchResponse,
  planIndicatorOptionsResponse,
  planListResponse,
  planSettings,
  templateListResponse,
  templateView,
} from '../../../../contracts/branch-eval.js';
import type { Category } from '../../../../domain/branch-eval/indicators.js';
import { api } from '../../../api/client.js';
import type { TailorChanges } from '../../../lib/be-plans.js';
import { toQueryString } from '../../../lib/format.js';

export type IndicatorList = z.infer<typeof indicatorListResponse>;
export type IndicatorOption = z.infer<typeof planIndicatorOptionsResponse>['items'][number];
export type TemplateView = z.infer<typeof templateView>;
export type PlanList = z.infer<typeof planListResponse>;
export type PlanSummary = PlanList['items'][number];
export type PlanState = PlanSummary['state'];
export type PlanBatch = z.infer<typeof planBatchResponse>;
export type QuarterApproval = z.infer<typeof planApproveQuarterResponse>;
export type PlanSettings = z.infer<typeof planSettings>;
export type { IndicatorImportResult, IndicatorView, PlanDetail };

const B = '/branch-eval';

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
    queryFn: ({ signal }) => api.get<IndicatorList>(`${B}/indicators${toQueryString(q)}`, { signal }),
    enabled: orgId != null,
    placeholderData: keepPreviousData,
  });
}

export const useCreateIndicator = () =>
  useBeMutation((body: z.input<typeof indicatorCreateBody>) =>
    api.post<IndicatorView>(`${B}/indicators`, body),
  );

export const useUpdateIndicator = () =>
  useBeMutation(({ id, body }: { id: number; body: z.input<typeof indicatorUpdateBody> }) =>
    api.patch<IndicatorView>(`${B}/indicators/${id}`, body),
  );

export const downloadIndicatorTemplate = (fallback: string) =>
  api.download(`${B}/indicators/template.xlsx`, fallback);
export const exportIndicators = (orgId: number, fallback: string) =>
  api.download(`${B}/indicators/export.xlsx${toQueryString({ orgId })}`, fallback);

/** Checks (preview: writes nothing) or imports (commit: all rows or none) a library sheet. */
export function importIndicators(orgId: number, step: 'preview' | 'commit', file: File) {
  return api.upload<IndicatorImportResult>(
    `${B}/indicators/import/${step}${toQueryString({ orgId })}`,
    file,
    file.name,
  );
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
      api.get<z.infer<typeof planIndicatorOptionsResponse>>(`${B}/plan-indicators${toQueryString(query)}`, {
        signal,
      }),
    enabled: enabled && orgId != null,
    placeholderData: keepPreviousData,
  });
}

// ── templates ───────────────────────────────────────────────────────────────────────────

export function useTemplates(orgId: number | null, page: number, pageSize: number, enabled = true) {
  return useQuery({
    queryKey: [...plansKey, 'templates', orgId ?? 0, page, pageSize],
    queryFn: ({ signal }) =>
      api.get<z.infer<typeof templateListResponse>>(
        `${B}/templates${toQueryString({ orgId, page, pageSize })}`,
        {
          signal,
        },
      ),
    enabled: enabled && orgId != null,
    placeholderData: keepPreviousData,
  });
}

export interface TemplateBody {
  name: string;
  settings: PlanSettings;
  indicators: { code: string; maxPoints: number }[];
}

export const useCreateTemplate = () =>
  useBeMutation((body: TemplateBody & { orgId: number }) => api.post<TemplateView>(`${B}/templates`, body));

export const useUpdateTemplate = () =>
  useBeMutation(({ id, body }: { id: number; body: TemplateBody }) =>
    api.patch<TemplateView>(`${B}/templates/${id}`, body),
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
    queryFn: ({ signal }) => api.get<PlanList>(`${B}/plans${toQueryString(q)}`, { signal }),
    enabled: orgId != null && quarter != null,
    placeholderData: keepPreviousData,
  });
}

/** How many plans a quarter has, and how many are drafts (two one-row pages: only the totals count). */
export function usePlanCounts(orgId: number | null, quarter: string | null) {
  return useQuery({
    queryKey: [...plansKey, 'counts', orgId ?? 0, quarter ?? ''],
    queryFn: async ({ signal }) => {
      const base = { orgId, quarter, pageSize: 1 };
      const [all, drafts] = await Promise.all([
        api.get<PlanList>(`${B}/plans${toQueryString(base)}`, { signal }),
        api.get<PlanList>(`${B}/plans${toQueryString({ ...base, state: 'draft' })}`, { signal }),
      ]);
      return { total: all.total, drafts: drafts.total };
    },
    enabled: orgId != null && quarter != null,
  });
}

export function usePlan(id: number | null) {
  return useQuery({
    queryKey: [...plansKey, 'plan', id ?? 0],
    queryFn: ({ signal }) => api.get<PlanDetail>(`${B}/plans/${id}`, { signal }),
    enabled: id != null,
  });
}

/** A branch's plan for a quarter (a secretary's view: the round is not needed). */
export function useBranchPlan(branchId: number | null, quarter: string | null) {
  return useQuery({
    queryKey: [...plansKey, 'branch', branchId ?? 0, quarter ?? ''],
    queryFn: ({ signal }) => api.get<PlanDetail>(`${B}/branches/${branchId}/plans/${quarter}`, { signal }),
    enabled: branchId != null && quarter != null,
    retry: false,
  });
}

export const useGeneratePlans = () =>
  useBeMutation((body: { templateId: number; quarter: string }) =>
    api.post<PlanBatch>(`${B}/plans/generate`, body),
  );

export const useCopyPlans = () =>
  useBeMutation((body: { orgId: number; fromQuarter: string }) =>
    api.post<PlanBatch>(`${B}/plans/copy`, body),
  );

export const useApproveQuarter = () =>
  useBeMutation((body: { orgId: number; quarter: string }) =>
    api.post<QuarterApproval>(`${B}/plans/approve-quarter`, body),
  );

export const useTailorPlan = () =>
  useBeMutation(({ id, changes, note }: { id: number; changes: TailorChanges; note?: string }) =>
    api.patch<PlanDetail>(`${B}/plans/${id}`, { ...changes, ...(note ? { note } : {}) }),
  );

export const usePlanStep = () =>
  useBeMutation(({ id, action, reason }: { id: number; action: 'approve' | 'reopen'; reason?: string }) =>
    api.post<PlanDetail>(`${B}/plans/${id}/${action}`, reason ? { reason } : {}),
  );
