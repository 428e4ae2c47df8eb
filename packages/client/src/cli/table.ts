const MAX_WIDTH = 40;

function cell(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return value === null || value === undefined ? "" : String(value);
}

/** Rows as aligned text columns (cells cut at 40 characters), header first. */
export function formatTable(rows: Record<string, unknown>[], columns: string[]): string {
  const widths = columns.map((c) => Math.min(MAX_WIDTH, Math.max(c.length, ...rows.map((r) => cell(r[c]).length))));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.slice(0, widths[i]).padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(columns), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join("\n");
}
