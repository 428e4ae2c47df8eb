import { errorCode, TRPCClientError } from "@nudge/client";
import { checkMetrics } from "@nudge/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, ENCRYPTION_KEY, startTestServer, type TestServer } from "./harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

async function failure(promise: Promise<unknown>): Promise<TRPCClientError<never>> {
  const error = await promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  return error as TRPCClientError<never>;
}

function httpStatus(error: TRPCClientError<never>): number | undefined {
  return (error.data as { httpStatus?: number } | undefined)?.httpStatus;
}

describe("probes", () => {
  it("answers /health without touching anything", async () => {
    // A server whose database is closed: /health doing any I/O would fail.
    const isolated = await startTestServer();
    try {
      isolated.running.runtime.database.close();
      const res = await fetch(`${isolated.url}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ok" });
    } finally {
      await isolated.stop();
    }
  });

  it("marks /health, /ready and /metrics nosniff and not to be cached", async () => {
    for (const path of ["/health", "/ready", "/metrics"]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("answers /ready with each check", async () => {
    const res = await fetch(`${server.url}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ready", checks: { database: { status: "ok" }, migrations: { status: "ok" } } });
  });

  it("serves /metrics that promtool accepts with exit code 0", async () => {
    await fetch(`${server.url}/health`);
    await server.client(ADMIN_KEY).health.status.query();
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toContain("http_requests_total");
    expect(text).toContain("nudge_trpc_calls_total");
    expect(text).toContain("process_resident_memory_bytes");
    expect(checkMetrics(text)).toEqual({ status: 0, output: "" });
  });
});

describe("authentication over HTTP", () => {
  it("answers 401 without a key, with a wrong key and with a revoked key", async () => {
    const noKey = await failure(server.client().data.contacts.list.query({}));
    expect(errorCode(noKey)).toBe("UNAUTHORIZED");
    expect(httpStatus(noKey)).toBe(401);

    const wrong = await failure(server.client("nudge_this_is_not_a_real_key_at_all").data.contacts.list.query({}));
    expect(errorCode(wrong)).toBe("UNAUTHORIZED");
    expect(httpStatus(wrong)).toBe(401);

    const admin = server.client(ADMIN_KEY);
    const created = await admin.keys.create.mutate({ name: "to revoke", role: "viewer" });
    expect((await server.client(created.key).data.contacts.list.query({})).items).toEqual([]);
    await admin.keys.revoke.mutate({ id: created.id });
    const revoked = await failure(server.client(created.key).data.contacts.list.query({}));
    expect(errorCode(revoked)).toBe("UNAUTHORIZED");
    expect(httpStatus(revoked)).toBe(401);
  });

  it("answers 403 when a viewer calls an admin procedure", async () => {
    const { key } = await server.client(ADMIN_KEY).keys.create.mutate({ name: "viewer", role: "viewer" });
    const error = await failure(server.client(key).keys.list.query());
    expect(errorCode(error)).toBe("FORBIDDEN");
    expect(httpStatus(error)).toBe(403);
  });

  it("answers 400 with zod details for a limit of 1000", async () => {
    const error = await failure(server.client(ADMIN_KEY).data.contacts.list.query({ limit: 1000 }));
    expect(httpStatus(error)).toBe(400);
    expect(errorCode(error)).toBe("VALIDATION_FAILED");
    const data = error.data as unknown as { zodError: { fieldErrors: Record<string, string[]> }; stack?: string };
    expect(data.zodError.fieldErrors.limit?.[0]).toMatch(/100/);
    expect(data.stack).toBeUndefined();
  });

  it("answers 413 for an oversized body and keeps serving", async () => {
    const body = JSON.stringify({ json: { name: "x".repeat(200_000), role: "viewer" } });
    const res = await fetch(`${server.url}/trpc/keys.create`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": ADMIN_KEY },
      body,
    });
    expect(res.status).toBe(413);
    expect((await server.client(ADMIN_KEY).health.status.query()).status).toBe("ok");
  });
});

describe("logging", () => {
  it("echoes the request id and puts it on every log line of that request", async () => {
    const requestId = "test-req-42";
    const res = await fetch(`${server.url}/trpc/data.contacts.list?input=${encodeURIComponent(JSON.stringify({ json: { limit: 1000 } }))}`, {
      headers: { "x-request-id": requestId, "x-api-key": ADMIN_KEY },
    });
    expect(res.headers.get("x-request-id")).toBe(requestId);
    const generated = await fetch(`${server.url}/health`);
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const lines = server.logs.records().filter((r) => JSON.stringify(r).includes(requestId));
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const line of lines) expect(line.reqId).toBe(requestId);
    const requestLine = lines.find((l) => l.msg === "request");
    expect(requestLine).toMatchObject({ status: 400, path: "/trpc/data.contacts.list" });
  });

  it("never writes the API key or the encryption key to the logs", async () => {
    // A request whose error log would quote what it received.
    await fetch(`${server.url}/trpc/data.contacts.list`, { headers: { "x-api-key": ADMIN_KEY, "x-request-id": "secret-check" } });
    server.running.runtime.log.info({ nested: { deeper: { config: { apiKey: ADMIN_KEY, note: `key=${ENCRYPTION_KEY}` } } } }, `header was ${ADMIN_KEY}`);
    server.running.runtime.log.error({ err: new Error(`failed with ${ENCRYPTION_KEY}`) }, "boom");
    const text = server.logs.text();
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toContain(ADMIN_KEY);
    expect(text).not.toContain(ENCRYPTION_KEY);
    expect(text).toContain("[redacted]");
  });
});

