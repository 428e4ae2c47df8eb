import * as k8s from "@kubernetes/client-node";
import { parseAllDocuments } from "yaml";

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export function parseManifests(yamlText: string): Manifest[] {
  return parseAllDocuments(yamlText)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join("; "));
      return doc.toJS() as Manifest | null;
    })
    .filter((m): m is Manifest => m !== null);
}

/**
 * Validates a manifest against the Kubernetes schemas of `kubernetes-models` (types, required
 * fields, enums, formats). Those schemas allow unknown properties, so a misspelt field would
 * pass: `unknownFields` below covers that.
 */
export async function schemaErrors(manifest: Manifest): Promise<string[]> {
  const [group, version] = manifest.apiVersion.includes("/")
    ? manifest.apiVersion.split("/")
    : ["", manifest.apiVersion];
  const module = group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`;
  let models: Record<string, new (data: unknown) => { validate(): void }>;
  try {
    models = (await import(module)) as typeof models;
  } catch {
    return [`unknown apiVersion ${manifest.apiVersion}`];
  }
  const Model = models[manifest.kind];
  if (!Model) return [`unknown kind ${manifest.kind} in ${manifest.apiVersion}`];
  try {
    new Model(manifest).validate();
    return [];
  } catch (error) {
    return [String((error as Error).message)];
  }
}

interface AttributeType {
  baseName: string;
  type: string;
}
type ModelClass = { getAttributeTypeMap(): AttributeType[] };

function modelClass(name: string): ModelClass | undefined {
  const candidate = (k8s as unknown as Record<string, unknown>)[name] as Partial<ModelClass> | undefined;
  return typeof candidate?.getAttributeTypeMap === "function" ? (candidate as ModelClass) : undefined;
}

/** `apps/v1` + `Deployment` → `V1Deployment`, the client library's name for the model. */
function modelName(apiVersion: string, kind: string): string {
  const version = apiVersion.split("/").pop() ?? apiVersion;
  return `${version.charAt(0).toUpperCase()}${version.slice(1)}${kind}`;
}

/**
 * Every field of `manifest` that its Kubernetes type does not have (a typo such as `imagee`, a
 * field at the wrong level, a kustomize directive left in the output), walked with the field
 * lists of the official client's generated models.
 */
export function unknownFields(manifest: Manifest): string[] {
  const root = modelName(manifest.apiVersion, manifest.kind);
  if (!modelClass(root)) return [`no model ${root} for ${manifest.apiVersion} ${manifest.kind}`];
  const problems: string[] = [];
  const walk = (value: unknown, type: string, path: string): void => {
    if (value === null || value === undefined) return;
    const array = /^Array<(.+)>$/.exec(type);
    if (array) {
      const itemType = array[1] ?? "";
      if (Array.isArray(value)) value.forEach((item, i) => walk(item, itemType, `${path}[${i}]`));
      return;
    }
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
    if (map) {
      const valueType = map[1] ?? "";
      if (typeof value === "object" && value !== null)
        for (const [k, v] of Object.entries(value)) walk(v, valueType, `${path}.${k}`);
      return;
    }
    const model = modelClass(type);
    if (!model || typeof value !== "object" || Array.isArray(value)) return;
    const fields = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const childType = fields.get(key);
      if (childType === undefined) problems.push(`${path}.${key}: unknown field of ${type}`);
      else walk(child, childType, `${path}.${key}`);
    }
  };
  walk(manifest, root, `${manifest.kind}/${manifest.metadata?.name ?? "?"}`);
  return problems;
}
