export * from "./first-line.js";
export * from "./nudge-error.js";
