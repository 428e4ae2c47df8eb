import { readFileSync } from "node:fs";
import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { createApiServices, type ApiServices } from "@nudge/api";
import { createNudge, parseEncryptionKey, systemClock, type Clock, type Nudge } from "@nudge/core";
import { createDatabase, runMigrations, type DatabaseHandle } from "@nudge/db";
import type { DestinationStream, Logger } from "pino";
import { createApp } from "./app.js";
import { housekeepingOptions, type Env } from "./env.js";
import { createLogger } from "./logger.js";
import { createMetrics, type HttpMetrics } from "./metrics.js";
import { coordinatorCheck, databaseCheck, migrationsCheck, type ReadinessCheck } from "./readiness.js";

export const VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string })
      .version;
  } catch {
    return "0.0.0";
  }
})();

/** Secret values from the environment, scrubbed from every log line. */
export function secretsOf(env: Env): string[] {
  return [env.NUDGE_API_KEY, env.NUDGE_ENCRYPTION_KEY, env.METRICS_TOKEN, env.DATABASE_AUTH_TOKEN].filter(
    (s): s is string => typeof s === "string" && s.length > 0,
  );
}

export interface Runtime {
  env: Env;
  log: Logger;
  database: DatabaseHandle;
  metrics: HttpMetrics;
  /** The domain, built once for this process (docs/architecture.md#layers). */
  nudge: Nudge;
  services: ApiServices;
  readiness: ReadinessCheck[];
  close(): Promise<void>;
}

/**
 * Opens the database, applies migrations and builds the domain (with Redis when configured).
 * Everything `serve` and the sub-commands share; the only place the server wires the domain.
 */
export async function createRuntime(
  env: Env,
  options: { logDestination?: DestinationStream; clock?: Clock; migrate?: boolean } = {},
): Promise<Runtime> {
  const clock = options.clock ?? systemClock;
  const log = createLogger({
    level: env.LOG_LEVEL,
    secrets: secretsOf(env),
    destination: options.logDestination,
    base: { role: env.ROLE },
  });
  const metrics = createMetrics();
  const database = await createDatabase({
    url: env.DATABASE_URL,
    authToken: env.DATABASE_AUTH_TOKEN,
    observe: metrics.observeQuery,
  });
  let nudge: Nudge;
  try {
    if (options.migrate !== false) await runMigrations(database.db);
    nudge = await createNudge({
      db: database.db,
      log,
      clock,
      registry: metrics.registry,
      redisUrl: env.REDIS_URL,
      dataDir: env.NUDGE_DATA_DIR,
      linkedinBaseUrl: env.LINKEDIN_BASE_URL,
      // Validated by the env schema; none means uploads are refused with ENCRYPTION_KEY_MISSING.
      encryptionKeys: env.NUDGE_ENCRYPTION_KEY ? [parseEncryptionKey(env.NUDGE_ENCRYPTION_KEY)] : [],
      chromiumPath: env.CHROMIUM_PATH,
      worker: { leaseMs: env.RUN_LEASE_MS, maxConcurrentRuns: env.WORKER_CONCURRENCY },
      housekeeping: housekeepingOptions(env),
      notifications: { checks: { sessionWarningDays: env.SESSION_WARNING_DAYS } },
    });
  } catch (error) {
    database.close();
    throw error;
  }
  const readiness: ReadinessCheck[] = [
    databaseCheck(database),
    migrationsCheck(database),
    coordinatorCheck(nudge.coordinator),
  ];
  const services = createApiServices({
    nudge,
    log,
    version: VERSION,
    observeCall: ({ path, type, code }) => metrics.trpcCalls.inc({ procedure: path, type, code }),
  });
  return {
    env,
    log,
    database,
    metrics,
    nudge,
    services,
    readiness,
    async close() {
      await nudge.close().catch((error: unknown) => log.warn({ err: error }, "the domain did not close cleanly"));
      database.close();
    },
  };
}

