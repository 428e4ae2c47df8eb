export * from "./campaign.js";
export * from "./run-events.js";
export * from "./run-metrics.js";
export * from "./run-model.js";
export * from "./run-problems.js";
export * from "./run-report.js";
export * from "./run-service.js";
export * from "./run-worker.js";
