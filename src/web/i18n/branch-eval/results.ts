/**
 * 党支部联评联考 — Published results: rankings, explanations, report, charts, quarter scores, annual grades, integration keys.
 * `zh` is the source of truth for the keys; `en` must have exactly the same ones.
 */
export const zh = {};

export const en: typeof zh = {};
