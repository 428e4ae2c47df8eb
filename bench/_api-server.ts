// Server process for bench/api.ts: the real app on PORT, and in the same process a bare Hono app
// (no middleware at all) on BARE_PORT whose routes do the same work as `/health` and the
// `health.status` procedure. The bare app is the baseline: what Hono costs with nothing of ours.
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { createApp, createRuntime, parseEnv } from "@nudge/server";

const env = parseEnv({ ...process.env, LOG_LEVEL: "warn" });
const runtime = await createRuntime(env);
const app = createApp({
  services: runtime.services,
  log: runtime.log,
  metrics: runtime.metrics,
  readiness: runtime.readiness,
  serveApi: true,
  bodyLimitBytes: env.BODY_LIMIT_BYTES,
  allowedOrigins: [],
});
const { version, startedAt } = runtime.services;
const { clock } = runtime.nudge;
const bare = new Hono();
bare.get("/health", (c) => c.json({ status: "ok" }));
bare.get("/status", (c) => {
  const now = clock.now();
  return c.json({
    result: {
      data: {
        json: {
          status: "ok",
          version,
          startedAt: startedAt.toISOString(),
          uptimeSeconds: Math.round((now.getTime() - startedAt.getTime()) / 1000),
          time: now.toISOString(),
          authenticated: false,
          role: null,
        },
      },
    },
  });
});
serve({ fetch: bare.fetch, port: Number(process.env.BARE_PORT), hostname: "127.0.0.1" });
serve({ fetch: app.fetch, port: env.PORT, hostname: "127.0.0.1" }, () => process.stdout.write("ready\n"));
process.on("SIGINT", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));
