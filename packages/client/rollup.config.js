import { rmSync } from "node:fs";
import { dts } from "rollup-plugin-dts";

// Stage two of `pnpm build`: tsc has compiled src/ into .cache/tsc; rollup bundles that into
// dist/ for the tarball: ESM (.js) and CommonJS (.cjs) code, and one declaration file per entry.
const from = ".cache/tsc";
// Chunk names carry a content hash: start from an empty dist/ so no stale chunk gets packed.
rmSync("dist", { recursive: true, force: true });

// The code imports only its runtime dependencies; everything else of ours is bundled.
const runtime = ["@trpc/client", "eventsource", "superjson"];
const isRuntimeImport = (id) => id.startsWith("node:") || runtime.some((dep) => id === dep || id.startsWith(`${dep}/`));

// The declarations keep importing @trpc/server only: the consumer installs it with the client and
// tRPC's inference runs on it. Inlined: the `@nudge/*` domain types that procedures name; drizzle,
// because `AccountSummary` is derived from the accounts table; and @trpc/client's types, whose
// own index pulls in the `ws` adapter's types and so would require @types/ws. Every other package
// (pino, libsql, …) is only named by declarations the procedures do not use, which rollup drops.
const inlinedTypes = ["@nudge/", "@trpc/client", "drizzle-orm"];
const typesStayImported = (id) => /^@trpc\/server(\/|$)/.test(id);
const isInlinedType = (id) => id.startsWith(".") || id.startsWith("/") || inlinedTypes.some((p) => id.startsWith(p));

/** Fails the build when a declaration file still imports anything but @trpc/server. */
const selfContainedTypes = {
  name: "self-contained-types",
  generateBundle(_options, bundle) {
    for (const chunk of Object.values(bundle)) {
      const stray = chunk.type === "chunk" ? chunk.imports.filter((id) => !typesStayImported(id)) : [];
      if (stray.length > 0) this.error(`${chunk.fileName} still imports ${stray.join(", ")}`);
    }
  },
};

const names = (extension) => ({ entryFileNames: `[name].${extension}`, chunkFileNames: `[name]-[hash].${extension}` });

const code = (format, extension, entries) => ({
  input: Object.fromEntries(entries.map((name) => [name, `${from}/${name}.js`])),
  output: { dir: "dist", format, ...names(extension) },
  external: isRuntimeImport,
});

const types = {
  input: { index: `${from}/index.d.ts`, "run-cli": `${from}/run-cli.d.ts` },
  // The same declarations twice: `.d.ts` for `import`, `.d.cts` for `require`.
  output: ["d.ts", "d.cts"].map((extension) => ({ dir: "dist", format: "es", ...names(extension) })),
  external: (id) => !isInlinedType(id),
  plugins: [dts({ respectExternal: true, tsconfig: "tsconfig.build.json" }), selfContainedTypes],
};

// `cli` is the `nudge` executable (ESM only); `run-cli` is `@nudge/client/cli`, the same in-process.
export default [code("es", "js", ["index", "run-cli", "cli"]), code("cjs", "cjs", ["index", "run-cli"]), types];
