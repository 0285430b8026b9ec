import { zh as projects } from '../projects/projects.js';

/** The Chinese texts of 党建项目: one chunk, loaded with the pages of that area. */
export const messages = {
  ...projects,
};
