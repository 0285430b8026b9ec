import { idParam } from './common.js';
import { endpoint } from './endpoint.js';
import {
  actionDoneBody,
  actionListQuery,
  actionListResponse,
  myYearResponse,
  tierActionView,
  yearActionBody,
  yearResultsQuery,
  yearResultsResponse,
  yearView,
} from './points.js';

const tags = ['points'] as const;

/** The year's workflow steps, one endpoint each; they share the parameters and the reply. */
const yearStep = (step: 'submit' | 'return' | 'approve' | 'publish', summary: string) =>
  endpoint({
    method: 'POST',
    path: `/points/schemes/:id/year/${step}`,
    summary,
    tags,
    params: idParam,
    body: yearActionBody,
    response: yearView,
    errors: [403, 404, 409],
  });

/** The year's tiers (年度总评) of a scheme and the reward and penalty actions (奖惩) they bring. */
export const pointsYearApi = {
  getYear: endpoint({
    method: 'GET',
    path: '/points/schemes/:id/year',
    summary: 'The year’s tiers: state, counts and the viewer’s actions',
    tags,
    params: idParam,
    response: yearView,
    errors: [403, 404, 409],
  }),
  computeYear: endpoint({
    method: 'POST',
    path: '/points/schemes/:id/year/compute',
    summary: 'Compute (or recompute) annual scores and tiers (affairs, draft only)',
    tags,
    params: idParam,
    response: yearView,
    errors: [403, 404, 409],
  }),
  submitYear: yearStep('submit', 'Submit the computed tiers for approval (affairs)'),
  returnYear: yearStep('return', 'Return the submitted tiers with a reason (committee)'),
  approveYear: yearStep('approve', 'Approve the submitted tiers (committee)'),
  publishYear: yearStep('publish', 'Publish the approved tiers; their actions are recorded'),
  results: endpoint({
    method: 'GET',
    path: '/points/schemes/:id/year/results',
    summary: 'Tier results of an org subtree with the distribution per tier, paged',
    tags,
    params: idParam,
    query: yearResultsQuery,
    response: yearResultsResponse,
    errors: [403, 404, 409],
  }),
  myYear: endpoint({
    method: 'GET',
    path: '/points/schemes/:id/year/me',
    summary: 'The member’s own tier, once published',
    tags,
    params: idParam,
    response: myYearResponse,
    errors: [403, 404],
  }),
  listActions: endpoint({
    method: 'GET',
    path: '/points/actions',
    summary: 'Tracked reward and penalty actions within the viewer’s reach, paged',
    tags,
    query: actionListQuery,
    response: actionListResponse,
    errors: [403],
  }),
  completeAction: endpoint({
    method: 'POST',
    path: '/points/actions/:id/done',
    summary: 'Mark a reward or penalty action done, with a note',
    tags,
    params: idParam,
    body: actionDoneBody,
    response: tierActionView,
    errors: [403, 404, 409],
  }),
};
