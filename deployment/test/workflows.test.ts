import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireTool } from "@nudge/testing";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoPath, repoRoot } from "../src/paths.js";
import { runTool } from "../src/run-tool.js";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  "working-directory"?: string;
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  jobs: Record<string, { "runs-on": string; steps: Step[] }>;
}

const dir = repoPath(".github/workflows");
const workflows = Object.fromEntries(
  readdirSync(dir).map((file) => [file, parse(readFileSync(join(dir, file), "utf8")) as Workflow]),
);
const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((job) => job.steps);
const rootScripts = Object.keys(
  (JSON.parse(readFileSync(repoPath("package.json"), "utf8")) as { scripts: object }).scripts,
);
const PNPM_COMMANDS = ["install", "audit", "exec", "dlx"];

/** Repository paths a shell snippet names (scripts/…, deployment/…, .ci/run, Dockerfile …). */
function referencedPaths(script: string): string[] {
  const paths = [
    ...script.matchAll(
      /(?:^|[\s"'=(])(?:\$PWD\/|\.\/)?((?:scripts|deployment|docs|\.ci|apps|packages|tooling)\/[\w./-]*[\w/])/g,
    ),
  ].map((m) => m[1]!);
  if (/(^|\s)(<\s*)?Dockerfile\b/.test(script)) paths.push("Dockerfile");
  return paths;
}

describe("GitHub workflows", () => {
  it("are a CI workflow and a release workflow", () => {
    expect(Object.keys(workflows).sort()).toEqual(["ci.yml", "release.yml"]);
  });

  it.each(Object.entries(workflows))("%s: every job runs steps that use a pinned action or run a command", (_, wf) => {
    for (const [name, job] of Object.entries(wf.jobs)) {
      expect(job["runs-on"], name).toMatch(/^ubuntu-\d+\.\d+$/);
      for (const step of job.steps) {
        expect(Boolean(step.uses) !== Boolean(step.run), JSON.stringify(step)).toBe(true);
        if (step.uses?.startsWith("./")) expect(existsSync(repoPath(step.uses.slice(2))), step.uses).toBe(true);
        else if (step.uses) expect(step.uses).toMatch(/^[\w-]+\/[\w-]+(\/[\w-]+)?@(v\d+(\.\d+)*|[0-9a-f]{40})$/);
      }
    }
  });

  it.each(Object.entries(workflows))("%s: references only scripts and files that exist", (_, wf) => {
    for (const step of steps(wf)) {
      const script = step.run ?? "";
      for (const path of referencedPaths(script))
        expect(existsSync(repoPath(path)), `${path} in: ${script}`).toBe(true);
      for (const m of script.matchAll(/\bpnpm (?:run )?([\w:-]+)/g))
        expect([...rootScripts, ...PNPM_COMMANDS], `pnpm ${m[1]}`).toContain(m[1]);
      for (const m of script.matchAll(/\bnode ([\w./-]+\.m?js)/g)) expect(existsSync(repoPath(m[1]!)), m[1]).toBe(true);
      if (step["working-directory"]) expect(existsSync(repoPath(step["working-directory"]))).toBe(true);
    }
  });

  it("the path check does find a missing file", () => {
    expect(referencedPaths('node scripts/nope.mjs && bash .ci/run -v "$PWD/deployment/prometheus:/x"')).toEqual([
      "scripts/nope.mjs",
      ".ci/run",
      "deployment/prometheus",
    ]);
  });

  it("CI installs with the lockfile and a cache, lints, typechecks, builds, tests with coverage, audits, checks deployment", () => {
    const ci = workflows["ci.yml"]!;
    const runs = steps(ci).map((s) => s.run ?? "");
    const uses = steps(ci).map((s) => s.uses ?? "");
    expect(steps(ci).find((s) => s.uses?.startsWith("actions/setup-node"))?.with).toMatchObject({ cache: "pnpm" });
    for (const command of [
      "pnpm install --frozen-lockfile",
      "pnpm lint",
      "pnpm typecheck",
      "pnpm build",
      "pnpm test",
      "pnpm audit --prod",
    ])
      expect(
        runs.some((r) => r.includes(command)),
        command,
      ).toBe(true);
    expect(steps(ci).find((s) => s.run === "pnpm test")).toMatchObject({ env: { NUDGE_COVERAGE: "1" } });
    expect(runs.join("\n")).toMatch(/redis-server .*prometheus nginx/);
    expect(uses).toContain("docker/build-push-action@v6");
    expect(runs.join("\n")).toContain("docker compose --profile proxy --profile scale config --quiet");
    expect(ci.on).toHaveProperty("pull_request");
  });

  it("release pushes a multi-arch image with an SBOM to GHCR on version tags only", () => {
    const release = workflows["release.yml"]!;
    expect(release.on).toEqual({ push: { tags: ["v*.*.*"] } });
    const build = steps(release).find((s) => s.uses === "docker/build-push-action@v6")!;
    expect(build.with).toMatchObject({ platforms: "linux/amd64,linux/arm64", push: true, sbom: true });
    expect(steps(release).some((s) => s.uses === "docker/setup-qemu-action@v3")).toBe(true);
    expect(steps(release).find((s) => s.uses === "docker/login-action@v3")?.with).toMatchObject({
      registry: "ghcr.io",
    });
  });
});

describe("YAML files", () => {
  const yamllint = requireTool("yamllint", "YAMLLINT");

  it("every YAML file of the repository passes yamllint (strict)", () => {
    const result = runTool(yamllint, ["-s", "-f", "parsable", "."], { cwd: repoRoot });
    expect(result.output).toBe("");
    expect(result.status).toBe(0);
  });

  it("yamllint reports a broken file", () => {
    const work = mkdtempSync(join(tmpdir(), "nudge-yamllint-"));
    try {
      writeFileSync(join(work, "bad.yml"), "a: 1\na: 2\nb: [1,2\n");
      const result = runTool(yamllint, ["-s", "-c", repoPath(".yamllint.yml"), join(work, "bad.yml")]);
      expect(result.status).not.toBe(0);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
