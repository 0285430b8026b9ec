import { zh as beCorrections } from '../branch-eval/corrections.js';
import { zh as beOffice } from '../branch-eval/office.js';
import { zh as bePeer } from '../branch-eval/peer.js';
import { zh as bePlans } from '../branch-eval/plans.js';
import { zh as beResults } from '../branch-eval/results.js';
import { zh as beRound } from '../branch-eval/round.js';

/** The Chinese texts of branch-eval (党支部联评联考): one chunk, loaded with the pages of that area. */
export const messages = {
  ...bePlans,
  ...beRound,
  ...beOffice,
  ...beResults,
  ...beCorrections,
  ...bePeer,
};
