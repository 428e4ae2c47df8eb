import { useCallback, useMemo, useState } from "react";

/**
 * Keyset paging: the API hands out the next page's cursor; the way back is the stack of cursors
 * already seen. `reset` goes back to the first page (after a filter changes).
 */
export function useCursorStack() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const reset = useCallback(() => setCursors([undefined]), []);
  return useMemo(
    () => ({
      cursor: cursors.at(-1),
      page: cursors.length,
      hasPrevious: cursors.length > 1,
      previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
      next: (cursor: string) => setCursors((c) => [...c, cursor]),
      reset,
    }),
    [cursors, reset],
  );
}

export function Pager({
  stack,
  nextCursor,
  label,
}: {
  stack: ReturnType<typeof useCursorStack>;
  nextCursor: string | null;
  label: string;
}) {
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <button type="button" onClick={stack.previous} disabled={!stack.hasPrevious}>
        ← Previous
      </button>
      <span className="muted" aria-live="polite">
        Page {stack.page}
      </span>
      <button type="button" onClick={() => nextCursor && stack.next(nextCursor)} disabled={!nextCursor}>
        Next →
      </button>
    </nav>
  );
}
