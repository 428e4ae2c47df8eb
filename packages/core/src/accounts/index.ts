export * from "./account-queries.js";
export * from "./account-service.js";
export * from "./session-service.js";
export * from "./session-status.js";
