import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, startTestServer, type TestServer } from "./harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ BODY_LIMIT_BYTES: String(1024 * 1024) });
});
afterAll(async () => {
  await server?.stop();
});

const post = (bytes: number) =>
  fetch(`${server.url}/trpc/keys.create`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": ADMIN_KEY },
    body: JSON.stringify({ json: { name: "x".repeat(bytes), role: "viewer" } }),
  });

describe("oversized request bodies over keep-alive (Node's fetch)", () => {
  it("answers every one with a readable 413 that closes its connection, then serves the next request", async () => {
    const answers: unknown[] = [];
    // One after the other, so that each could reuse the connection of the one before.
    for (let i = 0; i < 20; i++) {
      const answer = await post(1.2 * 1024 * 1024).then(
        async (res) => {
          const body = (await res.json()) as unknown;
          return { status: res.status, connection: res.headers.get("connection"), body };
        },
        (error: unknown) => ({ networkError: String((error as Error).cause ?? error) }),
      );
      answers.push(answer);
    }
    const tooLarge = {
      status: 413,
      connection: "close",
      body: { error: { code: "PAYLOAD_TOO_LARGE", message: `request body over ${1024 * 1024} bytes` } },
    };
    expect(answers).toEqual(Array.from({ length: 20 }, () => tooLarge));
    // Under the limit: its normal answer (a name of 600 KB is not a valid key name).
    const next = await post(600 * 1024);
    expect(next.status).toBe(400);
    const answer = (await next.json()) as { error: { json: { data: { code: string } } } };
    expect(answer.error.json.data.code).toBe("VALIDATION_FAILED");
  });

  it("answers 413 to a chunked body that grows past the limit, and serves the next request", async () => {
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 1.2 * 1024 * 1024) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${server.url}/trpc/keys.create`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": ADMIN_KEY },
      body,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(res.headers.get("connection")).toBe("close");
    await res.body?.cancel();
    const next = await post(10);
    expect(next.status).toBe(200);
  });
});
