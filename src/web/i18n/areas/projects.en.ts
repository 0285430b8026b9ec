import { en as projects } from '../projects/projects.en.js';
import type { messages as zh } from './projects.zh.js';

/** The English texts of 党建项目. */
export const messages: { readonly [K in keyof typeof zh]: string } = {
  ...projects,
};
