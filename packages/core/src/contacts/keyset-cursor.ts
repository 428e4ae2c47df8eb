import { and, eq, lt, or, type SQL } from "@nudge/db";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { NudgeError } from "../errors/index.js";

/**
 * Opaque keyset cursor: the (instant, id) of the last row of a page. Pages are ordered by
 * (instant DESC, id DESC), and the next page starts strictly after the cursor, so rows inserted
 * between two page reads never cause a skip or a repeat.
 */
export interface KeysetPosition {
  at: number;
  id: number;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString("base64url");
}

/** The last instant a JavaScript Date can hold; a cursor beyond it would query with NaN. */
const LAST_MS = 8.64e15;

function isInstant(n: unknown): n is number {
  return Number.isSafeInteger(n) && (n as number) >= 0 && (n as number) <= LAST_MS;
}

function isRowId(n: unknown): n is number {
  return Number.isSafeInteger(n) && (n as number) >= 1;
}

/** Reads a cursor back; anything this module did not write is a VALIDATION_FAILED error. */
export function decodeCursor(cursor: string): KeysetPosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    value = undefined;
  }
  if (Array.isArray(value) && value.length === 2 && isInstant(value[0]) && isRowId(value[1])) {
    return { at: value[0], id: value[1] };
  }
  throw new NudgeError("VALIDATION_FAILED", "invalid cursor: pass back the nextCursor of a previous page");
}

export interface Page<T> {
  items: T[];
  /** Pass back to get the next page; null on the last page. */
  nextCursor: string | null;
}

/** Rows strictly after the cursor in (instant DESC, id DESC) order. */
export function afterCursor(cursor: string, at: AnySQLiteColumn, id: AnySQLiteColumn): SQL {
  const position = decodeCursor(cursor);
  const atDate = new Date(position.at);
  return or(lt(at, atDate), and(eq(at, atDate), lt(id, position.id)))!;
}

/** Cuts the `limit + 1` rows a page query fetched into a page and the cursor of the next one. */
export function toPage<T>(rows: T[], limit: number, position: (row: T) => KeysetPosition): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(position(last)) : null };
}
