import { zh as inspection } from '../inspection/index.js';
import { zh as inspectionBallots } from '../inspection-ballots/index.js';

/** The Chinese texts of the annual inspection and its ballots (年度检查、测评): one chunk, loaded with the pages of that area. */
export const messages = {
  ...inspectionBallots,
  ...inspection,
};
