import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { freePort, waitFor } from "@nudge/testing";
import { validate } from "dockerfile-utils";
import { describe, expect, it } from "vitest";
import { repoPath, repoRoot } from "../src/paths.js";
import { runTool } from "../src/run-tool.js";

interface DockerIgnore {
  add(patterns: string): DockerIgnore;
  ignores(path: string): boolean;
}
// The package is CommonJS with `exports.default`: loaded as Docker's own tools load it.
const dockerignore = createRequire(import.meta.url)("@balena/dockerignore").default as () => DockerIgnore;
const dockerfile = readFileSync(repoPath("Dockerfile"), "utf8");
// Continuation lines joined, comments dropped: one instruction per line.
const instructions = dockerfile
  .replace(/\\\n\s*/g, " ")
  .split("\n")
  .filter((l) => l.trim() && !l.trim().startsWith("#"));
const runtimeStage = dockerfile.slice(dockerfile.indexOf("AS runtime"));

describe("Dockerfile", () => {
  it("passes the Dockerfile linter (dockerfile-utils) without a single diagnostic", () => {
    expect(validate(dockerfile)).toEqual([]);
  });

  it("the linter does catch mistakes", () => {
    const broken = dockerfile
      .replace("FROM node:${NODE_VERSION}-bookworm-slim AS runtime", "FROM")
      .replace("USER node", "USER");
    expect(validate(broken).map((d) => d.message)).toEqual([
      "Instruction has no arguments",
      "Instruction has no arguments",
    ]);
  });

  it("builds in stages: install with the lockfile, build, deploy the server's production files", () => {
    expect(instructions.filter((l) => l.startsWith("FROM ")).map((l) => l.split(" AS ")[1])).toEqual([
      "build",
      "runtime",
    ]);
    expect(dockerfile).toContain("pnpm fetch --frozen-lockfile");
    expect(dockerfile).toContain("pnpm install --frozen-lockfile --offline");
    expect(dockerfile).toMatch(/RUN pnpm build\n/);
    expect(dockerfile).toContain("pnpm --filter=@nudge/server deploy --prod --legacy /prod/server");
    expect(dockerfile).toMatch(/ARG PNPM_VERSION=10\.34\.9/);
    const rootPackage = JSON.parse(readFileSync(repoPath("package.json"), "utf8")) as { packageManager: string };
    expect(rootPackage.packageManager).toBe("pnpm@10.34.9");
  });

  it("runtime: Chromium's headless shell and fonts, tini as PID 1, non-root, /data volume, /health check, Pi memory flags", () => {
    const apt = instructions.find((l) => l.includes("apt-get install"))!;
    expect(apt).toContain("--no-install-recommends");
    for (const pkg of ["chromium-headless-shell", "fonts-liberation", "tini"]) expect(apt).toContain(pkg);
    expect(apt).toContain("rm -rf /var/lib/apt/lists/*");
    expect(runtimeStage).toContain("CHROMIUM_PATH=/usr/bin/chromium-headless-shell");
    expect(runtimeStage).toMatch(/NODE_OPTIONS=--max-old-space-size=\d+/);
    expect(runtimeStage).toMatch(/^USER node$/m);
    expect(runtimeStage).toContain('VOLUME ["/data"]');
    expect(runtimeStage).toContain('ENTRYPOINT ["/usr/bin/tini", "--", "/app/bin/nudge-server"]');
    const healthcheck = instructions.find((l) => l.startsWith("HEALTHCHECK"))!;
    expect(healthcheck).toContain("/health'");
    expect(healthcheck).not.toContain("/ready");
  });

  it(".dockerignore keeps secrets, data and node_modules out of the build context, and the sources in", () => {
    const ignored = dockerignore().add(readFileSync(repoPath(".dockerignore"), "utf8"));
    for (const path of [
      ".env",
      ".env.local",
      "data/nudge.db",
      "data/admin-api-key.txt",
      "node_modules/x/index.js",
      "packages/core/node_modules/y",
      "apps/server/dist/main.js",
      ".git/HEAD",
      "deployment/nginx/certs/privkey.pem",
      "some.db-wal",
    ])
      expect(ignored.ignores(path), path).toBe(true);
    for (const path of [
      ".env.example",
      "pnpm-lock.yaml",
      "pnpm-workspace.yaml",
      "package.json",
      "packages/core/src/index.ts",
      "packages/db/drizzle/0000_init.sql",
      "apps/server/bin/nudge-server",
    ])
      expect(ignored.ignores(path), path).toBe(false);
  });

  it("the build stage's deploy step, replayed outside Docker, gives a server that migrates and serves /health", async () => {
    // What `pnpm build` and the deploy step produce in the image, from this checkout: the
    // turbo cache makes the build a no-op when the test command has just built everything.
    const build = runTool("pnpm", ["turbo", "run", "build", "--filter=@nudge/server..."], {
      cwd: repoRoot,
      timeoutMs: 600_000,
    });
    expect(build.status, build.output).toBe(0);
    const out = mkdtempSync(join(tmpdir(), "nudge-deploy-"));
    const data = mkdtempSync(join(tmpdir(), "nudge-deploy-data-"));
    try {
      const deploy = runTool("pnpm", ["--filter=@nudge/server", "deploy", "--prod", "--legacy", join(out, "server")], {
        cwd: repoRoot,
        timeoutMs: 300_000,
      });
      expect(deploy.status, deploy.output).toBe(0);
      const env = { ...process.env, NUDGE_DATA_DIR: data, LOG_LEVEL: "warn", NODE_ENV: "production" };
      const migrate = runTool(join(out, "server/bin/nudge-server"), ["migrate"], { cwd: out, env });
      expect(migrate.status, migrate.output).toBe(0);
      expect(migrate.stdout).toMatch(/migrations applied, 0 pending/);
      // No dev dependency made it in: vitest is the test runner of every package.
      expect(runTool("ls", [join(out, "server/node_modules")]).stdout).not.toMatch(/^vitest$/m);
      const port = await freePort();
      const { spawn } = await import("node:child_process");
      const server = spawn(join(out, "server/bin/nudge-server"), ["serve"], {
        cwd: out,
        env: { ...env, PORT: String(port), HOST: "127.0.0.1", NUDGE_API_KEY: "nudge_deploy_test_key_0123456789" },
        stdio: "ignore",
      });
      try {
        await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, {
          timeoutMs: 30_000,
          what: "the deployed server",
        });
      } finally {
        const exited = new Promise((r) => server.once("exit", r));
        server.kill("SIGTERM");
        await exited;
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(data, { recursive: true, force: true });
    }
  });
});
