import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, startTestServer, type TestServer } from "./harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const sample = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe("database metrics", () => {
  it("time every statement by operation and count failures, each operation's series there from the start", async () => {
    await server.client(ADMIN_KEY).keys.create.mutate({ name: "metrics", role: "viewer" });
    await expect(server.running.runtime.database.client.execute("select * from no_such_table")).rejects.toThrow();
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(sample(text, 'nudge_db_query_duration_seconds_count{operation="select"}')).toBeGreaterThan(0);
    expect(sample(text, 'nudge_db_query_duration_seconds_count{operation="insert"}')).toBeGreaterThan(0);
    expect(sample(text, 'nudge_db_query_duration_seconds_count{operation="commit"}')).toBeGreaterThan(0);
    expect(sample(text, 'nudge_db_errors_total{operation="select"}')).toBe(1);
    expect(sample(text, 'nudge_db_errors_total{operation="delete"}')).toBe(0);
  });
});
