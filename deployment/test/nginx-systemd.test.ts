import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireTool } from "@nudge/testing";
import { afterAll, describe, expect, it } from "vitest";
import { repoPath } from "../src/paths.js";
import { runTool } from "../src/run-tool.js";

const work = mkdtempSync(join(tmpdir(), "nudge-conf-check-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const nginxConf = readFileSync(repoPath("deployment/nginx/nginx.conf"), "utf8");
const template = readFileSync(repoPath("deployment/nginx/templates/nudge.conf.template"), "utf8");

/**
 * The configuration as the nginx image renders it, in a temp folder: the template's variables
 * filled in with the compose defaults — the service name mapped to 127.0.0.1, since `nginx -t`
 * resolves upstream host names — and the image's paths moved into the folder.
 */
function renderNginx(dir: string, rendered: string = template): string {
  mkdirSync(join(dir, "conf.d"), { recursive: true });
  mkdirSync(join(dir, "certs"), { recursive: true });
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-keyout",
      join(dir, "certs/privkey.pem"),
      "-out",
      join(dir, "certs/fullchain.pem"),
    ],
    { stdio: "ignore" },
  );
  const server = rendered
    .replaceAll("${NUDGE_UPSTREAM}", "127.0.0.1:3000")
    .replaceAll("${NUDGE_SERVER_NAME}", "nudge.example.com")
    .replaceAll("/etc/nginx/certs", join(dir, "certs"));
  expect(server).not.toMatch(/\$\{/);
  writeFileSync(join(dir, "conf.d/nudge.conf"), server);
  const main = nginxConf
    .replaceAll("/etc/nginx/conf.d", join(dir, "conf.d"))
    .replaceAll("/var/run/nginx.pid", join(dir, "nginx.pid"))
    .replaceAll("/var/log/nginx", dir);
  writeFileSync(join(dir, "nginx.conf"), main);
  return join(dir, "nginx.conf");
}

describe("nginx (compose proxy profile)", () => {
  const nginx = requireTool("nginx", "NGINX");

  it("passes nginx -t", () => {
    const conf = renderNginx(join(work, "ok"));
    const result = runTool(nginx, ["-t", "-c", conf, "-e", join(work, "ok/error.log")]);
    expect(result.output).toContain("test is successful");
    expect(result.output).not.toMatch(/\[(warn|emerg|alert)\]/);
    expect(result.status, result.output).toBe(0);
  });

  it("nginx -t fails on a broken configuration", () => {
    const conf = renderNginx(join(work, "broken"), template.replace("proxy_buffering off;", "proxy_bufering off;"));
    const result = runTool(nginx, ["-t", "-c", conf, "-e", join(work, "broken/error.log")]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('unknown directive "proxy_bufering"');
  });

  it("has TLS, HTTP → HTTPS, rate limiting, security headers, unbuffered SSE, and keeps probes and metrics private", () => {
    expect(template).toMatch(/listen 443 ssl http2;/);
    expect(template).toContain("return 301 https://$host$request_uri;");
    expect(nginxConf).toMatch(/limit_req_zone \$binary_remote_addr zone=nudge_api:\d+m rate=\d+r\/s;/);
    expect(template).toMatch(/limit_req zone=nudge_api burst=\d+ nodelay;/);
    for (const header of ["Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"])
      expect(template).toMatch(new RegExp(`add_header ${header} .+ always;`));
    expect(template).toContain("proxy_buffering off;");
    expect(template).toMatch(/proxy_read_timeout \d+h;/);
    expect(template).toMatch(/location ~ \^\/\(metrics\|ready\)\$ \{[^}]*deny all;/);
  });
});

describe("systemd units (bare Pi)", () => {
  const systemdAnalyze = requireTool("systemd-analyze", "SYSTEMD_ANALYZE");
  const units = ["nudge.service", "nudge-backup.service", "nudge-backup.timer"];

  /** Copies of the units with /opt/nudge mapped to a temp folder holding an executable nudge-server. */
  function stageUnits(dir: string, edit: (unit: string) => string = (u) => u): string[] {
    mkdirSync(join(dir, "opt/bin"), { recursive: true });
    writeFileSync(join(dir, "opt/bin/nudge-server"), "#!/bin/sh\n");
    chmodSync(join(dir, "opt/bin/nudge-server"), 0o755);
    return units.map((name) => {
      const text = readFileSync(repoPath("deployment/systemd", name), "utf8").replaceAll(
        "/opt/nudge",
        join(dir, "opt"),
      );
      writeFileSync(join(dir, name), edit(text));
      return join(dir, name);
    });
  }

  it("pass systemd-analyze verify without a single message", () => {
    // systemd-analyze exits 0 on unknown keys and bad values: any output is a failure.
    const result = runTool(systemdAnalyze, ["verify", "--man=no", ...stageUnits(join(work, "units"))]);
    expect(result.output).toBe("");
    expect(result.status).toBe(0);
  });

  it("systemd-analyze verify reports a misspelt key", () => {
    const files = stageUnits(join(work, "bad-units"), (u) => u.replace("ProtectSystem=strict", "ProtectSytem=strict"));
    expect(runTool(systemdAnalyze, ["verify", "--man=no", ...files]).output).toMatch(/Unknown key.*ProtectSytem/);
  });

  it("runs as its own user, restarts on failure, sees the system read-only but its data dir, and has a memory ceiling", () => {
    const unit = readFileSync(repoPath("deployment/systemd/nudge.service"), "utf8");
    for (const line of [
      "User=nudge",
      "Restart=on-failure",
      "ProtectSystem=strict",
      "ReadWritePaths=/var/lib/nudge",
      "NoNewPrivileges=true",
      "Environment=NUDGE_DATA_DIR=/var/lib/nudge",
      "ExecStart=/opt/nudge/bin/nudge-server serve",
    ])
      expect(unit).toContain(`\n${line}\n`);
    expect(unit).toMatch(/\nMemoryMax=\d+M\n/);
    const backup = readFileSync(repoPath("deployment/systemd/nudge-backup.service"), "utf8");
    expect(backup).toMatch(/\nExecStart=\/opt\/nudge\/bin\/nudge-server backup \/var\/backups\/nudge --keep \d+\n/);
    expect(readFileSync(repoPath("deployment/systemd/nudge-backup.timer"), "utf8")).toMatch(
      /\nOnCalendar=.+\nRandomizedDelaySec=.+\nPersistent=true\n/,
    );
  });
});
