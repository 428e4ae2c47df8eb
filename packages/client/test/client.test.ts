import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, errorCode } from "../src/index.js";
import { ADMIN_KEY, CONTACTS, startNudgeServer, type NudgeServer } from "./nudge-server.js";

describe("createClient against a real server", () => {
  let server: NudgeServer;
  beforeAll(async () => {
    server = await startNudgeServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("sends the API key and hands back typed results, dates as Date", async () => {
    const sent: (string | null)[] = [];
    const nudge = createClient({
      url: `${server.url}/`,
      apiKey: ADMIN_KEY,
      fetch: (input, init) => {
        sent.push(new Headers(init?.headers).get("x-api-key"));
        return fetch(input, init);
      },
    });
    const status = await nudge.health.status.query();
    expect(status).toMatchObject({ status: "ok", authenticated: true, role: "admin" });
    expect(status.startedAt).toBeInstanceOf(Date);
    const page = await nudge.data.contacts.list.query({ hasBirthday: true });
    expect(page.items.map((c) => c.fullName).sort()).toEqual(
      CONTACTS.filter((c) => c.birthMonth !== null)
        .map((c) => c.fullName)
        .sort(),
    );
    expect(page.items[0]!.updatedAt).toBeInstanceOf(Date);
    expect(sent).toEqual([ADMIN_KEY, ADMIN_KEY]);
  });

  it("reports the server's stable error code of a refused call", async () => {
    const unknownKey = await createClient({ url: server.url, apiKey: "nudge_not_a_real_key_0000000000" })
      .keys.list.query()
      .catch((e: unknown) => e);
    expect(errorCode(unknownKey)).toBe("UNAUTHORIZED");
    const viewer = await createClient({ url: server.url, apiKey: ADMIN_KEY }).keys.create.mutate({
      name: "read-only script",
      role: "viewer",
    });
    const notAdmin = await createClient({ url: server.url, apiKey: viewer.key })
      .keys.list.query()
      .catch((e: unknown) => e);
    expect(errorCode(notAdmin)).toBe("FORBIDDEN");
    expect(errorCode(new Error("not a call"))).toBeUndefined();
  });
});
