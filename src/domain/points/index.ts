/**
 * Points domain (党员亮分制, SPEC §2): the scheme and its checks, explained quarter scores,
 * competition rankings, the annual mean, five-tier grading and the workflows. Pure functions,
 * no I/O; every point value is integer hundredths.
 */
export * from './annual.js';
export * from './hundredths.js';
export * from './quarter-score.js';
export * from './ranking.js';
export * from './review.js';
export * from './revision.js';
export * from './scheme.js';
export * from './scheme-validation.js';
export * from './tiers.js';
export * from './workflow.js';
