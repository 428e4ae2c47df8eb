import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * The panel is served by the Nudge server from `dist/`. In development Vite serves it and
 * proxies the API (`/trpc`, `/artifacts`) to a server started separately (`NUDGE_DEV_API`, default :3000).
 */
export default defineConfig({
  plugins: [react()],
  // Workspace packages are bundled from their TypeScript sources (only @nudge/core/schemas is).
  resolve: { conditions: ["@nudge/source", "browser", "module", "import", "default"] },
  server: {
    proxy: Object.fromEntries(
      ["/trpc", "/artifacts"].map((path) => [path, { target: process.env.NUDGE_DEV_API ?? "http://127.0.0.1:3000" }]),
    ),
  },
  build: {
    target: "es2022",
    // The size goal is checked by `pnpm bench web` (initial JS gzip), not by a warning here.
    chunkSizeWarningLimit: 600,
  },
});
