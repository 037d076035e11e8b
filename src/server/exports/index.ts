/** Record exports (XLSX, ZIP of CSV), streamed; see export.ts. */
export { startExport, ExportSelectionError, DEFAULT_PAGE_SIZE } from './export';
export type { ExportFormat, ExportOptions, ExportSummary, RecordSelection, RunningExport } from './export';
export { labelModes, multiModes, UnknownFieldError, JOIN_SEPARATOR, MAX_CODES_AS_COLUMNS } from './columns';
export type { LabelMode, MultiMode } from './columns';
export { csvSafeText, XLSX_CONTENT_TYPE, ZIP_CONTENT_TYPE } from './formats';
