export * from "./chromium.js";
export * from "./ports.js";
export * from "./promtool.js";
export * from "./redis-server.js";
export * from "./temp-database.js";
export * from "./tools.js";
export * from "./wait-for.js";
export * from "./settings.js";