export interface RunningServer {
  url: string;
  port: number;
  server: ServerType;
  runtime: Runtime;
  /** Graceful stop: refuse new connections, let in-flight requests finish, close the database. */
  shutdown(reason?: string): Promise<void>;
}

export async function startServer(
  env: Env,
  options: { logDestination?: DestinationStream; clock?: Clock; announceKey?: (line: string) => void } = {},
): Promise<RunningServer> {
  const runtime = await createRuntime(env, options);
  const { log } = runtime;
  const firstKey = await runtime.nudge.keys.ensureFirstAdmin({
    envKey: env.NUDGE_API_KEY,
    dataDir: env.NUDGE_DATA_DIR,
  });
  if (firstKey.kind === "generated") {
    // Shown once, on the terminal only (not through the logger, which may ship logs elsewhere).
    (options.announceKey ?? ((line) => process.stderr.write(`${line}\n`)))(
      `First admin API key (shown once, also saved to ${firstKey.file} with mode 0600):\n  ${firstKey.key}`,
    );
    log.info({ keyId: firstKey.keyId, file: firstKey.file }, "generated the first admin API key");
  } else if (firstKey.kind === "from_env") {
    log.info({ keyId: firstKey.keyId }, "stored NUDGE_API_KEY as the first admin key");
  }
  const app = createApp({
    services: runtime.services,
    log,
    metrics: runtime.metrics,
    readiness: runtime.readiness,
    serveApi: env.ROLE !== "worker",
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    allowedOrigins: env.ALLOWED_ORIGINS,
    metricsToken: env.METRICS_TOKEN,
    trustProxy: env.TRUST_PROXY,
    webDir: env.NUDGE_WEB_DIR ?? new URL("../../web/dist", import.meta.url).pathname,
    artifactsDir: join(env.NUDGE_DATA_DIR, "artifacts"),
  });
  // The worker, the scheduler, the notification sender and the page check run in every role but the API-only one.
  await runtime.nudge.startBackground({
    worker: env.ROLE !== "api",
    scheduler: env.ROLE !== "api",
    notifications: env.ROLE !== "api",
    pageChecks: env.ROLE !== "api" && env.PAGE_CHECK === "on",
  });
  const server = await new Promise<ServerType>((resolveListen) => {
    const s = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, () => resolveListen(s));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  const host = env.HOST === "0.0.0.0" || env.HOST === "::" ? "127.0.0.1" : env.HOST;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  log.info({ url, database: runtime.database.url, redis: Boolean(env.REDIS_URL) }, "nudge listening");

  let stopping: Promise<void> | undefined;
  const shutdown = (reason = "shutdown") =>
    (stopping ??= (async () => {
      log.info({ reason }, "shutting down: no new connections, draining in-flight requests");
      const closed = new Promise<void>((r) => server.close(() => r()));
      // Keep-alive connections with no request in flight would hold close() open forever.
      if ("closeIdleConnections" in server) (server as { closeIdleConnections(): void }).closeIdleConnections();
      const idleSweep = setInterval(() => {
        if ("closeIdleConnections" in server) (server as { closeIdleConnections(): void }).closeIdleConnections();
      }, 100);
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<"timeout">((r) => {
        timer = setTimeout(() => r("timeout"), env.SHUTDOWN_TIMEOUT_MS);
      });
      const outcome = await Promise.race([closed.then(() => "drained" as const), deadline]);
      clearInterval(idleSweep);
      clearTimeout(timer);
      if (outcome === "timeout") {
        log.warn(
          { timeoutMs: env.SHUTDOWN_TIMEOUT_MS },
          "in-flight requests did not finish in time; closing connections",
        );
        if ("closeAllConnections" in server) (server as { closeAllConnections(): void }).closeAllConnections();
      }
      await runtime.close();
      log.info({ outcome }, "stopped");
      log.flush();
    })());

  return { url, port, server, runtime, shutdown };
}
