/**
 * 党支部联评联考 — The office and committee side of the round: verification workbench, month progress, approval, publication.
 * `zh` is the source of truth for the keys; `en` must have exactly the same ones.
 */
export const zh = {};

export const en: typeof zh = {};
