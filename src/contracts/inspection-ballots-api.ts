import { idParam } from './common.js';
import { endpoint } from './endpoint.js';
import {
  ballotCastBody,
  ballotCastResponse,
  ballotCheckBody,
  ballotCheckResponse,
  ballotOverview,
  batchBody,
  batchResponse,
  campaignUnitParams,
  countedCodesResponse,
  itemsBody,
  paperBody,
  paperList,
  paperSheet,
  usedCodesResponse,
} from './inspection-ballots.js';

const tags = ['inspection-ballots'] as const;
const publicNote =
  'Unauthenticated (no session; a cross-site Origin is refused) and rate-limited per client address ' +
  'in memory (429 with Retry-After); addresses are never stored with ballots. The code travels only in ' +
  'the body. A used, unknown or malformed code answers the one error `invalid_ballot_code`.';

/** Democratic evaluation: the organiser's endpoints and the two public ballot endpoints. */
export const inspectionBallotsApi = {
  overview: endpoint({
    method: 'GET',
    path: '/inspection/campaigns/:id/ballots',
    summary: 'The ballot box of a campaign: items, per unit codes issued and used, tallies after close',
    tags,
    params: idParam,
    response: ballotOverview,
    errors: [403, 404],
  }),
  setItems: endpoint({
    method: 'PUT',
    path: '/inspection/campaigns/:id/ballots/items',
    summary: 'Set the ballot items (before the box opens)',
    tags,
    params: idParam,
    body: itemsBody,
    response: ballotOverview,
    errors: [403, 404, 409],
  }),
  issueBatch: endpoint({
    method: 'POST',
    path: '/inspection/campaigns/:id/ballots/batches',
    summary:
      'Issue a batch of one-time codes per unit; the answer is the only place they exist in plain text',
    tags,
    params: idParam,
    body: batchBody,
    response: batchResponse,
    errors: [403, 404, 409],
  }),
  open: endpoint({
    method: 'POST',
    path: '/inspection/campaigns/:id/ballots/open',
    summary: 'Open the ballot box',
    tags,
    params: idParam,
    response: ballotOverview,
    errors: [403, 404, 409],
  }),
  close: endpoint({
    method: 'POST',
    path: '/inspection/campaigns/:id/ballots/close',
    summary: 'Close the ballot box: tallies become visible for units with at least 5 ballots',
    tags,
    params: idParam,
    response: ballotOverview,
    errors: [403, 404, 409],
  }),
  usedCodes: endpoint({
    method: 'GET',
    path: '/inspection/campaigns/:id/ballots/units/:unitId/used-codes',
    summary: "After close: a unit's codes issued and used, and the sorted hashes of the used codes",
    tags,
    params: campaignUnitParams,
    response: usedCodesResponse,
    errors: [403, 404, 409],
  }),
  paperList: endpoint({
    method: 'GET',
    path: '/inspection/campaigns/:id/ballots/paper',
    summary: 'Paper-ballot tally sheets and whether their two entries agree',
    tags,
    params: idParam,
    response: paperList,
    errors: [403, 404],
  }),
  paperEnter: endpoint({
    method: 'POST',
    path: '/inspection/campaigns/:id/ballots/paper',
    summary: 'Enter a tally sheet of paper ballots (two people; matching entries go into the counts)',
    tags,
    params: idParam,
    body: paperBody,
    response: paperSheet,
    errors: [403, 404, 409, 422],
  }),
  check: endpoint({
    method: 'POST',
    path: '/ballot/check',
    summary: 'Public: what a ballot code votes on (campaign id and title, unit, items)',
    description: publicNote,
    tags,
    access: 'public',
    body: ballotCheckBody,
    response: ballotCheckResponse,
    errors: [403, 409, 422, 429],
  }),
  counted: endpoint({
    method: 'GET',
    path: '/ballot/counted/:id',
    summary: "Public, after close: each unit's codes issued and used and the SHA-256 of the used codes",
    description:
      'Unauthenticated: a voter checks their code was counted by hashing it (upper case, no dashes) and ' +
      'finding the hash. The hashes are sorted, with no order, time or link to the counts. 409 ' +
      '`ballot_box_state` until the box is closed.',
    tags,
    access: 'public',
    params: idParam,
    response: countedCodesResponse,
    errors: [404, 409],
  }),
  cast: endpoint({
    method: 'POST',
    path: '/ballot/cast',
    summary: 'Public: cast the ballot of a one-time code',
    description: publicNote,
    tags,
    access: 'public',
    body: ballotCastBody,
    response: ballotCastResponse,
    errors: [403, 409, 422, 429],
  }),
};
