export * from "./client.js";
export * from "./database-writer.js";
export * from "./errors.js";
export * from "./migrate.js";
export * from "./query-metrics.js";
export * from "./schema/index.js";
// Re-exported so consumers build queries without importing drizzle-orm themselves.
export {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  max,
  ne,
  not,
  or,
  sql,
} from "drizzle-orm";
export type { SQL } from "drizzle-orm";
