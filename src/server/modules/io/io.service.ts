import { buildTemplate } from '../../lib/excel.js';
import { membersSheetSpec } from './members-import.js';
import { orgsSheetSpec } from './orgs-import.js';

/**
 * Excel templates, imports and exports of orgs and members. The use cases live one per file
 * beside this one; this module is their single entry point for routes, the CLI and benchmarks.
 */
export type { ImportOptions } from './import-common.js';
export { exportMembersXlsx } from './members-export.js';
export { importMembersFromXlsx, membersSheetSpec } from './members-import.js';
export { importOrgsFromXlsx, orgsSheetSpec } from './orgs-import.js';

/** The members template: the 党员 sheet with drop-down lists, and the 填写说明 sheet. */
export function membersTemplateXlsx(): Promise<Buffer> {
  return buildTemplate(membersSheetSpec);
}

/** The orgs template: the 组织 sheet with the kinds as a drop-down list, and the 填写说明 sheet. */
export function orgsTemplateXlsx(): Promise<Buffer> {
  return buildTemplate(orgsSheetSpec);
}
