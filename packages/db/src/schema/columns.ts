import { integer } from "drizzle-orm/sqlite-core";

/** A UTC instant stored as epoch milliseconds; drizzle hands it back as a `Date`. */
export const instant = (name: string) => integer(name, { mode: "timestamp_ms" });

/** `created_at` filled by the application clock when not given. */
export const createdAt = () =>
  instant("created_at")
    .notNull()
    .$defaultFn(() => new Date());
