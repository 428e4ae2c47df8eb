export * from "./settings-schema.js";
export * from "./settings-store.js";
export * from "./templates.js";
export * from "./settings-service.js";
