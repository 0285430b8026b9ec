import { zh as terms } from '../terms/index.js';

/** The Chinese texts of 换届 (terms of office): one chunk, loaded with the pages of that area. */
export const messages = {
  ...terms,
};
