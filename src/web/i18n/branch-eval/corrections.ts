/**
 * 党支部联评联考 — corrections after publication and the annual grade rule (settings, versions).
 * `zh` is the source of truth for the keys; `en` must have exactly the same ones.
 */
export const zh = {};

export const en: typeof zh = {};
