import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, startTestServer, type TestServer } from "./harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const enc = (v: unknown) => encodeURIComponent(JSON.stringify(v));

/**
 * The GET fast path must answer exactly like tRPC's fetch adapter. A `trpc-accept` header that is
 * not a streaming type sends the same request down the adapter, so the two can be compared.
 */
async function both(path: string, headers: Record<string, string> = {}) {
  const get = async (extra: Record<string, string>) => {
    const res = await fetch(`${server.url}${path}`, { headers: { ...headers, ...extra } });
    return { status: res.status, body: (await res.json()) as unknown, requestId: res.headers.get("x-request-id") };
  };
  return { fast: await get({}), adapter: await get({ "trpc-accept": "application/json" }) };
}

describe("the tRPC GET fast path", () => {
  const cases: [string, string, Record<string, string>][] = [
    ["a public query", "/trpc/health.status", {}],
    ["a query with input", `/trpc/data.contacts.list?input=${enc({ json: { limit: 5 } })}`, { "x-api-key": ADMIN_KEY }],
    ["a missing key", "/trpc/data.contacts.list", {}],
    ["a validation error", `/trpc/data.contacts.list?input=${enc({ json: { limit: 1000 } })}`, { "x-api-key": ADMIN_KEY }],
    ["a not-found error", `/trpc/data.contacts.get?input=${enc({ json: { id: 424242 } })}`, { "x-api-key": ADMIN_KEY }],
    [
      "a mixed batch (207)",
      `/trpc/health.status,data.contacts.list,data.contacts.list?batch=1&input=${enc({ 1: { json: { limit: 2 } }, 2: { json: { limit: 999 } } })}`,
      { "x-api-key": ADMIN_KEY },
    ],
    ["an unknown procedure", "/trpc/data.nope", {}],
    ["malformed input", "/trpc/health.status?input=%7Bnot-json", {}],
    ["a mutation over GET", "/trpc/keys.create", { "x-api-key": ADMIN_KEY }],
  ];
  for (const [name, path, headers] of cases) {
    it(`answers ${name} like the adapter`, async () => {
      const { fast, adapter } = await both(path, headers);
      const strip = (b: unknown) => JSON.parse(JSON.stringify(b).replace(/"(uptimeSeconds|time)":[^,}]*/g, '"$1":0').replace(/"time":\{[^}]*\}/g, ""));
      expect(fast.status).toBe(adapter.status);
      expect(strip(fast.body)).toEqual(strip(adapter.body));
      expect(fast.requestId).toBeTruthy();
      expect(adapter.requestId).toBeTruthy();
    });
  }
});
