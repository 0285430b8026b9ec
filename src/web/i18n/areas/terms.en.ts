import { en as terms } from '../terms/index.en.js';
import type { messages as zh } from './terms.zh.js';

/** The English texts of 换届 (terms of office). */
export const messages: { readonly [K in keyof typeof zh]: string } = {
  ...terms,
};
