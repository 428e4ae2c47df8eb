import { ERROR_CODES, type ErrorCode } from "@nudge/core";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import superjson from "superjson";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assertInputEnvelope, serverTransformer } from "../src/input-envelope.js";
import { apiError } from "../src/trpc.js";
import { createTestApi, type TestApi } from "./services.js";

describe("apiError", () => {
  it("gives every error code the HTTP status of its kind", () => {
    const expected: Record<string, number> = {
      invalid: 400,
      not_found: 404,
      conflict: 409,
      unauthorized: 401,
      forbidden: 403,
      rate_limited: 429,
      precondition: 412,
      unavailable: 503,
      internal: 500,
    };
    for (const [code, kind] of Object.entries(ERROR_CODES)) {
      expect([code, getHTTPStatusCodeFromError(apiError(code as ErrorCode, "x"))]).toEqual([code, expected[kind]]);
    }
  });
});

describe("the server's check of incoming superjson envelopes", () => {
  it("lets through everything superjson writes, and reads it back the same", () => {
    const shared = { x: 1 };
    const circular: Record<string, unknown> = { name: "loop" };
    circular.self = circular;
    const values = [
      undefined,
      null,
      { limit: 5, cursor: "abc" },
      { at: new Date(0), tags: new Set(["a"]), byId: new Map([[1, new Date(1)]]), big: 10n, re: /x/g, none: undefined },
      { a: shared, b: shared },
      circular,
      [[[[{ deep: new Date(2) }]]]],
    ];
    for (const value of values) {
      const wire = JSON.parse(JSON.stringify(superjson.serialize(value))) as unknown;
      expect(() => assertInputEnvelope(wire)).not.toThrow();
      expect(serverTransformer.input.deserialize(wire)).toEqual(superjson.deserialize(wire as never));
    }
  });

  it("refuses malformed metadata with a clear 400 before superjson reads it", () => {
    const deep = JSON.parse("[".repeat(100) + "]".repeat(100)) as unknown;
    const crafted: unknown[] = [
      null,
      "text",
      [1, 2],
      { json: {}, meta: { values: "x" } },
      { json: { a: 1 }, meta: { values: { a: "number" } } },
      { json: { a: 1 }, meta: { values: { a: ["set", { 0: "Date" }] } } },
      { json: { a: 1 }, meta: { values: ["number", {}, "extra"] } },
      { json: {}, meta: "values" },
      { json: {}, meta: { v: "1" } },
      { json: { a: {} }, meta: { referentialEqualities: "x" } },
      { json: { a: {} }, meta: { referentialEqualities: { a: "b" } } },
      { json: { a: {} }, meta: { referentialEqualities: [["a"], ["b"], {}] } },
      { json: deep },
    ];
    for (const payload of crafted) {
      let error: unknown;
      try {
        serverTransformer.input.deserialize(payload);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
      expect((error as TRPCError).message).toMatch(/^invalid input: /);
    }
  });
});

describe("keyset cursors", () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await createTestApi();
  });
  afterEach(() => api.destroy());

  it("refuses a crafted cursor as invalid input instead of querying with NaN", async () => {
    const cursor = Buffer.from(JSON.stringify([9007199254740991, 1])).toString("base64url");
    const viewer = api.caller("viewer");
    await expect(viewer.data.contacts.list({ cursor })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(viewer.data.interactions.list({ cursor })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
