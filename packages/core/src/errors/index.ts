export * from "./nudge-error.js";
