export { readAuthState, type AuthStateFormat, type ImportedAuthState } from "./auth-state.js";
export { mapConfig, MAX_CONFIG_CHARS, type ConfigEntry, type ConfigMapping } from "./config-mapping.js";
export {
  MAX_LISTED_ROWS,
  type ImportChanges,
  type ImportReport,
  type SkippedRow,
  type TableTally,
} from "./import-report.js";
export { ImportService, type ImportResult, type ImportServiceDeps, type ImportSources } from "./import-service.js";
export { formatImportReport } from "./report-text.js";
export { KNOWN_V1_SCHEMA_VERSIONS, MAX_IMPORT_DATABASE_BYTES, type DatabaseInput } from "./source-database.js";
export { parseSourceInstant } from "./source-time.js";
export { mapTemplateFile, mapTemplateLine, MAX_TEMPLATE_FILE_CHARS } from "./template-mapping.js";
