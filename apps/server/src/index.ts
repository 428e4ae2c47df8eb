export { createApp, type AppDeps } from "./app.js";
export { envSchema, parseEnv, EnvError, type Env } from "./env.js";
export { createLogger, createRedactor } from "./logger.js";
export { createMetrics, type HttpMetrics } from "./metrics.js";
export { evaluateReadiness, type ReadinessCheck, type CheckResult } from "./readiness.js";
export { createRuntime, startServer, type RunningServer, type Runtime } from "./runtime.js";
export { startDemo, type Demo } from "./commands/demo.js";
