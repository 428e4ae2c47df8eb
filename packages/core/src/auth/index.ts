export * from "./api-keys.js";
export * from "./bootstrap.js";
export * from "./failure-limiter.js";
export * from "./api-key-service.js";
export * from "./panel-sessions.js";
