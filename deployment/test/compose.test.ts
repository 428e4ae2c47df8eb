import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "@nudge/server";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { composeFile, envExample, interpolatedVariables, withDefaults } from "../src/compose.js";
import { repoPath } from "../src/paths.js";
import { SERVER_ENV_VARS } from "../src/server-env.js";

const compose = composeFile();
const { services } = compose;

describe("docker-compose.yml", () => {
  it("has Nudge, Redis, Prometheus and Grafana by default, nginx in the proxy profile, sqld, api and worker in the scale profile", () => {
    const byProfile = (profile: string | undefined) =>
      Object.entries(services)
        .filter(([, s]) => (s.profiles ?? [])[0] === profile)
        .map(([name]) => name)
        .sort();
    expect(byProfile(undefined)).toEqual(["grafana", "nudge", "prometheus", "redis"]);
    expect(byProfile("proxy")).toEqual(["nginx"]);
    expect(byProfile("scale")).toEqual(["api", "sqld", "worker"]);
  });

  it("nudge: env file, data volume, /ready healthcheck every 15 s (5 s timeout, 3 retries, 30 s start), limits, Redis healthy first", () => {
    for (const name of ["nudge", "api", "worker"]) {
      const s = services[name]!;
      expect(s.env_file).toEqual([{ path: ".env", required: true }]);
      expect(s.volumes!.some((v) => v.endsWith(":/data"))).toBe(true);
      expect(s.healthcheck!.test.join(" ")).toContain("http://127.0.0.1:3000/ready");
      expect(s.healthcheck).toMatchObject({ interval: "15s", timeout: "5s", retries: 3, start_period: "30s" });
      expect(s.deploy!.resources!.limits).toMatchObject({ memory: expect.any(String), cpus: expect.any(String) });
      expect(s.depends_on!.redis).toEqual({ condition: "service_healthy" });
      expect(s.environment!.PORT).toBe("3000");
    }
    expect(services.nudge!.environment).toMatchObject({ ROLE: "all", REDIS_URL: "redis://redis:6379" });
    // The image's tini is PID 1; compose's own init would push it down to PID 2.
    expect(services.nudge!.init).toBeUndefined();
    expect(services.api!.environment).toMatchObject({ ROLE: "api", DATABASE_URL: "http://sqld:8080" });
    expect(services.worker!.environment).toMatchObject({ ROLE: "worker", DATABASE_URL: "http://sqld:8080" });
    expect(services.api!.depends_on!.sqld).toEqual({ condition: "service_healthy" });
    for (const name of Object.keys(services.nudge!.environment!)) expect(SERVER_ENV_VARS, name).toContain(name);
  });

  it("every service caps its json-file logs at 5 MB × 2 and has a memory limit and a healthcheck", () => {
    for (const [name, s] of Object.entries(services)) {
      expect(s.logging, name).toEqual({ driver: "json-file", options: { "max-size": "5m", "max-file": "2" } });
      expect(s.deploy?.resources?.limits?.memory, name).toMatch(/^\d+M$/);
      expect(s.healthcheck?.test, name).toBeDefined();
    }
  });

  it("redis persists with an append-only file; Prometheus keeps 15 days or 1 GB and loads the rules", () => {
    expect(services.redis!.command!.join(" ")).toContain("--appendonly yes");
    expect(services.redis!.volumes).toContain("redis-data:/data");
    const prometheus = services.prometheus!;
    expect(prometheus.command).toEqual(
      expect.arrayContaining(["--storage.tsdb.retention.time=15d", "--storage.tsdb.retention.size=1GB"]),
    );
    expect(prometheus.volumes).toEqual(
      expect.arrayContaining([
        "./deployment/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
        "./deployment/prometheus/rules:/etc/prometheus/rules:ro",
      ]),
    );
    const config = parse(readFileSync(repoPath("deployment/prometheus/prometheus.yml"), "utf8"));
    const job = config.scrape_configs.find((j: { job_name: string }) => j.job_name === "nudge");
    expect(job.dns_sd_configs[0]).toMatchObject({ names: ["nudge", "api", "worker"], type: "A", port: 3000 });
  });

  it("grafana: provisioned, anonymous access off, and no default admin password", () => {
    const grafana = services.grafana!;
    expect(grafana.environment!.GF_SECURITY_ADMIN_PASSWORD).toMatch(/^\$\{GRAFANA_ADMIN_PASSWORD:\?[^}]+\}$/);
    expect(grafana.environment!.GF_AUTH_ANONYMOUS_ENABLED).toBe("false");
    expect(grafana.environment!.GF_USERS_ALLOW_SIGN_UP).toBe("false");
    expect(grafana.depends_on!.prometheus).toEqual({ condition: "service_healthy" });
    const envValue = envExample().find((e) => e.name === "GRAFANA_ADMIN_PASSWORD")!;
    expect(envValue).toEqual({ name: "GRAFANA_ADMIN_PASSWORD", value: "", required: true });
  });

  it("every file or folder it mounts from the repository exists (certificates and backups are the operator's)", () => {
    const operatorOwned = ["./deployment/nginx/certs", "./backups"];
    for (const s of Object.values(services))
      for (const volume of s.volumes ?? []) {
        const source = withDefaults(volume.split(":")[0]!);
        if (!source.startsWith("./") || operatorOwned.includes(source)) continue;
        expect(existsSync(repoPath(source.slice(2))), source).toBe(true);
      }
  });

  it("nginx forwards to the nudge service's port by default", () => {
    const nginx = services.nginx!;
    expect(withDefaults(nginx.environment!.NUDGE_UPSTREAM!)).toBe("nudge:3000");
    expect(nginx.volumes).toContain("./deployment/nginx/templates:/etc/nginx/templates:ro");
  });
});

describe(".env.example", () => {
  const entries = envExample();
  const names = entries.map((e) => e.name);

  it("lists every variable the server reads and every variable the compose file interpolates, once", () => {
    for (const name of SERVER_ENV_VARS) expect(names, name).toContain(name);
    for (const name of interpolatedVariables()) expect(names, name).toContain(name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect([...SERVER_ENV_VARS, ...interpolatedVariables()], name).toContain(name);
  });

  it("requires only the encryption key and Grafana's password; every documented default is accepted by the server", () => {
    expect(entries.filter((e) => e.required).map((e) => e.name)).toEqual([
      "NUDGE_ENCRYPTION_KEY",
      "GRAFANA_ADMIN_PASSWORD",
    ]);
    const serverDefaults = Object.fromEntries(
      entries
        .filter((e) => !e.required && e.value !== "" && SERVER_ENV_VARS.includes(e.name))
        .map((e) => [e.name, e.value]),
    );
    expect(Object.keys(serverDefaults).length).toBeGreaterThanOrEqual(10);
    const env = parseEnv({ ...serverDefaults, NUDGE_ENCRYPTION_KEY: randomBytes(32).toString("base64") });
    for (const [name, value] of Object.entries(serverDefaults))
      expect(String((env as Record<string, unknown>)[name]), name).toBe(value);
  });
});
