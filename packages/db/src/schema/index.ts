export * from "./accounts.js";
export * from "./api-keys.js";
export * from "./campaign-runs.js";
export * from "./contacts.js";
export * from "./coordination.js";
export * from "./interactions.js";
export * from "./selectors.js";
export * from "./settings.js";
