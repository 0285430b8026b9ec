import { en as inspection } from '../inspection/index.en.js';
import { en as inspectionBallots } from '../inspection-ballots/index.en.js';
import type { messages as zh } from './inspection.zh.js';

/** The English texts of the annual inspection and its ballots (年度检查、测评). */
export const messages: { readonly [K in keyof typeof zh]: string } = {
  ...inspectionBallots,
  ...inspection,
};
