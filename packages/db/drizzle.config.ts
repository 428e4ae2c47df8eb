import { defineConfig } from "drizzle-kit";

// `drizzle-kit generate` needs no database, only the schema. Generated SQL is committed and
// applied at start by `runMigrations()`.
export default defineConfig({
  dialect: "turso",
  schema: "./src/schema/index.ts",
  out: "./drizzle",
  strict: true,
  dbCredentials: { url: "file:./.cache/kit.db" },
});
