import { randomBytes } from "node:crypto";
import { parseEncryptionKey } from "@nudge/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "./services.js";

const LI_AT = "AQEDAroutertestCookieValue0123456789abcdefXYZ";
let api: TestApi;
const sessionsConfigured = () => ({
  encryptionKeys: [parseEncryptionKey(randomBytes(32).toString("hex"))],
  linkedinBaseUrl: "http://127.0.0.1:9",
  browsers: { withBrowser: () => Promise.reject(new Error("no browser in router tests")) },
});
beforeEach(async () => {
  api = await createTestApi(sessionsConfigured());
});
afterEach(() => api.destroy());

describe("accounts router", () => {
  it("lets an admin upload a session and shows everyone a summary without cookie values", async () => {
    const uploaded = await api.caller("admin").accounts.uploadSession({ session: LI_AT, check: false });
    expect(uploaded.summary).toMatchObject({ format: "li_at", cookieCount: 1 });
    expect(uploaded.account).toMatchObject({ sessionStatus: "valid", hasSession: true, sessionCheckedAt: null });
    const status = await api.caller("viewer").accounts.status({});
    expect(status.summary?.cookies.map((c) => c.name)).toEqual(["li_at"]);
    const list = await api.caller("viewer").accounts.list();
    for (const body of [uploaded, status, list]) expect(JSON.stringify(body)).not.toContain(LI_AT);
  });

  it("refuses uploads from non-admins and bad uploads with INVALID_SESSION", async () => {
    await expect(api.caller("operator").accounts.uploadSession({ session: LI_AT, check: false })).rejects.toMatchObject(
      { code: "FORBIDDEN" },
    );
    const error = await api
      .caller("admin")
      .accounts.uploadSession({ session: "[]", check: false })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("no cookies") });
  });

  it("reports a session stored under another key as a problem, not as data", async () => {
    await api.caller("admin").accounts.uploadSession({ session: LI_AT, check: false });
    await api.rewire(sessionsConfigured()); // a new key: the stored blob no longer opens
    const status = await api.caller("viewer").accounts.status({});
    expect(status).toMatchObject({ hasSession: true, summary: null, problem: { code: "ENCRYPTION_KEY_MISMATCH" } });
  });

  it("says ENCRYPTION_KEY_MISSING when sessions are not configured", async () => {
    await api.rewire({});
    await expect(api.caller("admin").accounts.uploadSession({ session: LI_AT, check: false })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
  });
});

describe("selectors router", () => {
  it("lists the catalog, lets an admin add and disable a candidate", async () => {
    const before = await api.caller("viewer").selectors.list({ key: "composer.send" });
    expect(before.keys.map((k) => k.key)).toContain("composer.send");
    // The builtin catalog is seeded when the domain starts (createNudge), not by a first engine.
    expect(before.candidates.length).toBeGreaterThan(0);
    expect(before.candidates.every((c) => c.source === "builtin")).toBe(true);

    const added = await api
      .caller("admin")
      .selectors.add({ key: "composer.send", strategy: "css", candidate: "button.my-send" });
    expect(added).toMatchObject({ source: "user", disabled: false });
    await expect(
      api.caller("viewer").selectors.add({ key: "composer.send", strategy: "css", candidate: "x" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      api.caller("admin").selectors.add({ key: "composer.send", strategy: "role", candidate: "button[name=Send]" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const disabled = await api.caller("admin").selectors.disable({ id: added.id });
    expect(disabled.disabled).toBe(true);
    const after = await api.caller("viewer").selectors.list({ key: "composer.send" });
    expect(after.candidates.filter((c) => c.source === "user")).toEqual([
      expect.objectContaining({ id: added.id, disabled: true, rank: null }),
    ]);
    await expect(api.caller("admin").selectors.disable({ id: 999_999 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
