import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { orgCreateBody, orgUpdateBody } from '../../../contracts/org.js';
import type { Tree } from '../../../domain/org/tree.js';
import { call } from '../../api/call.js';
import { orgApi } from '../../api/endpoints.js';

export const orgsKey = (tree: Tree, includeInactive: boolean) => ['orgs', tree, includeInactive] as const;

/** One whole tree (within the user's reach) as a flat list; the page builds the tree. */
export function useOrgs(tree: Tree, includeInactive = false, enabled = true) {
  return useQuery({
    queryKey: orgsKey(tree, includeInactive),
    queryFn: () =>
      call(orgApi.list, { query: { tree, includeInactive: includeInactive ? 'true' : 'false' } }).then(
        (r) => r.items,
      ),
    staleTime: 60_000,
    enabled,
  });
}

function useInvalidateOrgs() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: ['orgs'] });
    void qc.invalidateQueries({ queryKey: ['members'] });
  };
}

export function useCreateOrg() {
  const done = useInvalidateOrgs();
  return useMutation({
    mutationFn: (body: z.input<typeof orgCreateBody>) => call(orgApi.create, { body }),
    onSuccess: done,
  });
}

export function useUpdateOrg() {
  const done = useInvalidateOrgs();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: z.input<typeof orgUpdateBody> }) =>
      call(orgApi.update, { params: { id }, body }),
    onSuccess: done,
  });
}

export function useMoveOrg() {
  const done = useInvalidateOrgs();
  return useMutation({
    mutationFn: ({ id, parentId }: { id: number; parentId: number }) =>
      call(orgApi.move, { params: { id }, body: { parentId } }),
    onSuccess: done,
  });
}

export function useDeactivateOrg() {
  const done = useInvalidateOrgs();
  return useMutation({
    mutationFn: ({ id, activeTo }: { id: number; activeTo?: string }) =>
      call(orgApi.deactivate, { params: { id }, body: activeTo ? { activeTo } : {} }),
    onSuccess: done,
  });
}
