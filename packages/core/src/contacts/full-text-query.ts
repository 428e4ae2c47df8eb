/**
 * Turns what a person typed into a safe FTS5 query: each word becomes a quoted prefix term, all
 * terms must match. Quotes and FTS operators in the input lose their meaning, so no input can
 * produce an FTS syntax error or an unintended query. Returns null when nothing searchable is left.
 */
export function toFullTextQuery(text: string): string | null {
  const words = text
    .normalize("NFKC")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 8);
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(" ");
}
