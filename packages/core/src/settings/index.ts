export * from "./settings-schema.js";
export * from "./settings-store.js";
export * from "./templates.js";
