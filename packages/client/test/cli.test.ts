import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/run-cli.js";
import { parseCommandLine } from "../src/cli/command-line.js";
import { ADMIN_KEY, CONTACTS, startNudgeServer, type NudgeServer } from "./nudge-server.js";

const CLI = fileURLToPath(new URL("../src/cli.ts", import.meta.url));

/** The `nudge` command as a user runs it: its own process, output and exit code. */
async function nudge(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const argv = ["--import", "tsx", "--conditions=@nudge/source", CLI, ...args];
  // No NUDGE_* from the environment of whoever runs the tests.
  const env = { PATH: process.env.PATH ?? "" };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, argv, { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout: string; stderr: string };
    return { code: failed.code ?? -1, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("the nudge command line", () => {
  it("reads options with values, boolean flags, --name=value and positionals", () => {
    const argv = ["contacts", "list", "--limit", "5", "--json", "--search=ada lovelace", "--birthday"];
    const parsed = parseCommandLine(argv);
    expect(parsed.command?.name).toBe("contacts list");
    expect(parsed.words).toEqual(["contacts", "list"]);
    expect(parsed.values).toMatchObject({ limit: "5", json: true, search: "ada lovelace", birthday: true });
    const get = parseCommandLine(["--account", "2", "contacts", "get", "42"]);
    expect(get.command?.name).toBe("contacts get");
    expect(get.args).toEqual(["42"]);
    expect(get.values.account).toBe("2");
  });

  it("refuses an unknown option and an option of another command", () => {
    expect(() => parseCommandLine(["contacts", "list", "--colour", "red"])).toThrow(/Unknown option '--colour'/);
    expect(() => parseCommandLine(["stats", "--search", "ada"])).toThrow(/stats does not take --search/);
  });

  it("prints the usage for no command and fails for an unknown one", async () => {
    const out: string[] = [];
    expect(await runCli([], (s) => out.push(s), {})).toBe(0);
    expect(out.join("\n")).toMatch(/usage: nudge/);
    expect(out.join("\n")).toMatch(/contacts list \[--status S\]/);
    expect(await runCli(["frobnicate"], () => undefined, {})).toBe(2);
  });

  it("rejects a non-numeric id before calling the server", async () => {
    await expect(runCli(["contacts", "get", "abc"], () => undefined, {})).rejects.toThrow(/numeric id/);
  });
});

describe("the nudge command against a real server", () => {
  let server: NudgeServer;
  beforeAll(async () => {
    server = await startNudgeServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("prints the server's health without a key", async () => {
    const run = await nudge("health", "--url", server.url);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(run.stdout)).toMatchObject({ status: "ok", authenticated: false, role: null });
  });

  it("lists contacts as JSON and as a table", async () => {
    const json = await nudge("contacts", "list", "--json", "--url", server.url, "--key", ADMIN_KEY);
    expect(json.code).toBe(0);
    const listed = JSON.parse(json.stdout) as { fullName: string; birthMonth: number | null }[];
    expect(listed.map((c) => c.fullName).sort()).toEqual(CONTACTS.map((c) => c.fullName).sort());

    const table = await nudge("contacts", "list", "--birthday", "--url", server.url, "--key", ADMIN_KEY);
    expect(table.code).toBe(0);
    const [header, ...rows] = table.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^id\s+fullName\s+headline\s+status\s+source\s+birthMonth\s+birthDay\s+updatedAt$/);
    expect(rows.map((r) => r.split(/\s{2,}/)[1]).sort()).toEqual(["Ada Lovelace", "Grace Hopper"]);
  });

  it("prints the stable error code of a refused call and exits with 1", async () => {
    const run = await nudge("contacts", "list", "--url", server.url, "--key", "nudge_not_a_real_key_0000000000");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^nudge: UNAUTHORIZED: .+\n$/);
  });

  it("exits with 2 on a usage mistake, before calling the server", async () => {
    const badId = await nudge("contacts", "get", "abc", "--url", server.url, "--key", ADMIN_KEY);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toBe("nudge: contacts get needs a numeric id\n");
    const unknown = await nudge("frobnicate", "--url", server.url);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toMatch(/^usage: nudge/);
  });
});
