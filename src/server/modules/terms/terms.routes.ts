import type { FastifyInstance } from 'fastify';
import { termsApi as api } from '../../../contracts/terms-api.js';
import type { Deps } from '../../lib/context.js';
import { route } from '../../lib/endpoint.js';
import { ctxOf, sendXlsx } from '../../lib/http.js';
import {
  assignTasks,
  checkIn,
  correctTerm,
  createCalendar,
  currentTerm,
  getAssignment,
  getCalendar,
  listCalendars,
  myAssignments,
  publishCalendar,
  setTasks,
  termMatrix,
} from './terms.service.js';
import { exportMatrixXlsx } from './terms-export.js';

export function registerTermsRoutes(app: FastifyInstance, deps: Deps) {
  route(app, api.listCalendars, async ({ query }, req) => listCalendars(ctxOf(deps, req), query.year));
  route(app, api.createCalendar, async ({ body }, req) => createCalendar(ctxOf(deps, req), body));
  route(app, api.getCalendar, async ({ params }, req) => getCalendar(ctxOf(deps, req), params.id));
  route(app, api.setTasks, async ({ params, body }, req) => setTasks(ctxOf(deps, req), params.id, body));
  route(app, api.publish, async ({ params }, req) => publishCalendar(ctxOf(deps, req), params.id));
  route(app, api.correctTerm, async ({ params, body }, req) =>
    correctTerm(ctxOf(deps, req), params.id, params.position, body),
  );
  route(app, api.assign, async ({ params, body }, req) => assignTasks(ctxOf(deps, req), params.id, body));
  route(app, api.matrix, async ({ params, query }, req) => termMatrix(ctxOf(deps, req), params.id, query));
  route(app, api.exportMatrix, async ({ params, query }, req, reply) => {
    const { fileName, buffer } = await exportMatrixXlsx(ctxOf(deps, req), params.id, query.orgId);
    return sendXlsx(reply, fileName, buffer);
  });
  route(app, api.myAssignments, async ({ query }, req) => myAssignments(ctxOf(deps, req), query.year));
  route(app, api.getAssignment, async ({ params }, req) => getAssignment(ctxOf(deps, req), params.id));
  route(app, api.checkIn, async ({ params, body }, req) => checkIn(ctxOf(deps, req), params.id, body));
  route(app, api.current, async (_, req) => currentTerm(ctxOf(deps, req)));
}
