import { idParam } from './common.js';
import { endpoint } from './endpoint.js';
import {
  freezeBody,
  ledgerView,
  publicLedger,
  scoreBody,
  seedBody,
  teamParams,
} from './inspection-ledger.js';

const tags = ['inspection-ledger'] as const;

/** Ledger spot-check: manifest, seed, draw, scoring; and the published manifest for anyone. */
export const inspectionLedgerApi = {
  get: endpoint({
    method: 'GET',
    path: '/inspection/campaigns/:id/ledger',
    summary: 'The ledger spot-check of a campaign: manifest, seed, sample and scores',
    tags,
    params: idParam,
    response: ledgerView,
    errors: [403, 404],
  }),
  freeze: endpoint({
    method: 'POST',
    path: '/inspection/campaigns/:id/ledger/freeze',
    summary: "Freeze and publish the manifest: each unit's teams active on the draw date, with its SHA-256",
    tags,
    params: idParam,
    body: freezeBody,
    response: ledgerView,
    errors: [403, 404, 409],
  }),
  setSeed: endpoint({
    method: 'PUT',
    path: '/inspection/campaigns/:id/ledger/seed',
    summary: 'Record the seed (after the manifest is frozen; locked once the sample is drawn)',
    tags,
    params: idParam,
    body: seedBody,
    response: ledgerView,
    errors: [403, 404, 409],
  }),
  draw: endpoint({
    method: 'POST',
    path: '/inspection/campaigns/:id/ledger/draw',
    summary: 'Draw the sample from the frozen manifest and the seed',
    tags,
    params: idParam,
    response: ledgerView,
    errors: [403, 404, 409],
  }),
  score: endpoint({
    method: 'PUT',
    path: '/inspection/campaigns/:id/ledger/teams/:teamId/score',
    summary: "Score a sampled team's ledger by its deductions (each with a note)",
    tags,
    params: teamParams,
    body: scoreBody,
    response: ledgerView,
    errors: [403, 404, 409],
  }),
  published: endpoint({
    method: 'GET',
    path: '/ledger-draw/:id',
    summary: 'Public: the frozen manifest, its SHA-256, the seed and the sample of a campaign',
    description: 'Unauthenticated: anyone can re-draw the sample from the seed and the manifest text.',
    tags,
    access: 'public',
    params: idParam,
    response: publicLedger,
    errors: [404],
  }),
};
