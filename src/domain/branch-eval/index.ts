/**
 * Branch joint evaluation (SPEC §3 党支部联评联考): indicators, quarter plans, peer evaluation,
 * scoring, rankings, quarter scores and annual grades, the monthly round's state machines and
 * deadlines, and the daily-work signal. Pure functions over plain data; scores in integer
 * hundredths.
 */
export * from './exact.js';
export * from './indicators.js';
export * from './issues.js';
export * from './peer.js';
export * from './peer-draw.js';
export * from './periods.js';
export * from './plan.js';
export * from './ranking.js';
export * from './round.js';
export * from './scoring.js';
export * from './signal.js';
export * from './workflow.js';
