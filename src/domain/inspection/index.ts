/** The annual inspection's pure rules (SPEC §5): campaign workflow, component scales, composite. */
export * from './components.js';
export * from './criteria-template.js';
export * from './workflow.js';
