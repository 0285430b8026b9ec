import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  calendarYearBody,
  calendarYearResponse,
  serverDayResponse,
  workingDayQuery,
  workingDayResponse,
  yearParam,
} from '../../../contracts/calendar.js';
import { errorBody } from '../../../contracts/common.js';
import type { Deps } from '../../lib/context.js';
import { ctxOf } from '../../lib/http.js';
import { getCalendarYear, serverDay, setCalendarYear, workingDayInfo } from './calendar.service.js';

export function registerCalendarRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['calendar'];
  r.get(
    '/api/v1/calendar/years/:year',
    { schema: { tags, params: yearParam, response: { 200: calendarYearResponse, 400: errorBody } } },
    async (req) => getCalendarYear(ctxOf(deps, req), req.params.year),
  );
  r.put(
    '/api/v1/calendar/years/:year',
    {
      schema: {
        tags,
        params: yearParam,
        body: calendarYearBody,
        response: { 200: calendarYearResponse, 400: errorBody, 403: errorBody },
      },
    },
    async (req) => setCalendarYear(ctxOf(deps, req), req.params.year, req.body),
  );
  r.get(
    '/api/v1/calendar/today',
    { schema: { tags, response: { 200: serverDayResponse, 401: errorBody } } },
    async (req) => serverDay(ctxOf(deps, req)),
  );
  r.get(
    '/api/v1/calendar/working-day',
    { schema: { tags, querystring: workingDayQuery, response: { 200: workingDayResponse, 400: errorBody } } },
    async (req) => workingDayInfo(ctxOf(deps, req), req.query.date, req.query.add),
  );
}
