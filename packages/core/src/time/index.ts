export * from "./clock.js";
export * from "./zoned.js";
export * from "./working-hours.js";
export * from "./poll-until.js";
export * from "./repeating-task.js";
