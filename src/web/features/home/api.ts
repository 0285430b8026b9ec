import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { todoResponse } from '../../../contracts/todo.js';
import { api } from '../../api/client.js';

/** The user's to-do list (待办) across modules; refreshed after any points write. */
export function useTodo() {
  return useQuery({
    queryKey: ['todo'],
    queryFn: ({ signal }) => api.get<z.infer<typeof todoResponse>>('/todo', { signal }).then((r) => r.items),
    staleTime: 30_000,
  });
}
