/**
 * Calendar domain: date-only values, assessment periods and Chinese working days.
 * Pure functions, no I/O; the holiday overrides are loaded by the calendar service and passed in.
 */
export * from './dates.js';
export * from './holiday-library.js';
export * from './periods.js';
export * from './working-days.js';
