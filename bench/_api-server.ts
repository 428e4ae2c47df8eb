// Server process for bench/api.ts: the real app plus one bare Hono route doing the same work as
// the `health.status` procedure, so the two can be compared on the same process.
import { serve } from "@hono/node-server";
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
const { clock, version, startedAt } = runtime.services;
app.get("/bench/bare-status", (c) => {
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
serve({ fetch: app.fetch, port: env.PORT, hostname: "127.0.0.1" }, () => process.stdout.write("ready\n"));
