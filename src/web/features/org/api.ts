import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { OrgNode, orgCreateBody, orgListResponse, orgUpdateBody } from '../../../contracts/org.js';
import type { Tree } from '../../../domain/org/tree.js';
import { api } from '../../api/client.js';

export const orgsKey = (tree: Tree, includeInactive: boolean) => ['orgs', tree, includeInactive] as const;

/** One whole tree (within the user's reach) as a flat list; the page builds the tree. */
export function useOrgs(tree: Tree, includeInactive = false, enabled = true) {
  return useQuery({
    queryKey: orgsKey(tree, includeInactive),
    // `includeInactive=false` would be read as true by the server's boolean coercion: omit it instead.
    queryFn: () =>
      api
        .get<z.infer<typeof orgListResponse>>(
          `/orgs?tree=${tree}${includeInactive ? '&includeInactive=true' : ''}`,
        )
        .then((r) => r.items),
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
    mutationFn: (body: z.input<typeof orgCreateBody>) => api.post<OrgNode>('/orgs', body),
    onSuccess: done,
  });
}

export function useUpdateOrg() {
  const done = useInvalidateOrgs();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: z.input<typeof orgUpdateBody> }) =>
      api.patch<OrgNode>(`/orgs/${id}`, body),
    onSuccess: done,
  });
}

export function useMoveOrg() {
  const done = useInvalidateOrgs();
  return useMutation({
    mutationFn: ({ id, parentId }: { id: number; parentId: number }) =>
      api.post<OrgNode>(`/orgs/${id}/move`, { parentId }),
    onSuccess: done,
  });
}

export function useDeactivateOrg() {
  const done = useInvalidateOrgs();
  return useMutation({
    mutationFn: ({ id, activeTo }: { id: number; activeTo?: string }) =>
      api.post<OrgNode>(`/orgs/${id}/deactivate`, activeTo ? { activeTo } : {}),
    onSuccess: done,
  });
}
