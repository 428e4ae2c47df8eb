/**
 * The first line of an error's message, bounded: driver and browser errors can run to pages
 * (call logs, SQL, stack-like detail), and a log line or an API answer needs the sentence only.
 */
export function firstLine(error: unknown, maxLength = 300): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split("\n", 1)[0] ?? "").slice(0, maxLength);
}
