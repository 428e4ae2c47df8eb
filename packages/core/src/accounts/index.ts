export * from "./account-queries.js";
export * from "./session-status.js";
