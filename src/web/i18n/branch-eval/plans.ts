/**
 * 党支部联评联考 — Plans: indicator library, templates, quarter plans (plan editor), plan approval.
 * `zh` is the source of truth for the keys; `en` must have exactly the same ones.
 */
export const zh = {};

export const en: typeof zh = {};
