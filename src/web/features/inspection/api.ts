import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { EndpointInput } from '../../../contracts/endpoint.js';
import type {
  campaignCreateBody,
  campaignUpdateBody,
  criteriaBody,
  findingBody,
  rectificationCreateBody,
  selfCheckBody,
  weightsBody,
} from '../../../contracts/inspection.js';
import { call, callDownload, callUpload } from '../../api/call.js';
import { inspectionApi as api } from '../../api/endpoints.js';

/** Query hooks of the annual inspection; every call goes through the endpoint table. */
const key = (...parts: unknown[]) => ['inspection', ...parts] as const;

function useDone() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: ['inspection'] });
}

export const useCampaigns = () =>
  useQuery({ queryKey: key('list'), queryFn: () => call(api.list, { query: {} }) });
export const useCampaign = (id: number) =>
  useQuery({
    queryKey: key('campaign', id),
    queryFn: () => call(api.get, { params: { id } }),
    enabled: id > 0,
  });
export const useCandidates = (id: number, enabled: boolean) =>
  useQuery({
    queryKey: key('candidates', id),
    queryFn: () => call(api.candidates, { params: { id } }),
    enabled,
  });

export function useCreateCampaign() {
  const done = useDone();
  return useMutation({
    mutationFn: (body: z.input<typeof campaignCreateBody>) => call(api.create, { body }),
    onSuccess: done,
  });
}
export function useUpdateCampaign(id: number) {
  const done = useDone();
  return useMutation({
    mutationFn: (body: z.input<typeof campaignUpdateBody>) => call(api.update, { params: { id }, body }),
    onSuccess: done,
  });
}
export function useSetInspectors(id: number) {
  const done = useDone();
  return useMutation({
    mutationFn: (userIds: number[]) => call(api.setInspectors, { params: { id }, body: { userIds } }),
    onSuccess: done,
  });
}
export function useSetUnits(id: number) {
  const done = useDone();
  return useMutation({
    mutationFn: (orgIds: number[]) => call(api.setUnits, { params: { id }, body: { orgIds } }),
    onSuccess: done,
  });
}
export function useTransition(id: number) {
  const done = useDone();
  return useMutation({
    mutationFn: (action: EndpointInput<typeof api.transition>['body']['action']) =>
      call(api.transition, { params: { id }, body: { action } }),
    onSuccess: done,
  });
}
export function useSaveWeights(id: number) {
  const done = useDone();
  return useMutation({
    mutationFn: (body: z.input<typeof weightsBody>) => call(api.saveWeights, { params: { id }, body }),
    onSuccess: done,
  });
}
export function useSetCriteria(id: number) {
  const done = useDone();
  return useMutation({
    mutationFn: (body: z.input<typeof criteriaBody>) => call(api.setCriteria, { params: { id }, body }),
    onSuccess: done,
  });
}
export function useImportCriteria(id: number) {
  const done = useDone();
  return useMutation({
    mutationFn: ({ file, commit }: { file: File; commit: boolean }) =>
      callUpload(
        commit ? api.criteriaImportCommit : api.criteriaImportPreview,
        { params: { id } },
        file,
        file.name,
      ),
    onSuccess: done,
  });
}
export const downloadCriteria = (id: number) =>
  callDownload(api.criteriaXlsx, { params: { id } }, '考核细则.xlsx');
export const downloadResults = (id: number) =>
  callDownload(api.resultsXlsx, { params: { id } }, '考评结果.xlsx');

export const useSelfCheck = (id: number, unitId: number) =>
  useQuery({
    queryKey: key('self', id, unitId),
    queryFn: () => call(api.selfCheck, { params: { id, unitId } }),
  });
/** Records of the unit's own branches its self-check may link (only for its self-checkers). */
export const useEvidenceRecords = (id: number, unitId: number, enabled: boolean) =>
  useQuery({
    queryKey: key('records', id, unitId),
    queryFn: () => call(api.evidenceRecords, { params: { id, unitId } }),
    enabled,
  });
export function useSaveSelfCheck(id: number, unitId: number) {
  const done = useDone();
  return useMutation({
    mutationFn: (body: z.input<typeof selfCheckBody>) =>
      call(api.saveSelfCheck, { params: { id, unitId }, body }),
    onSuccess: done,
  });
}

export const useUnitInspection = (id: number, unitId: number) =>
  useQuery({
    queryKey: key('unit', id, unitId),
    queryFn: () => call(api.unitInspection, { params: { id, unitId } }),
  });
export function useSaveHearing(id: number, unitId: number) {
  const done = useDone();
  return useMutation({
    mutationFn: (body: { score: number; note?: string }) =>
      call(api.saveHearing, { params: { id, unitId }, body }),
    onSuccess: done,
  });
}
export function useAddFinding(id: number, unitId: number) {
  const done = useDone();
  return useMutation({
    mutationFn: (body: z.input<typeof findingBody>) => call(api.addFinding, { params: { id, unitId }, body }),
    onSuccess: done,
  });
}
export function useDeleteFinding() {
  const done = useDone();
  return useMutation({
    mutationFn: (findingId: number) => call(api.deleteFinding, { params: { id: findingId } }),
    onSuccess: done,
  });
}
export function useReviewDone(id: number, unitId: number) {
  const done = useDone();
  return useMutation({ mutationFn: () => call(api.reviewDone, { params: { id, unitId } }), onSuccess: done });
}
export function useCreateRectification() {
  const done = useDone();
  return useMutation({
    mutationFn: ({ findingId, body }: { findingId: number; body: z.input<typeof rectificationCreateBody> }) =>
      call(api.createRectification, { params: { id: findingId }, body }),
    onSuccess: done,
  });
}
export const useRectifications = (state?: 'open' | 'closed') =>
  useQuery({
    queryKey: key('rect', state ?? 'all'),
    queryFn: () => call(api.rectifications, { query: state ? { state } : {} }),
  });
export function useCloseRectification() {
  const done = useDone();
  return useMutation({
    mutationFn: ({ id, note }: { id: number; note: string }) =>
      call(api.closeRectification, { params: { id }, body: { note } }),
    onSuccess: done,
  });
}

export const useResults = (id: number) =>
  useQuery({ queryKey: key('results', id), queryFn: () => call(api.results, { params: { id } }) });
export const useUnitResult = (id: number, unitId: number | null) =>
  useQuery({
    queryKey: key('unitResult', id, unitId),
    queryFn: () => call(api.unitResult, { params: { id, unitId: unitId ?? 0 } }),
    enabled: unitId !== null,
  });
export const useComponentChart = (id: number) =>
  useQuery({ queryKey: key('chart', id), queryFn: () => call(api.chart, { params: { id } }) });
