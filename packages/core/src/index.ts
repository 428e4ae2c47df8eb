// Public surface of the domain. Each concern has its own folder and barrel.
export * from "./accounts/index.js";
export * from "./auth/index.js";
export * from "./browser/index.js";
export * from "./contacts/index.js";
export * from "./coordination/index.js";
export * from "./errors/index.js";
export * from "./import-v1/index.js";
export * from "./settings/index.js";
export * from "./time/index.js";
export * from "./nudge.js";
export * from "./use-cases/index.js";
export * from "./campaigns/index.js";
export * from "./runs/index.js";
export * from "./scheduler/index.js";
export * from "./housekeeping/index.js";
export * from "./notifications/index.js";
export * from "./page-check/index.js";
