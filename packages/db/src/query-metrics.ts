import type { Client, InStatement, Transaction } from "@libsql/client";
import { isBusyError } from "./errors.js";

/** What a database statement does, for metrics: a few fixed values, never the SQL itself. */
export const QUERY_OPERATIONS = ["select", "insert", "update", "delete", "batch", "commit", "pragma", "other"] as const;
export type QueryOperation = (typeof QUERY_OPERATIONS)[number];

/**
 * Told of every statement a database handle runs: its operation, how long it took, and whether
 * it failed. A lock wait that the writer retries (SQLITE_BUSY) is not a failure.
 */
export type QueryObserver = (operation: QueryOperation, seconds: number, failed: boolean) => void;

const KEYWORDS = new Set<string>(["select", "insert", "update", "delete", "pragma"]);

export function operationOf(statement: InStatement | string): QueryOperation {
  const text = typeof statement === "string" ? statement : statement.sql;
  const keyword = /^\s*(\w+)/.exec(text)?.[1]?.toLowerCase() ?? "";
  if (keyword === "with") return "select";
  return KEYWORDS.has(keyword) ? (keyword as QueryOperation) : "other";
}

async function timed<T>(observe: QueryObserver, operation: QueryOperation, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const result = await work();
    observe(operation, (performance.now() - started) / 1000, false);
    return result;
  } catch (error) {
    observe(operation, (performance.now() - started) / 1000, !isBusyError(error));
    throw error;
  }
}

function observeTransaction(tx: Transaction, observe: QueryObserver): Transaction {
  return new Proxy(tx, {
    get(target, property) {
      const value = Reflect.get(target, property) as unknown;
      if (property === "execute")
        return (statement: InStatement) => timed(observe, operationOf(statement), () => target.execute(statement));
      if (property === "batch")
        return (statements: InStatement[]) => timed(observe, "batch", () => target.batch(statements));
      if (property === "commit") return () => timed(observe, "commit", () => target.commit());
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The same client, with every statement, batch and transaction commit reported to `observe`. */
export function observeClient(client: Client, observe: QueryObserver): Client {
  return new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property) as unknown;
      if (property === "execute")
        return (statement: InStatement | string, args?: never) =>
          timed(observe, operationOf(statement), () =>
            typeof statement === "string" ? target.execute(statement, args) : target.execute(statement),
          );
      if (property === "batch")
        return (statements: InStatement[], mode?: never) =>
          timed(observe, "batch", () => target.batch(statements, mode));
      if (property === "transaction")
        return async (mode?: never) => observeTransaction(await target.transaction(mode), observe);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
