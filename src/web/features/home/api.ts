import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/call.js';
import { todoApi } from '../../api/endpoints.js';

/** The user's to-do list (待办) across modules; refreshed after any points write. */
export function useTodo() {
  return useQuery({
    queryKey: ['todo'],
    queryFn: ({ signal }) => call(todoApi.list, {}, { signal }).then((r) => r.items),
    staleTime: 30_000,
  });
}
