import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter, createRequestContext, type ApiServices } from "@nudge/api";
import type { Context as HonoContext } from "hono";
import type { Logger } from "pino";

export const TRPC_ENDPOINT = "/trpc";

/**
 * Mounts the tRPC router. Context comes from the Hono context (request id, logger, caller
 * address), typed end to end — the community adapter erases the context type.
 */
export function handleTrpc(c: HonoContext, services: ApiServices, clientIp: string): Promise<Response> {
  const log = c.get("log" as never) as Logger;
  const requestId = c.get("requestId" as never) as string;
  return fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req: c.req.raw,
    router: appRouter,
    createContext: () => createRequestContext({ services, apiKey: c.req.header("x-api-key"), requestId, ip: clientIp, log }),
  });
}
