/** Party-building projects (党建项目化管理, SPEC §4): lifecycle, panel evaluation, milestones. */
export * from './lifecycle.js';
export * from './milestones.js';
export * from './panel.js';
