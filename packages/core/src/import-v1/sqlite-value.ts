/**
 * A SQLite cell as text: the original bot's columns are loosely typed (numbers in text
 * columns, text in numeric ones), so every read goes through here. Blobs are not text.
 */
export function sqliteText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  return null;
}
