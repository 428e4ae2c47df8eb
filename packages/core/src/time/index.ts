export * from "./clock.js";
export * from "./zoned.js";
