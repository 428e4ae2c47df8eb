import { describe, expect, it } from "vitest";
import { parseArgs, runCli } from "../src/cli.js";
import { createClient, errorCode } from "../src/index.js";

describe("the nudge CLI", () => {
  it("parses flags with values, boolean flags and positionals", () => {
    const parsed = parseArgs(["contacts", "list", "--limit", "5", "--json", "--search=ada lovelace", "--birthday"]);
    expect(parsed.positional).toEqual(["contacts", "list"]);
    expect(parsed.flags.get("limit")).toBe("5");
    expect(parsed.flags.get("json")).toBe(true);
    expect(parsed.flags.get("search")).toBe("ada lovelace");
    expect(parsed.flags.get("birthday")).toBe(true);
  });

  it("prints the usage for no command and fails for an unknown one", async () => {
    const out: string[] = [];
    expect(await runCli([], (s) => out.push(s), {})).toBe(0);
    expect(out.join("\n")).toMatch(/usage: nudge/);
    expect(await runCli(["frobnicate"], () => undefined, {})).toBe(2);
  });

  it("rejects a non-numeric id before calling the server", async () => {
    await expect(runCli(["contacts", "get", "abc"], () => undefined, {})).rejects.toThrow(/numeric id/);
  });
});

describe("createClient", () => {
  it("sends the API key header and reports the server's stable error code", async () => {
    const seen: Headers[] = [];
    const client = createClient({
      url: "http://127.0.0.1:9/",
      apiKey: "nudge_header_check_key_123456",
      fetch: async (_url, init) => {
        seen.push(new Headers(init?.headers));
        const body = [{ error: { json: { message: "nope", code: -32001, data: { code: "UNAUTHORIZED", httpStatus: 401 } } } }];
        return new Response(JSON.stringify(body), { status: 401, headers: { "content-type": "application/json" } });
      },
    });
    const error = await client.health.status.query().catch((e: unknown) => e);
    expect(errorCode(error)).toBe("UNAUTHORIZED");
    expect(seen[0]!.get("x-api-key")).toBe("nudge_header_check_key_123456");
  });
});
