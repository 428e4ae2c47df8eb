// Server process for bench/api.ts: Nudge's app on PORT and, in the same process, the stack a user
// would pick instead on PEER_PORT — a bare Hono app with no middleware, a `/health` route and
// tRPC's fetch adapter mounted on /trpc serving the same router with a bare context. CPU_PORT
// reports the process's CPU time.
import { serve } from "@hono/node-server";
import { appRouter, createInnerContext } from "@nudge/api";
import { createApp, createRuntime, parseEnv } from "@nudge/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { Hono } from "hono";

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
const { services } = runtime;
const peer = new Hono();
peer.get("/health", (c) => c.json({ status: "ok" }));
peer.all("/trpc/*", (c) =>
  fetchRequestHandler({ endpoint: "/trpc", req: c.req.raw, router: appRouter, createContext: () => createInnerContext({ services }) }),
);
serve({ fetch: peer.fetch, port: Number(process.env.PEER_PORT), hostname: "127.0.0.1" });
// This process's CPU time, so the bench can charge each run the CPU it cost (robust on a busy machine).
const cpu = new Hono().get("/cpu", (c) => {
  const { user, system } = process.cpuUsage();
  return c.text(String(user + system));
});
serve({ fetch: cpu.fetch, port: Number(process.env.CPU_PORT), hostname: "127.0.0.1" });
serve({ fetch: app.fetch, port: env.PORT, hostname: "127.0.0.1" }, () => process.stdout.write("ready\n"));
process.on("SIGINT", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));
