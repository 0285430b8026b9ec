/**
 * Spreadsheets of the points module (SPEC §6 "Excel templates for … point entries", "xlsx for
 * every board and ranking"): the items of a draft scheme and the entries of a branch imported
 * from templates — preview, then all rows or none, errors by row and column — and the board
 * and the year's tiers exported. The use cases live one per file beside this one (as in the io
 * module); this file is their single entry point for routes.
 */
export { entriesSheetSpec, entriesTemplateXlsx, importEntriesFromXlsx } from './entries-sheet.js';
export { exportItemsXlsx, importItemsFromXlsx, itemsSheetSpec, itemsTemplateXlsx } from './items-sheet.js';
export { exportBoardXlsx, exportYearXlsx } from './points-export.js';
export type { PointsImportOptions } from './points-sheet.js';
