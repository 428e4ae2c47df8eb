export * from "./cron.js";
export * from "./schedule-service.js";
export * from "./scheduler.js";
