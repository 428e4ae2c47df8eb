import { startSimulator } from "@nudge/linkedin-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, startTestServer, type TestServer } from "./harness.js";

const LI_AT = "AQEDAR-simulated-session-cookie-value-1234567890";
let sim: Awaited<ReturnType<typeof startSimulator>>;
let server: TestServer;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, scenario: { cookie: LI_AT } });
  server = await startTestServer({ LINKEDIN_BASE_URL: sim.url });
});
afterAll(async () => {
  await server?.stop();
  await sim?.close();
});

describe("LinkedIn sessions through the real server and Chromium", () => {
  it("stores an uploaded li_at encrypted, checks it live, and never shows the cookie", async () => {
    const admin = server.client(ADMIN_KEY);
    const uploaded = await admin.accounts.uploadSession.mutate({ session: LI_AT });
    expect(uploaded.check).toMatchObject({ status: "valid" });
    expect((await admin.accounts.status.query({})).sessionStatus).toBe("valid");

    const stored = await server.running.runtime.database.client.execute("select session from accounts where id = 1");
    const blob = stored.rows[0]!.session as string;
    expect(blob).toMatch(/^v1\./);
    expect(blob).not.toContain(LI_AT);

    // LinkedIn logs the session out: the next check says expired.
    await fetch(`${sim.url}/__sim/scenario`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ cookie: "another-cookie-value" }),
    });
    const checked = await admin.accounts.checkNow.mutate({});
    expect(checked.status).toBe("expired");

    // The live checks' selector lookups are counted in the app's registry.
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^nudge_selector_resolutions_total\{key="feed\.logged_in_marker",outcome="\w+"\} [1-9]/m);

    const everything = JSON.stringify([uploaded, checked, await admin.accounts.list.query()]) + server.logs.text();
    expect(everything).not.toContain(LI_AT);
  });

  it("rejects an unusable upload with a clear error and keeps the stored session", async () => {
    const admin = server.client(ADMIN_KEY);
    const before = await server.running.runtime.database.client.execute("select session from accounts where id = 1");
    const error: unknown = await admin.accounts.uploadSession
      .mutate({ session: [{ name: "JSESSIONID", value: "x", domain: ".linkedin.com" }] })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/li_at/);
    const after = await server.running.runtime.database.client.execute("select session from accounts where id = 1");
    expect(after.rows[0]!.session).toEqual(before.rows[0]!.session);
  });
});
