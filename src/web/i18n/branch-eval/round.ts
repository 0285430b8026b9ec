/**
 * 党支部联评联考 — The branch's side of the monthly round: self-evaluation form and peer evaluation form.
 * `zh` is the source of truth for the keys; `en` must have exactly the same ones.
 */
export const zh = {};

export const en: typeof zh = {};
