import type { FastifyInstance } from 'fastify';
import { inspectionApi as api } from '../../../contracts/inspection-api.js';
import type { Deps } from '../../lib/context.js';
import { route } from '../../lib/endpoint.js';
import { ctxOf, sendXlsx } from '../../lib/http.js';
import { readUpload } from '../../lib/upload.js';
import {
  createCampaign,
  getCampaign,
  inspectorCandidatesOf,
  listCampaigns,
  saveWeights,
  setCriteria,
  setInspectors,
  setUnits,
  transitionCampaign,
  updateCampaign,
} from './campaign.service.js';
import { exportCriteria, importCriteria } from './criteria-io.js';
import { closeRectification, createRectification, listRectifications } from './rectification.service.js';
import { chartOf, getResults, getUnitResult, resultsXlsx } from './results.service.js';
import {
  addFinding,
  deleteFinding,
  getSelfCheck,
  getUnitInspection,
  listEvidenceRecords,
  markReviewDone,
  saveHearing,
  saveSelfCheck,
} from './scoring.service.js';

/** The annual inspection's routes (all declared in contracts/inspection-api.ts). */
export function registerInspectionRoutes(app: FastifyInstance, deps: Deps) {
  route(app, api.list, async ({ query }, req) => listCampaigns(ctxOf(deps, req), query.orgId));
  route(app, api.create, async ({ body }, req) => createCampaign(ctxOf(deps, req), body));
  route(app, api.get, async ({ params }, req) => getCampaign(ctxOf(deps, req), params.id));
  route(app, api.update, async ({ params, body }, req) => updateCampaign(ctxOf(deps, req), params.id, body));
  route(app, api.setUnits, async ({ params, body }, req) =>
    setUnits(ctxOf(deps, req), params.id, body.orgIds),
  );
  route(app, api.setInspectors, async ({ params, body }, req) =>
    setInspectors(ctxOf(deps, req), params.id, body.userIds),
  );
  route(app, api.candidates, async ({ params }, req) => inspectorCandidatesOf(ctxOf(deps, req), params.id));
  route(app, api.transition, async ({ params, body }, req) =>
    transitionCampaign(ctxOf(deps, req), params.id, body.action),
  );
  route(app, api.saveWeights, async ({ params, body }, req) =>
    saveWeights(ctxOf(deps, req), params.id, body),
  );
  route(app, api.setCriteria, async ({ params, body }, req) =>
    setCriteria(ctxOf(deps, req), params.id, body.criteria),
  );
  route(app, api.criteriaXlsx, async ({ params }, req, reply) => {
    const { fileName, buffer } = await exportCriteria(ctxOf(deps, req), params.id);
    return sendXlsx(reply, fileName, buffer);
  });
  for (const [ep, commit] of [
    [api.criteriaImportPreview, false],
    [api.criteriaImportCommit, true],
  ] as const) {
    route(app, ep, async ({ params }, req, reply) =>
      importCriteria(ctxOf(deps, req), params.id, await readUpload(req, reply), { commit }),
    );
  }
  route(app, api.selfCheck, async ({ params }, req) =>
    getSelfCheck(ctxOf(deps, req), params.id, params.unitId),
  );
  route(app, api.saveSelfCheck, async ({ params, body }, req) =>
    saveSelfCheck(ctxOf(deps, req), params.id, params.unitId, body),
  );
  route(app, api.evidenceRecords, async ({ params }, req) =>
    listEvidenceRecords(ctxOf(deps, req), params.id, params.unitId),
  );
  route(app, api.unitInspection, async ({ params }, req) =>
    getUnitInspection(ctxOf(deps, req), params.id, params.unitId),
  );
  route(app, api.saveHearing, async ({ params, body }, req) =>
    saveHearing(ctxOf(deps, req), params.id, params.unitId, body),
  );
  route(app, api.addFinding, async ({ params, body }, req) =>
    addFinding(ctxOf(deps, req), params.id, params.unitId, body),
  );
  route(app, api.deleteFinding, async ({ params }, req) => deleteFinding(ctxOf(deps, req), params.id));
  route(app, api.reviewDone, async ({ params }, req) =>
    markReviewDone(ctxOf(deps, req), params.id, params.unitId),
  );
  route(app, api.createRectification, async ({ params, body }, req) =>
    createRectification(ctxOf(deps, req), params.id, body),
  );
  route(app, api.rectifications, async ({ query }, req) => listRectifications(ctxOf(deps, req), query));
  route(app, api.closeRectification, async ({ params, body }, req) =>
    closeRectification(ctxOf(deps, req), params.id, body),
  );
  route(app, api.results, async ({ params }, req) => getResults(ctxOf(deps, req), params.id));
  route(app, api.unitResult, async ({ params }, req) =>
    getUnitResult(ctxOf(deps, req), params.id, params.unitId),
  );
  route(app, api.resultsXlsx, async ({ params }, req, reply) => {
    const { fileName, buffer } = await resultsXlsx(ctxOf(deps, req), params.id);
    return sendXlsx(reply, fileName, buffer);
  });
  route(app, api.chart, async ({ params }, req) => chartOf(ctxOf(deps, req), params.id));
}
