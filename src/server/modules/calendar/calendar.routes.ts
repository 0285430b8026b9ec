import type { FastifyInstance } from 'fastify';
import { calendarApi } from '../../../contracts/calendar.js';
import type { Deps } from '../../lib/context.js';
import { route } from '../../lib/endpoint.js';
import { ctxOf } from '../../lib/http.js';
import { getCalendarYear, serverDay, setCalendarYear, workingDayInfo } from './calendar.service.js';

export function registerCalendarRoutes(app: FastifyInstance, deps: Deps) {
  route(app, calendarApi.getYear, async ({ params }, req) => getCalendarYear(ctxOf(deps, req), params.year));
  route(app, calendarApi.setYear, async ({ params, body }, req) =>
    setCalendarYear(ctxOf(deps, req), params.year, body),
  );
  route(app, calendarApi.today, async (_, req) => serverDay(ctxOf(deps, req)));
  route(app, calendarApi.workingDay, async ({ query }, req) =>
    workingDayInfo(ctxOf(deps, req), query.date, query.add),
  );
}
