import type { FastifyInstance } from 'fastify';
import { todoApi } from '../../../contracts/todo.js';
import type { Deps } from '../../lib/context.js';
import { route } from '../../lib/endpoint.js';
import { ctxOf } from '../../lib/http.js';
import { todoList } from './todo.service.js';

export function registerTodoRoutes(app: FastifyInstance, deps: Deps) {
  route(app, todoApi.list, async (_, req) => ({ items: await todoList(ctxOf(deps, req)) }));
}
