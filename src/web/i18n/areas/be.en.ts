import { en as beCorrections } from '../branch-eval/corrections.en.js';
import { en as beOffice } from '../branch-eval/office.en.js';
import { en as bePeer } from '../branch-eval/peer.en.js';
import { en as bePlans } from '../branch-eval/plans.en.js';
import { en as beResults } from '../branch-eval/results.en.js';
import { en as beRound } from '../branch-eval/round.en.js';
import type { messages as zh } from './be.zh.js';

/** The English texts of branch-eval (党支部联评联考). */
export const messages: { readonly [K in keyof typeof zh]: string } = {
  ...bePlans,
  ...beRound,
  ...beOffice,
  ...beResults,
  ...beCorrections,
  ...bePeer,
};
