export * from "./page-check-plan.js";
export * from "./page-check-service.js";
