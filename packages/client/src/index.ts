export { createClient, errorCode, TRPCClientError, type ClientOptions, type NudgeClient } from "./client.js";
export type { AppRouter, RouterInputs, RouterOutputs } from "./app-router.js";
export { exportContacts, ExportError, type ContactExportQuery } from "./contact-export.js";
