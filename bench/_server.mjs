// Server process for bench/campaign.ts and bench/soak.ts: Nudge's real server (`startServer`, the
// same wiring as `nudge-server serve`, ROLE=all: API + worker in one process) on PORT, and on
// PROBE_PORT a side door the benches use to read this process's memory after a full garbage
// collection (node runs with --expose-gc), so a soak compares settled heaps, not GC timing.
// Plain JavaScript so that it runs on the built packages (dist/, what `nudge-server` runs) as
// well as on the sources through tsx.
import { serve } from "@hono/node-server";
import { parseEnv, startServer } from "@nudge/server";
import { Hono } from "hono";

const running = await startServer(parseEnv(process.env));

const collect = globalThis.gc;
const probe = new Hono().get("/settled-memory", async (c) => {
  // Two collections a moment apart: the first frees what finalisers and weak references release
  // in the second; the pause lets pending I/O callbacks (closed sockets, pipes) run in between.
  for (let i = 0; i < 2; i++) {
    if (collect) collect();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const { rss, heapUsed, external } = process.memoryUsage();
  return c.json({ rss, heapUsed, external, collected: collect !== undefined });
});
serve({ fetch: probe.fetch, port: Number(process.env.PROBE_PORT), hostname: "127.0.0.1" });
process.stdout.write(`ready ${running.url}\n`);

const stop = () => {
  running.shutdown("bench done").then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
