import { serve } from "@hono/node-server";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ScenarioInput } from "./scenario.js";
import { createSimulator, type Simulator } from "./simulator.js";

export interface RunningSimulator {
  /** Base URL, e.g. `http://127.0.0.1:8081` (no trailing slash): use it as `LINKEDIN_BASE_URL`. */
  url: string;
  port: number;
  simulator: Simulator;
  close(): Promise<void>;
}

/** Serves a simulator on `host:port` (port 0 picks a free one). */
export async function startSimulator({
  port = 0,
  host = "127.0.0.1",
  scenario,
}: { port?: number; host?: string; scenario?: ScenarioInput } = {}): Promise<RunningSimulator> {
  const simulator = createSimulator(scenario);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: simulator.app.fetch, port, hostname: host }, () => resolve(s)) as Server;
    s.once("error", reject);
  });
  const actual = (server.address() as AddressInfo).port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${actual}`,
    port: actual,
    simulator,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Browsers keep connections alive; without this, close() waits for them to time out.
        server.closeAllConnections();
      }),
  };
}
