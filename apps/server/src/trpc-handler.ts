import { appRouter, createRequestContext, type ApiServices, type Context } from "@nudge/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import {
  getErrorShape,
  getHTTPStatusCode,
  getProcedureAtPath,
  getTRPCErrorFromUnknown,
  transformTRPCResponse,
  type AnyProcedure,
} from "@trpc/server/unstable-core-do-not-import";
import type { Context as HonoContext } from "hono";
import type { Logger } from "pino";
import { requestHeader, requestLog, stampedHeaders } from "./request-context.js";

export const TRPC_ENDPOINT = "/trpc";
const PREFIX = `${TRPC_ENDPOINT}/`;
const MAX_BATCH = 20;

interface RequestBits {
  services: ApiServices;
  clientIp: string;
  log: Logger;
  requestId: string;
  apiKey: string | undefined;
}

function createContext(bits: RequestBits): Promise<Context> {
  return createRequestContext({ services: bits.services, apiKey: bits.apiKey, requestId: bits.requestId, ip: bits.clientIp, log: bits.log });
}

const procedureCache = new Map<string, AnyProcedure | null>();
/** Procedure lookup, memoised: the router is static, and unknown paths are not cached. */
async function findProcedure(path: string): Promise<AnyProcedure | null> {
  const cached = procedureCache.get(path);
  if (cached) return cached;
  const procedure = await getProcedureAtPath(appRouter, path);
  if (procedure) procedureCache.set(path, procedure);
  return procedure;
}

/**
 * Queries over GET (what panels and scripts poll) take a direct path: parse the batch, call each
 * procedure through tRPC's own `callProcedure`, shape errors with the router's formatter and
 * serialise with its transformer — the same wire format and status codes as tRPC's fetch adapter,
 * without building a WHATWG Request/Response pair, two AbortSignal.any() chains per call and a
 * second URL parse. Anything else (mutations, streaming `trpc-accept`, subscriptions, unknown
 * paths, malformed input) returns null and goes through `fetchRequestHandler`, which produces the
 * canonical answer, errors included.
 */
async function fastQuery(c: HonoContext, bits: RequestBits): Promise<Response | null> {
  if (c.req.method !== "GET" || requestHeader(c, "trpc-accept") !== undefined) return null;
  const path = c.req.path;
  if (!path.startsWith(PREFIX)) return null;
  const query = c.req.queries();
  if (query.connectionParams !== undefined) return null;
  const isBatch = query.batch?.[0] === "1";
  const paths = decodeURIComponent(path.slice(PREFIX.length)).split(isBatch ? "," : "\u0000");
  if (paths.length > MAX_BATCH) return null;
  const procedures: AnyProcedure[] = [];
  for (const p of paths) {
    const procedure = await findProcedure(p);
    if (!procedure || procedure._def.type !== "query") return null;
    procedures.push(procedure);
  }
  const config = appRouter._def._config;
  let rawInputs: unknown[];
  try {
    const text = query.input?.[0];
    const parsed: unknown = text === undefined ? undefined : JSON.parse(text);
    if (!isBatch) rawInputs = [parsed === undefined ? undefined : config.transformer.input.deserialize(parsed)];
    else {
      if (parsed !== undefined && (typeof parsed !== "object" || parsed === null)) return null;
      const record = (parsed ?? {}) as Record<string, unknown>;
      rawInputs = paths.map((_, i) => (record[i] === undefined ? undefined : config.transformer.input.deserialize(record[i])));
    }
  } catch {
    return null;
  }
  const ctx = await createContext(bits);
  const items = await Promise.all(
    procedures.map(async (procedure, index) => {
      const input = rawInputs[index];
      try {
        const data: unknown = await procedure({
          path: paths[index]!,
          getRawInput: async () => input,
          ctx,
          type: "query",
          signal: undefined,
          batchIndex: index,
        });
        return { result: { data } };
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        return { error: getErrorShape({ config, error, type: "query", path: paths[index], input, ctx }) };
      }
    }),
  );
  const untransformed = isBatch ? items : items[0]!;
  const status = getHTTPStatusCode(untransformed as Parameters<typeof getHTTPStatusCode>[0]);
  const body = JSON.stringify(transformTRPCResponse(config, untransformed as Parameters<typeof transformTRPCResponse>[1]));
  return new Response(body, { status, headers: stampedHeaders(c, "application/json", "api", { vary: "trpc-accept" }) });
}

/**
 * Mounts the tRPC router. Context comes from the Hono context (request id, logger, caller
 * address), typed end to end — the community adapter erases the context type.
 */
export async function handleTrpc(c: HonoContext, services: ApiServices, clientIp: string): Promise<Response> {
  const bits: RequestBits = {
    services,
    clientIp,
    log: requestLog(c, services.log),
    requestId: c.get("requestId" as never) as string,
    apiKey: requestHeader(c, "x-api-key"),
  };
  const fast = await fastQuery(c, bits);
  if (fast) return fast;
  return fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req: c.req.raw,
    router: appRouter,
    createContext: () => createContext(bits),
  });
}
