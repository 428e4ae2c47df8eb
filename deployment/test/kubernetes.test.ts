import { readFileSync } from "node:fs";
import { requireTool } from "@nudge/testing";
import { describe, expect, it } from "vitest";
import { parseManifests, schemaErrors, unknownFields, type Manifest } from "../src/kubernetes.js";
import { repoPath } from "../src/paths.js";
import { runTool } from "../src/run-tool.js";
import { SERVER_ENV_VARS } from "../src/server-env.js";

const kubectl = requireTool("kubectl", "KUBECTL");

function render(dir: string): Manifest[] {
  const result = runTool(kubectl, ["kustomize", repoPath(dir)]);
  expect(result.status, result.stderr).toBe(0);
  return parseManifests(result.stdout);
}

const base = render("deployment/k8s/base");
const scale = render("deployment/k8s/overlays/scale");
const secretExample = parseManifests(readFileSync(repoPath("deployment/k8s/base/secret.example.yaml"), "utf8"));
/** Rendered manifests are checked field by field below: typed loosely, as the YAML they are. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
const find = (docs: Manifest[], kind: string, name: string) => {
  const doc = docs.find((d) => d.kind === kind && d.metadata.name === name);
  if (!doc) throw new Error(`no ${kind} ${name}`);
  return doc as Manifest & { spec: Loose; data?: Record<string, string> };
};
const container = (deployment: { spec: Loose }) => deployment.spec.template.spec.containers[0];
const envOf = (deployment: { spec: Loose }) =>
  Object.fromEntries((container(deployment).env as { name: string; value: string }[]).map((e) => [e.name, e.value]));

const everyManifest = [
  ...base.map((m) => ["base", m] as const),
  ...scale.map((m) => ["scale", m] as const),
  ...secretExample.map((m) => ["secret example", m] as const),
];

describe("Kubernetes manifests (kubectl kustomize)", () => {
  it.each(everyManifest.map(([where, m]) => [`${where}: ${m.kind}/${m.metadata.name}`, m] as const))(
    "%s validates against the Kubernetes schemas, with no unknown field",
    async (_, manifest) => {
      expect(await schemaErrors(manifest)).toEqual([]);
      expect(unknownFields(manifest)).toEqual([]);
    },
  );

  it("the checks catch a wrong type and a misspelt field", async () => {
    const deployment = structuredClone(find(base, "Deployment", "nudge"));
    deployment.spec.replicas = "two";
    container(deployment).imagee = "nudge";
    deployment.spec.strategy.$retainKeys = ["type"];
    expect((await schemaErrors(deployment)).join()).toMatch(/replicas must be integer/);
    expect(unknownFields(deployment)).toEqual([
      "Deployment/nudge.spec.strategy.$retainKeys: unknown field of V1DeploymentStrategy",
      "Deployment/nudge.spec.template.spec.containers[0].imagee: unknown field of V1Container",
    ]);
  });

  it("base: namespace, config, secret reference, volume, probes, Pi-sized resources, locked-down pod", () => {
    expect(base.map((m) => m.kind).sort()).toEqual(
      ["ConfigMap", "Deployment", "Namespace", "PersistentVolumeClaim", "PodDisruptionBudget", "Service"].sort(),
    );
    expect(new Set(base.map((m) => m.metadata.namespace ?? m.metadata.name))).toEqual(new Set(["nudge"]));
    const deployment = find(base, "Deployment", "nudge");
    const pod = deployment.spec.template.spec;
    const c = container(deployment);
    expect(deployment.spec.strategy.type).toBe("Recreate");
    expect(c.livenessProbe.httpGet.path).toBe("/health");
    expect(c.readinessProbe.httpGet.path).toBe("/ready");
    expect(c.startupProbe.httpGet.path).toBe("/health");
    expect(c.resources.requests).toBeDefined();
    expect(c.resources.limits.memory).toBe("1536Mi");
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000 });
    expect(c.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
    expect(c.volumeMounts.map((m: { mountPath: string }) => m.mountPath).sort()).toEqual(["/data", "/tmp"]);
    const volumes = Object.fromEntries(pod.volumes.map((v: { name: string }) => [v.name, v]));
    expect(volumes.data.persistentVolumeClaim.claimName).toBe(
      find(base, "PersistentVolumeClaim", "nudge-data").metadata.name,
    );
    expect(volumes.tmp.emptyDir).toBeDefined();
    expect(c.envFrom).toEqual([{ configMapRef: { name: "nudge-config" } }, { secretRef: { name: "nudge-secrets" } }]);
    expect(secretExample[0]).toMatchObject({ kind: "Secret", metadata: { name: "nudge-secrets", namespace: "nudge" } });
    expect(envOf(deployment).ROLE).toBe("all");
  });

  it("base: scrape annotations name the container's port and the metrics path, and the service and PDB select the pod", () => {
    const deployment = find(base, "Deployment", "nudge");
    const annotations = deployment.spec.template.metadata.annotations;
    expect(annotations).toEqual({
      "prometheus.io/scrape": "true",
      "prometheus.io/port": "3000",
      "prometheus.io/path": "/metrics",
    });
    expect(container(deployment).ports[0].containerPort).toBe(3000);
    const labels = deployment.spec.template.metadata.labels;
    expect(labels["app.kubernetes.io/name"]).toBe("nudge");
    expect(labels).toMatchObject(find(base, "Service", "nudge").spec.selector);
    expect(labels).toMatchObject(find(base, "PodDisruptionBudget", "nudge").spec.selector.matchLabels);
  });

  it("every setting in the ConfigMaps and the secret example is a variable the server reads", () => {
    const keys = [
      ...Object.keys(find(base, "ConfigMap", "nudge-config").data!),
      ...Object.keys(find(scale, "ConfigMap", "nudge-config").data!),
      ...Object.keys((secretExample[0] as unknown as { stringData: object }).stringData),
    ];
    for (const key of keys) expect(SERVER_ENV_VARS, key).toContain(key);
  });

  it("scale overlay: API replicas and a worker on Redis and a libsql server, no database volume", () => {
    const api = find(scale, "Deployment", "nudge");
    const worker = find(scale, "Deployment", "nudge-worker");
    expect(api.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(api.spec.strategy.type).toBe("RollingUpdate");
    expect(envOf(api).ROLE).toBe("api");
    expect(envOf(worker).ROLE).toBe("worker");
    const config = find(scale, "ConfigMap", "nudge-config").data!;
    expect(config.DATABASE_URL).toMatch(/^(https?|libsql):\/\//);
    expect(config.REDIS_URL).toBe(`redis://${find(scale, "Service", "nudge-redis").metadata.name}:6379`);
    expect(scale.some((m) => m.kind === "PersistentVolumeClaim" && m.metadata.name === "nudge-data")).toBe(false);
    for (const d of [api, worker]) {
      expect(JSON.stringify(d.spec.template.spec.volumes)).not.toContain("persistentVolumeClaim");
      expect(d.spec.template.metadata.annotations["prometheus.io/scrape"]).toBe("true");
    }
    expect(find(scale, "PodDisruptionBudget", "nudge").spec).toMatchObject({ minAvailable: 1 });
    expect(find(scale, "PodDisruptionBudget", "nudge").spec.maxUnavailable).toBeUndefined();
  });
});
