/** One CSV field: quoted when it holds a comma, a quote or a line break; formulas neutralised for spreadsheets. */
export type Cell = string | number | boolean | Date | readonly string[] | null | undefined;

function field(value: Cell): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : typeof value === "object" ? value.join(";") : String(value);
  // A cell starting with = + - @ is run as a formula by spreadsheet programs (CSV injection).
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 text for `rows`, with a header line of `columns`. */
export function toCsv<T>(rows: readonly T[], columns: readonly { header: string; value: (row: T) => Cell }[]): string {
  const lines = [columns.map((c) => field(c.header)).join(",")];
  for (const row of rows) lines.push(columns.map((c) => field(c.value(row))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/** Hands `text` to the browser as a file download. */
export function downloadText(text: string, fileName: string, type = "text/csv;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