describe("throttling", () => {
  it("answers 429 with retry-after after repeated bad keys from one address", async () => {
    const throttled = await startTestServer();
    try {
      let last: Response | undefined;
      for (let i = 0; i < 12; i++) {
        last = await fetch(`${throttled.url}/trpc/data.contacts.list`, { headers: { "x-api-key": `nudge_guess_${i}_padding_padding` } });
      }
      expect(last!.status).toBe(429);
      expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
      // Even the right key waits: the address is slowed down, not the key.
      const right = await fetch(`${throttled.url}/trpc/health.status`, { headers: { "x-api-key": ADMIN_KEY } });
      expect(right.status).toBe(429);
    } finally {
      await throttled.stop();
    }
  });
});

describe("throttling that a success does not reset", () => {
  it("counts failures from an address even when it interleaves a valid key of its own", async () => {
    const throttled = await startTestServer();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const headers = { "x-api-key": `nudge_guess_${i}_padding_padding` };
        const guess = await fetch(`${throttled.url}/trpc/data.contacts.list`, { headers });
        const own = await fetch(`${throttled.url}/trpc/health.status`, { headers: { "x-api-key": ADMIN_KEY } });
        statuses.push(guess.status, own.status);
      }
      expect(statuses.slice(0, 19)).toEqual(Array.from({ length: 19 }, (_, i) => (i % 2 === 0 ? 401 : 200)));
      expect(statuses.slice(19)).toEqual([429, 429, 429, 429, 429]);
    } finally {
      await throttled.stop();
    }
  });
});

describe("behind a trusted reverse proxy (TRUST_PROXY)", () => {
  const guess = (url: string, forwardedFor: string, i: number) =>
    fetch(`${url}/trpc/data.contacts.list`, {
      headers: { "x-api-key": `nudge_guess_${i}_padding_padding`, "x-forwarded-for": forwardedFor },
    });
  const right = (url: string, forwardedFor: string) =>
    fetch(`${url}/trpc/health.status`, { headers: { "x-api-key": ADMIN_KEY, "x-forwarded-for": forwardedFor } });

  it("throttles the client the proxy names, not every client behind the proxy", async () => {
    const proxied = await startTestServer({ TRUST_PROXY: "127.0.0.1" });
    try {
      // The guesser writes its own X-Forwarded-For entry; the proxy appends the address it saw.
      for (let i = 0; i < 10; i++) {
        expect((await guess(proxied.url, `198.51.100.${i}, 203.0.113.7`, i)).status).toBe(401);
      }
      expect((await right(proxied.url, "203.0.113.7")).status).toBe(429);
      expect((await right(proxied.url, "203.0.113.8")).status).toBe(200);
    } finally {
      await proxied.stop();
    }
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", async () => {
    const direct = await startTestServer({ TRUST_PROXY: "10.0.0.1" });
    try {
      for (let i = 0; i < 10; i++) expect((await guess(direct.url, `203.0.113.${i}`, i)).status).toBe(401);
      expect((await right(direct.url, "203.0.113.200")).status).toBe(429);
    } finally {
      await direct.stop();
    }
  });
});

describe("readiness when the database is gone", () => {
  it("answers 503 with a per-check detail", async () => {
    const broken = await startTestServer();
    try {
      broken.running.runtime.database.close();
      const res = await fetch(`${broken.url}/ready`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { status: string; checks: Record<string, { status: string; detail?: string }> };
      expect(body.status).toBe("not_ready");
      expect(body.checks.database!.status).toBe("fail");
      expect(body.checks.database!.detail).toMatch(/unreachable/);
      // Liveness does no I/O: the process is alive even though the database is not.
      expect((await fetch(`${broken.url}/health`)).status).toBe(200);
    } finally {
      await broken.stop();
    }
  });
});
