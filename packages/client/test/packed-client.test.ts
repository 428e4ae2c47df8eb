import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeConsumerProject } from "./consumer-project.js";
import { ADMIN_KEY, CONTACTS, startNudgeServer, type NudgeServer } from "./nudge-server.js";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const TYPESCRIPT_VERSION = (createRequire(import.meta.url)("typescript/package.json") as { version: string }).version;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(command: string, args: string[], cwd: string): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, { cwd, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string; message: string };
    const code = typeof failed.code === "number" ? failed.code : -1;
    return { code, stdout: failed.stdout ?? "", stderr: failed.stderr ?? failed.message };
  }
}

async function succeed(command: string, args: string[], cwd: string): Promise<Run> {
  const result = await run(command, args, cwd);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

// One pack, one install and one server for the whole file (the expensive parts), done up front.
describe("the packed client in a project outside the workspace", () => {
  const work = mkdtempSync(join(tmpdir(), "nudge-packed-client-"));
  const project = join(work, "project");
  const installed = join(project, "node_modules", "@nudge", "client");
  let tarball: string;
  let server: NudgeServer;
  let good: Run;
  let bad: Run;

  beforeAll(async () => {
    const serverStarting = startNudgeServer();
    // `pnpm pack` runs the package's prepack (a cached turbo build) and rewrites the workspace and
    // catalog versions, as publishing would.
    await succeed("pnpm", ["pack", "--pack-destination", work], PACKAGE_DIR);
    tarball = join(work, readdirSync(work).find((f) => f.endsWith(".tgz"))!);
    writeConsumerProject(project);
    const packages = [tarball, `typescript@${TYPESCRIPT_VERSION}`, "@types/node@^20.19.0"];
    const quiet = ["--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"];
    await succeed("npm", ["install", ...packages, ...quiet], project);
    const tsc = join(project, "node_modules", "typescript", "bin", "tsc");
    [good, bad, server] = await Promise.all([
      run(process.execPath, [tsc, "-p", "tsconfig.json"], project),
      run(process.execPath, [tsc, "-p", "tsconfig.bad.json"], project),
      serverStarting,
    ]);
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("ships self-contained declarations and no dependency on the server's packages", () => {
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
      bin: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies).sort()).toEqual(["@trpc/client", "@trpc/server", "eventsource", "superjson"]);
    expect(manifest.bin).toEqual({ nudge: "./dist/cli.js" });
    const declarations = readdirSync(join(installed, "dist")).filter((f) => /\.d\.c?ts$/.test(f));
    expect(declarations).toEqual(expect.arrayContaining(["index.d.ts", "index.d.cts", "run-cli.d.ts", "run-cli.d.cts"]));
    for (const file of declarations) {
      const text = readFileSync(join(installed, "dist", file), "utf8");
      // `from "x"` and `import("x")`: every module the declarations name.
      const named = [...text.matchAll(/(?:from|import\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
      if (file.startsWith("index.")) expect(named, file).toContain("@trpc/server");
      expect(named.filter((id) => !/^@trpc\/server(\/|$)/.test(id)), file).toEqual([]);
    }
    const declarationBytes = statSync(join(installed, "dist", "index.d.ts")).size;
    console.info(`packed client: tarball ${statSync(tarball).size} bytes, index.d.ts ${declarationBytes} bytes`);
  });

  it("type-checks a script without skipLibCheck, and a wrong input or output type is a compile error", () => {
    expect(good.stdout + good.stderr).toBe("");
    expect(good.code).toBe(0);
    const errors = bad.stdout.trim().split("\n");
    expect(bad.code).not.toBe(0);
    expect(errors).toEqual([
      expect.stringMatching(/^bad\.mts\(4,\d+\): error TS2322: Type 'string' is not assignable to type 'number'\.$/),
      expect.stringMatching(/^bad\.mts\(5,\d+\): error TS2551: Property 'lst' does not exist .*Did you mean 'list'\?$/),
      expect.stringMatching(/^bad\.mts\(7,\d+\): error TS2322: Type 'Date' is not assignable to type 'string'\.$/),
    ]);
  });

  it.each([
    ["an ES module", "script.mjs"],
    ["CommonJS", "script.cjs"],
  ])("runs the compiled script as %s against a real server", async (_kind, file) => {
    const result = await succeed(process.execPath, [join("out", file), server.url, ADMIN_KEY], project);
    expect(JSON.parse(result.stdout)).toEqual({
      status: "ok",
      startedAtIsDate: true,
      names: expect.arrayContaining(CONTACTS.filter((c) => c.birthMonth !== null).map((c) => c.fullName)),
      refused: "UNAUTHORIZED",
    });
    expect(result.stderr).toBe("");
  });

  it("installs the nudge command", async () => {
    const bin = join(project, "node_modules", ".bin", "nudge");
    const listed = await succeed(bin, ["contacts", "list", "--json", "--url", server.url, "--key", ADMIN_KEY], project);
    expect((JSON.parse(listed.stdout) as { fullName: string }[]).map((c) => c.fullName).sort()).toEqual(
      CONTACTS.map((c) => c.fullName).sort(),
    );
    const refused = await run(bin, ["keys", "list", "--url", server.url], project);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/^nudge: UNAUTHORIZED: /) });
  });
});
