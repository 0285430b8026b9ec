import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { batchBody, itemsBody, paperBody } from '../../../contracts/inspection-ballots.js';
import type { freezeBody, scoreBody } from '../../../contracts/inspection-ledger.js';
import { call } from '../../api/call.js';
import { inspectionBallotsApi, inspectionLedgerApi } from '../../api/endpoints.js';

/** Query hooks of the democratic evaluation and the ledger spot-check. */

const ballotsKey = (id: number) => ['inspection-ballots', id] as const;
const ledgerKey = (id: number) => ['inspection-ledger', id] as const;

export function useBallotOverview(campaignId: number) {
  return useQuery({
    queryKey: ballotsKey(campaignId),
    queryFn: () => call(inspectionBallotsApi.overview, { params: { id: campaignId } }),
  });
}

function useBallotMutation<V>(campaignId: number, fn: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: ballotsKey(campaignId) }),
  });
}

export const useSetItems = (id: number) =>
  useBallotMutation(id, (body: z.input<typeof itemsBody>) =>
    call(inspectionBallotsApi.setItems, { params: { id }, body }),
  );
export const useOpenBox = (id: number) =>
  useBallotMutation(id, () => call(inspectionBallotsApi.open, { params: { id } }));
export const useCloseBox = (id: number) =>
  useBallotMutation(id, () => call(inspectionBallotsApi.close, { params: { id } }));

/** Issues codes; the answer is the only place the plain codes exist. */
export function useIssueBatch(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof batchBody>) =>
      call(inspectionBallotsApi.issueBatch, { params: { id }, body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ballotsKey(id) }),
  });
}

export function useUsedCodes(id: number, unitId: number | null) {
  return useQuery({
    queryKey: [...ballotsKey(id), 'used', unitId],
    queryFn: () => call(inspectionBallotsApi.usedCodes, { params: { id, unitId: unitId ?? 0 } }),
    enabled: unitId !== null,
  });
}

export function usePaperSheets(id: number) {
  return useQuery({
    queryKey: [...ballotsKey(id), 'paper'],
    queryFn: () => call(inspectionBallotsApi.paperList, { params: { id } }),
  });
}

export function useEnterPaper(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof paperBody>) =>
      call(inspectionBallotsApi.paperEnter, { params: { id }, body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ballotsKey(id) }),
  });
}

// Public ballot
export const checkCode = (code: string) => call(inspectionBallotsApi.check, { body: { code } });
export const castBallot = (code: string, answers: Record<string, string>) =>
  call(inspectionBallotsApi.cast, { body: { code, answers } });

// Ledger
export function useLedger(id: number) {
  return useQuery({
    queryKey: ledgerKey(id),
    queryFn: () => call(inspectionLedgerApi.get, { params: { id } }),
  });
}

function useLedgerMutation<V>(id: number, fn: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ledgerKey(id) }) });
}

export const useFreeze = (id: number) =>
  useLedgerMutation(id, (body: z.input<typeof freezeBody>) =>
    call(inspectionLedgerApi.freeze, { params: { id }, body }),
  );
export const useSetSeed = (id: number) =>
  useLedgerMutation(id, (seed: string) =>
    call(inspectionLedgerApi.setSeed, { params: { id }, body: { seed } }),
  );
export const useDraw = (id: number) =>
  useLedgerMutation(id, () => call(inspectionLedgerApi.draw, { params: { id } }));
export const useScore = (id: number) =>
  useLedgerMutation(id, (v: { teamId: number; body: z.input<typeof scoreBody> }) =>
    call(inspectionLedgerApi.score, { params: { id, teamId: v.teamId }, body: v.body }),
  );

export const fetchPublishedLedger = (id: number) => call(inspectionLedgerApi.published, { params: { id } });

/** SHA-256 in the browser (SubtleCrypto), lowercase hex: what `sha256sum` prints. */
export async function browserSha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
