import type { ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import { callerOf, type ApiServices } from "@nudge/api";
import { CONTACT_SOURCES, CONTACT_STATUSES, DEFAULT_ACCOUNT_ID } from "@nudge/db";
import type { Context } from "hono";
import { z } from "zod";
import type { TrustedProxies } from "./client-address.js";
import { stampedHeaders } from "./request-context.js";
import { plainRouteContext } from "./signed-in.js";

export const CONTACT_EXPORT_PATH = "/export/contacts.csv";

const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

/** The filters of `data.contacts.list` as query parameters, plus `minScore` and `bom`. */
const querySchema = z
  .object({
    accountId: z.coerce
      .number()
      .int()
      .positive()
      .max(2 ** 31)
      .default(DEFAULT_ACCOUNT_ID),
    status: z.enum(CONTACT_STATUSES).optional(),
    source: z.enum(CONTACT_SOURCES).optional(),
    hasBirthday: flag.optional(),
    search: z.string().trim().min(1).max(200).optional(),
    minScore: z.coerce.number().min(0).max(100).optional(),
    bom: flag.optional(),
  })
  .strict();

/**
 * Contacts as CSV (docs/sourcing.md#csv-export): a plain HTTP download, since tRPC is not made
 * for streaming files. Signed-in viewers only — by API key or panel cookie, checked exactly as
 * the API checks them. The body is streamed from keyset-paged reads, so a million rows cost the
 * memory of one page.
 */
export function contactExport(services: ApiServices, proxies: TrustedProxies) {
  return async (c: Context): Promise<Response> => {
    const ctx = await plainRouteContext(c, services, proxies);
    if (ctx instanceof Response) return ctx;
    const { principal } = ctx;
    if (!principal) return c.json({ error: { code: "UNAUTHORIZED", message: "sign in to export contacts" } }, 401);
    const parsed = querySchema.safeParse(c.req.query());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const message = `invalid export query (${issue?.path.join(".") || "query"}: ${issue?.message ?? "invalid"})`;
      return c.json({ error: { code: "VALIDATION_FAILED", message } }, 400);
    }
    const { bom, ...filter } = parsed.data;
    const csv = ctx.nudge.contacts.exportCsv(filter, { bom: bom ?? false }, callerOf({ principal, log: ctx.log }));
    const headers = stampedHeaders(c, "api", {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="contacts-${filter.accountId}.csv"`,
      "cache-control": "no-store",
    });
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    if (!outgoing) {
      // In-process (`app.request()`): a web stream of the same text.
      const body = (Readable.toWeb(csv) as ReadableStream<string>).pipeThrough(new TextEncoderStream());
      return new Response(body, { status: 200, headers });
    }
    // Straight to Node's response: strings go to the socket as they are, with its backpressure.
    outgoing.writeHead(200, headers);
    pipeline(csv, outgoing).catch((error: unknown) =>
      ctx.log.warn({ err: error }, "the contacts export stopped before its end"),
    );
    return RESPONSE_ALREADY_SENT;
  };
}
