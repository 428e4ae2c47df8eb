import { TRPCError } from "@trpc/server";
import { transformer } from "./transformer.js";

/** Bounds far above anything a real input needs (our inputs are a few levels deep). */
const MAX_DEPTH = 64;
const MAX_ANNOTATIONS = 10_000;

const refuse = (why: string) => new TRPCError({ code: "BAD_REQUEST", message: `invalid input: ${why}` });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Depth of a JSON value, walked without recursion so a deep value cannot blow the stack. */
function depthWithin(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== "object" || node === null) continue;
    if (depth > max) return false;
    for (const child of Object.values(node)) {
      if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
    }
  }
  return true;
}

/**
 * The shape of superjson's `meta.values`: a node is `[annotation, children?]` or an object of
 * nodes, an annotation a type name or a `[kind, name]` pair. A string where a node belongs sends
 * superjson into unbounded recursion, so the tree is checked first, iteratively and bounded.
 */
function isAnnotationTree(tree: unknown): boolean {
  const stack: Array<[unknown, number]> = [[tree, 1]];
  let seen = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (++seen > MAX_ANNOTATIONS || depth > MAX_DEPTH) return false;
    if (Array.isArray(node)) {
      const [annotation, children, ...rest] = node as unknown[];
      const pair = Array.isArray(annotation) && annotation.length === 2 &&
        annotation.every((s) => typeof s === "string");
      if (rest.length > 0 || (typeof annotation !== "string" && !pair)) return false;
      if (children === undefined) continue;
      if (!isPlainObject(children)) return false;
      for (const child of Object.values(children)) stack.push([child, depth + 1]);
    } else if (isPlainObject(node)) {
      for (const child of Object.values(node)) stack.push([child, depth + 1]);
    } else {
      return false;
    }
  }
  return true;
}

const isPathList = (v: unknown): v is string[] => Array.isArray(v) && v.every((p) => typeof p === "string");

/** `meta.referentialEqualities`: `{ path: paths }`, `[rootPaths]` or `[rootPaths, { path: paths }]`. */
function isEqualityList(value: unknown): boolean {
  let paths = 0;
  let groups: unknown[] = [value];
  if (Array.isArray(value)) {
    const [root, other, ...rest] = value as unknown[];
    if (rest.length > 0 || !isPathList(root)) return false;
    paths += root.length;
    groups = other === undefined ? [] : [other];
  }
  for (const group of groups) {
    if (!isPlainObject(group)) return false;
    for (const list of Object.values(group)) {
      if (!isPathList(list)) return false;
      paths += list.length;
    }
  }
  return paths <= MAX_ANNOTATIONS;
}

/**
 * Checks a superjson envelope (`{ json, meta? }`) before superjson reads it: the procedure input
 * arrives unauthenticated and unvalidated, and malformed metadata would otherwise cost
 * milliseconds of recursion (or a stack overflow) per request. Cheap, iterative, bounded.
 */
export function assertInputEnvelope(payload: unknown): void {
  if (!isPlainObject(payload)) throw refuse("expected a superjson envelope { json, meta? }");
  if (!depthWithin(payload.json, MAX_DEPTH)) throw refuse(`nested deeper than ${MAX_DEPTH} levels`);
  const meta = payload.meta;
  if (meta === undefined) return;
  if (!isPlainObject(meta)) throw refuse("superjson meta must be an object");
  if (meta.v !== undefined && typeof meta.v !== "number") throw refuse("superjson meta.v must be a number");
  if (meta.values !== undefined && !isAnnotationTree(meta.values)) throw refuse("malformed superjson meta.values");
  if (meta.referentialEqualities !== undefined && !isEqualityList(meta.referentialEqualities)) {
    throw refuse("malformed superjson meta.referentialEqualities");
  }
}

/**
 * The server side of the wire format: superjson, with every incoming envelope checked first.
 * Clients keep using `transformer` itself; the bytes on the wire are the same.
 */
export const serverTransformer = {
  input: {
    serialize: (value: unknown) => transformer.serialize(value),
    deserialize: (payload: unknown) => {
      assertInputEnvelope(payload);
      return transformer.deserialize(payload as Parameters<typeof transformer.deserialize>[0]);
    },
  },
  output: transformer,
};
