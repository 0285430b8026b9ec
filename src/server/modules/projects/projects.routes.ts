import type { FastifyInstance } from 'fastify';
import { projectsApi as api } from '../../../contracts/projects-api.js';
import type { Deps } from '../../lib/context.js';
import { route } from '../../lib/endpoint.js';
import { ctxOf, sendXlsx } from '../../lib/http.js';
import { adoptProject, exportProjects, library } from './library.service.js';
import {
  addComment,
  decideDueChange,
  reportLinkable,
  reportMilestone,
  requestDueChange,
} from './milestones.service.js';
import { panelCandidates, ruleVersions, saveRule, setPanel, submitScore } from './panel.service.js';
import {
  actOnProject,
  createProject,
  draftPlan,
  getProject,
  issuePlan,
  listProjects,
  planTemplates,
  projectBoard,
  projectCharts,
  projectGantt,
  savePlanTemplate,
  updateProject,
} from './projects.service.js';

/** The party-building projects' routes: thin, each calls one use case. */
export function registerProjectsRoutes(app: FastifyInstance, deps: Deps) {
  route(app, api.list, async ({ query }, req) => listProjects(ctxOf(deps, req), query));
  route(app, api.board, async ({ query }, req) => projectBoard(ctxOf(deps, req), query));
  route(app, api.gantt, async ({ query }, req) => projectGantt(ctxOf(deps, req), query));
  route(app, api.charts, async ({ query }, req) => projectCharts(ctxOf(deps, req), query));
  route(app, api.exportXlsx, async ({ query }, req, reply) => {
    const { fileName, buffer } = await exportProjects(ctxOf(deps, req), query);
    return sendXlsx(reply, fileName, buffer);
  });
  route(app, api.library, async ({ query }, req) => library(ctxOf(deps, req), query));
  route(app, api.panelCandidates, async ({ params }, req) => panelCandidates(ctxOf(deps, req), params.id));
  route(app, api.planTemplates, async ({ query }, req) => planTemplates(ctxOf(deps, req), query.orgId));
  route(app, api.savePlanTemplate, async ({ body }, req) => savePlanTemplate(ctxOf(deps, req), body));
  route(app, api.draftPlan, async ({ body }, req) => draftPlan(ctxOf(deps, req), body));
  route(app, api.issuePlan, async ({ body }, req) => issuePlan(ctxOf(deps, req), body.orgId, body.year));
  route(app, api.create, async ({ body }, req) => createProject(ctxOf(deps, req), body));
  route(app, api.get, async ({ params }, req) => getProject(ctxOf(deps, req), params.id));
  route(app, api.update, async ({ params, body }, req) => updateProject(ctxOf(deps, req), params.id, body));
  route(app, api.act, async ({ params, body }, req) =>
    actOnProject(ctxOf(deps, req), params.id, body.action, body.comment),
  );
  route(app, api.reportLinkable, async ({ params, query }, req) =>
    reportLinkable(ctxOf(deps, req), params.id, query),
  );
  route(app, api.report, async ({ params, body }, req) =>
    reportMilestone(ctxOf(deps, req), params.id, params.milestoneId, body),
  );
  route(app, api.requestChange, async ({ params, body }, req) =>
    requestDueChange(ctxOf(deps, req), params.id, params.milestoneId, body),
  );
  route(app, api.decideChange, async ({ params, body }, req) =>
    decideDueChange(ctxOf(deps, req), params.id, params.changeId, body.decision, body.note),
  );
  route(app, api.comment, async ({ params, body }, req) => addComment(ctxOf(deps, req), params.id, body));
  route(app, api.setPanel, async ({ params, body }, req) => setPanel(ctxOf(deps, req), params.id, body));
  route(app, api.score, async ({ params, body }, req) => submitScore(ctxOf(deps, req), params.id, body));
  route(app, api.rules, async ({ query }, req) => ruleVersions(ctxOf(deps, req), query));
  route(app, api.saveRule, async ({ body }, req) => saveRule(ctxOf(deps, req), body));
  route(app, api.adopt, async ({ params, body }, req) =>
    adoptProject(ctxOf(deps, req), params.id, body.orgId, body.year),
  );
}
