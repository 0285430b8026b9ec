import {
  integrationGradesResponse,
  integrationIndicatorPage,
  integrationIndicatorParams,
  integrationKeyCreateBody,
  integrationKeyCreated,
  integrationKeyListQuery,
  integrationKeyListResponse,
  integrationKeyRevokeBody,
  integrationKeyView,
  integrationMonthResponse,
  integrationMonthsQuery,
  integrationMonthsResponse,
  integrationRankingQuery,
  integrationRankingsIndex,
  integrationTotalPage,
  monthParams,
  yearParams,
} from './branch-eval.js';
import { xlsxFile } from './branch-eval-results-api.js';
import { idParam } from './common.js';
import { endpoint } from './endpoint.js';

const tags = ['branch-eval'] as const;
const apiTags = ['integration'] as const;

/** What every endpoint of the benchmarking system's API says about itself in OpenAPI. */
const apiDescription =
  'Read-only API of the benchmarking information system (对标管理信息系统). Authenticate with the header ' +
  '`Authorization: Bearer <key>` (a key issued by an administrator; 401 integration_key_missing / ' +
  'integration_key_invalid / integration_key_revoked). Serves published months only. A published month ' +
  'changes only when the committee approves a correction: its `version` in the list goes up (with ' +
  '`correctedAt`), so poll the list and fetch a month again when its version is new. ' +
  'Points are integer hundredths (8595 = 85.95), ' +
  'with the two-decimal text beside them; movement = last month’s rank − this month’s rank (null: new). ' +
  'Answers carry an ETag; send If-None-Match to get 304 when nothing changed.';

/** The integration keys an administrator issues and revokes (the app's own API, with a session). */
export const beIntegrationKeyApi = {
  list: endpoint({
    method: 'GET',
    path: '/branch-eval/integration-keys',
    summary: 'Integration keys, newest first (the keys themselves are never shown again)',
    tags,
    query: integrationKeyListQuery,
    response: integrationKeyListResponse,
    errors: [403, 404],
  }),
  issue: endpoint({
    method: 'POST',
    path: '/branch-eval/integration-keys',
    summary: "Issue a key for a round's org; `key` is in this answer only",
    tags,
    body: integrationKeyCreateBody,
    response: integrationKeyCreated,
    errors: [403, 404],
  }),
  revoke: endpoint({
    method: 'POST',
    path: '/branch-eval/integration-keys/:id/revoke',
    summary: 'Revoke a key (reason required); its next call is 401',
    tags,
    params: idParam,
    body: integrationKeyRevokeBody,
    response: integrationKeyView,
    errors: [403, 404, 409],
  }),
};

/**
 * The benchmarking system's read-only API, under `/api/integration/v1`: it authenticates with
 * an integration key instead of a session (401 without a valid one) and sees the key's round only.
 */
export const beIntegrationApi = {
  months: endpoint({
    method: 'GET',
    base: '/api/integration/v1',
    path: '/branch-eval/months',
    summary: "The published months of the key's round, oldest first, with their result version",
    description: apiDescription,
    tags: apiTags,
    access: 'integration',
    query: integrationMonthsQuery,
    response: integrationMonthsResponse,
    errors: [404],
  }),
  month: endpoint({
    method: 'GET',
    base: '/api/integration/v1',
    path: '/branch-eval/months/:month',
    summary: "A published month's rankings, by total and by every indicator, with movement",
    description: apiDescription,
    tags: apiTags,
    access: 'integration',
    params: monthParams,
    response: integrationMonthResponse,
    errors: [404],
  }),
  rankings: endpoint({
    method: 'GET',
    base: '/api/integration/v1',
    path: '/branch-eval/months/:month/rankings',
    summary: "A published month's rankings (by total, by each indicator) with their sizes and first pages",
    description: apiDescription,
    tags: apiTags,
    access: 'integration',
    params: monthParams,
    response: integrationRankingsIndex,
    errors: [404],
  }),
  totalPage: endpoint({
    method: 'GET',
    base: '/api/integration/v1',
    path: '/branch-eval/months/:month/rankings/total',
    summary:
      "A page of a published month's ranking by total, in rank order (`after`: the last page's cursor)",
    description: apiDescription,
    tags: apiTags,
    access: 'integration',
    params: monthParams,
    query: integrationRankingQuery,
    response: integrationTotalPage,
    errors: [404, 409],
  }),
  indicatorPage: endpoint({
    method: 'GET',
    base: '/api/integration/v1',
    path: '/branch-eval/months/:month/rankings/indicators/:code',
    summary: "A page of a published month's ranking by one indicator, in rank order",
    description: apiDescription,
    tags: apiTags,
    access: 'integration',
    params: integrationIndicatorParams,
    query: integrationRankingQuery,
    response: integrationIndicatorPage,
    errors: [404, 409],
  }),
  monthXlsx: endpoint({
    method: 'GET',
    base: '/api/integration/v1',
    path: '/branch-eval/months/:month/rankings.xlsx',
    summary: "A published month's rankings as an Excel workbook",
    description: apiDescription,
    tags: apiTags,
    access: 'integration',
    kind: 'download',
    params: monthParams,
    response: xlsxFile,
    errors: [404],
  }),
  grades: endpoint({
    method: 'GET',
    base: '/api/integration/v1',
    path: '/branch-eval/years/:year/grades',
    summary: "A year's annual grades; an incomplete year is marked provisional",
    description: apiDescription,
    tags: apiTags,
    access: 'integration',
    params: yearParams,
    response: integrationGradesResponse,
    errors: [404],
  }),
};
