/**
 * The 二十四节气 calendar (SPEC §4): term names and instants, windows, check-in timing, the org ×
 * term matrix and the default tasks. Pure; the library's instants come from `term-library.ts`,
 * which only the server loads.
 */
export * from './checkin.js';
export * from './default-tasks.js';
export * from './matrix.js';
export * from './terms.js';
