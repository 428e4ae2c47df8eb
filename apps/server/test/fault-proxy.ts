import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What the proxy does to a request whose path starts with a rule's prefix. */
export type Fault = "drop" | 429;

export interface FaultProxy {
  url: string;
  /** Path prefix → fault; changed between runs. */
  faults: Map<string, Fault>;
  close(): Promise<void>;
}

/**
 * A plain HTTP proxy in front of the simulator that breaks chosen pages: `drop` closes the
 * connection without an answer (a page that never loads), 429 answers "Too Many Requests". Every
 * other request goes through untouched, so the engine meets these faults exactly as it would on
 * the network.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const faults = new Map<string, Fault>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? "/";
    const fault = [...faults.entries()].find(([prefix]) => path.startsWith(prefix))?.[1];
    if (fault === "drop") {
      req.socket.destroy();
      return;
    }
    if (fault === 429) {
      res.writeHead(429, { "content-type": "text/html" }).end("<html><body>Too Many Requests</body></html>");
      return;
    }
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
