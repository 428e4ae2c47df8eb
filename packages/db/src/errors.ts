/**
 * True when `error` (or anything in its `cause` chain — drizzle wraps driver errors) is a SQLite
 * UNIQUE constraint violation: how the database tells us "this occasion is already taken" or
 * "a run is already running".
 */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const err = e as { code?: unknown; message?: unknown; extendedCode?: unknown };
    if (err.extendedCode === "SQLITE_CONSTRAINT_UNIQUE" || err.extendedCode === "SQLITE_CONSTRAINT_PRIMARYKEY")
      return true;
    if (typeof err.message === "string" && /UNIQUE constraint failed/.test(err.message)) return true;
  }
  return false;
}

/** True for SQLITE_BUSY / locked errors, which are worth a retry. */
export function isBusyError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const err = e as { code?: unknown; message?: unknown };
    if (
      err.code === "SQLITE_BUSY" ||
      (typeof err.message === "string" && /database is locked|SQLITE_BUSY/.test(err.message))
    )
      return true;
  }
  return false;
}

/**
 * The one row a statement that must produce one (an insert or update `returning`) produced. A
 * missing row is a bug, not a state a caller can handle: it throws.
 */
export function single<T>(rows: readonly T[], what = "row"): T {
  const row = rows[0];
  if (row === undefined) throw new Error(`expected one ${what}, got none`);
  return row;
}
