import superjson from "superjson";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ADMIN_KEY, startTestServer, type TestServer } from "./harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});
afterEach(() => {
  vi.restoreAllMocks();
});

interface ErrorBody {
  error: { json: { message: string; data: { code: string; httpStatus: number } } };
}

async function call(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, { headers });
  return { status: res.status, body: (await res.json()) as ErrorBody };
}

const input = (envelope: unknown) => `input=${encodeURIComponent(JSON.stringify(envelope))}`;
/** A superjson `meta` whose type list is a string: superjson recurses on it until the stack overflows. */
const CRAFTED_META = { json: {}, meta: { values: "x" } };

describe("the tRPC endpoint, served by tRPC's fetch adapter", () => {
  it("answers an unauthenticated call with a crafted superjson meta as a plain 401, unread", async () => {
    const deserialize = vi.spyOn(superjson, "deserialize");
    const { status, body } = await call(`/trpc/data.contacts.list?${input(CRAFTED_META)}`);
    expect(status).toBe(401);
    expect(body.error.json.data.code).toBe("UNAUTHORIZED");
    expect(deserialize).not.toHaveBeenCalled();
  });

  it("refuses a crafted superjson meta from a caller with a key: a clear 400, before superjson recurses", async () => {
    const deserialize = vi.spyOn(superjson, "deserialize");
    const { status, body } = await call(`/trpc/data.contacts.list?${input(CRAFTED_META)}`, { "x-api-key": ADMIN_KEY });
    expect(status).toBe(400);
    expect(body.error.json.data.code).toBe("VALIDATION_FAILED");
    expect(body.error.json.message).toBe("invalid input: malformed superjson meta.values");
    expect(deserialize).not.toHaveBeenCalled();
  });

  it("answers unreadable input with a fixed sentence, never the exception's own text", async () => {
    const badEqualities = input({ json: { limit: 5 }, meta: { referentialEqualities: "x" } });
    const inputs = ["input=null", "input=%7Bnot-json", badEqualities];
    for (const query of inputs) {
      const { status, body } = await call(`/trpc/data.contacts.list?${query}`, { "x-api-key": ADMIN_KEY });
      expect(status).toBe(400);
      expect(body.error.json.data.code).toBe("VALIDATION_FAILED");
      expect(body.error.json.message).toMatch(/^invalid input/);
      expect(body.error.json.message).not.toMatch(/destructure|JSON|position|Maximum call stack/);
    }
  });

  it("answers 400 to a path with bad percent-encoding, and logs no stack trace", async () => {
    const { status, body } = await call("/trpc/%ZZ", { "x-request-id": "bad-encoding" });
    expect(status).toBe(400);
    expect(body.error.json.data.code).toBe("VALIDATION_FAILED");
    const lines = server.logs.records().filter((r) => r.reqId === "bad-encoding");
    expect(lines.map((l) => l.msg)).toEqual(["request"]);
    expect(lines[0]).toMatchObject({ status: 400, level: "info" });
  });

  it("answers 404 to a NUL in the path instead of running a second procedure", async () => {
    const { status, body } = await call("/trpc/health.status%00keys.list", { "x-api-key": ADMIN_KEY });
    expect(status).toBe(404);
    expect(body.error.json.data.code).toBe("NOT_FOUND");
    expect(JSON.stringify(body)).not.toContain("admin (NUDGE_API_KEY)");
  });

  it("refuses a batch of more than 20 calls", async () => {
    const paths = (n: number) => Array.from({ length: n }, () => "health.status").join(",");
    const batch = (n: number) => `/trpc/${paths(n)}?batch=1&input=%7B%7D`;
    const twenty = await fetch(`${server.url}${batch(20)}`);
    expect(twenty.status).toBe(200);
    expect(((await twenty.json()) as unknown[]).length).toBe(20);
    const { status, body } = await call(batch(21));
    expect(status).toBe(400);
    expect(body.error.json.message).toBe("Batch call exceeds maximum size");
  });

  it("takes 25 queries at once from the typed client, which splits its batches at the same size", async () => {
    const client = server.client(ADMIN_KEY);
    const answers = await Promise.all(Array.from({ length: 25 }, () => client.health.status.query()));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 25 }, () => "ok"));
  });

  it("answers 400 to a crafted keyset cursor instead of querying with NaN", async () => {
    for (const position of [[9007199254740991, 1], [1, 0], [-1, 5], [1.5, 2], ["1", 2], [1, 2, 3]]) {
      const cursor = Buffer.from(JSON.stringify(position)).toString("base64url");
      const path = `/trpc/data.contacts.list?${input({ json: { cursor } })}`;
      const { status, body } = await call(path, { "x-api-key": ADMIN_KEY });
      expect(status).toBe(400);
      expect(body.error.json.data.code).toBe("VALIDATION_FAILED");
    }
  });
});
