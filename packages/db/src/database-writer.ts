import type { Client, InArgs, InStatement, ResultSet, Transaction, TransactionMode } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import type { Database } from "./client.js";
import { isBusyError } from "./errors.js";
import * as schema from "./schema/index.js";

/**
 * What a write job works with: drizzle over the write transaction the job runs in. It is a
 * `Database`, so functions that take one (e.g. to set an account's session status) can run
 * inside a job; its own `transaction()` is refused (the job already is one).
 */
export type WriteTransaction = Database;

/** Longest SQLite may wait for the write lock inside one attempt, with the event loop frozen. */
export const LOCK_SLICE_MS = 100;
/** How long a writer keeps asking for a lock other processes hold before giving up. */
const LOCK_PATIENCE_MS = 30_000;
const MAX_JOBS_PER_TRANSACTION = 500;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Job {
  work: (tx: WriteTransaction) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

const writers = new WeakMap<Database, DatabaseWriter>();

/**
 * The process-wide writer of `db` (a database opened with `createDatabase`; also
 * `handle.writer`). Every write that may meet another process's write lock goes through it.
 */
export function databaseWriter(db: Database): DatabaseWriter {
  const writer = writers.get(db);
  if (!writer) throw new Error("no writer for this database: open it with createDatabase (a write job's tx has none)");
  return writer;
}

export interface DatabaseWriterOptions {
  /** Opens the writer's own connection (local files only; null: write on the shared client). */
  openConnection: (() => Promise<Client>) | null;
}

/**
 * One writer per database and process. Write jobs are queued, and whatever is queued when the
 * writer gets to it runs in one write transaction (group commit), each job in its own savepoint
 * so that one job's error undoes only that job. Fewer, larger transactions mean fewer trips
 * through the write lock every process sharing the file competes for.
 *
 * Local files get care on two counts:
 * - SQLite waits for a lock held by another process by sleeping in its busy handler, on the
 *   event loop: the whole process freezes (no Redis replies read, which then time out). So the
 *   writer has its own connection with a short busy timeout, and when the lock is still taken
 *   it asks again after a pause, with the event loop free.
 * - A statement that fails with SQLITE_BUSY stays "in progress" in libsql (0.18), and the
 *   connection can then never COMMIT again ("cannot commit transaction - SQL statements in
 *   progress"). The writer therefore reconnects after each such failure; on the shared pool,
 *   that connection would have broken someone else's next transaction.
 * Remote libsql clients wait on the network, not the event loop: a plain write transaction.
 */
export class DatabaseWriter {
  /** The shared database, for reads (WAL readers never wait for the writer). */
  readonly db: Database;
  /** drizzle over whichever job transaction is open: statements prepared on it once run in every job. */
  readonly #jobs: WriteTransaction;
  readonly #open: OpenTransaction;
  readonly #openConnection: (() => Promise<Client>) | null;
  #own: Promise<Client> | null = null;
  #queue: Job[] = [];
  #draining = false;
  #closed = false;
  #busyRetries = 0;

  constructor(db: Database, options: DatabaseWriterOptions) {
    this.db = db;
    this.#openConnection = options.openConnection;
    this.#open = new OpenTransaction(db.$client.protocol);
    this.#jobs = drizzle(this.#open, { schema });
    writers.set(db, this);
  }

  /**
   * Runs `work` in a write transaction (possibly shared with other queued jobs). `work` may run
   * more than once (when the lock could not be had), so it must touch the database only
   * through `tx`, and must not wait for another job of this writer.
   */
  transaction<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error("the database is closed"));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#draining) void this.#drain();
    });
  }

  /**
   * `build` runs once, now, on the jobs' drizzle database: a statement it prepares there can be
   * run inside any later job (drizzle then skips building its SQL again).
   */
  prepare<T>(build: (tx: WriteTransaction) => T): T {
    return build(this.#jobs);
  }

  /** How many write attempts met another connection's lock (SQLITE_BUSY) and were tried again. */
  get busyRetries(): number {
    return this.#busyRetries;
  }

  /** Refuses new jobs; the transaction under way finishes, then the own connection closes. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const error = new Error("the database is closed");
    for (const job of this.#queue.splice(0)) job.reject(error);
    if (!this.#draining) this.#closeConnection();
  }

  #closeConnection(): void {
    void this.#own?.then((client) => client.close(), () => undefined);
    this.#own = null;
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#queue.length > 0) await this.#run(this.#queue.splice(0, MAX_JOBS_PER_TRANSACTION));
    } finally {
      this.#draining = false;
      if (this.#closed) this.#closeConnection();
    }
  }

  async #run(jobs: Job[]): Promise<void> {
    type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };
    let outcomes: Outcome[];
    try {
      outcomes = await this.#withWriteLock(async (tx) => {
        const results: Outcome[] = [];
        for (const job of jobs) {
          await tx.execute("savepoint job");
          try {
            const value = await job.work(this.#jobs);
            await tx.execute("release job");
            results.push({ ok: true, value });
          } catch (error) {
            if (isBusyError(error)) throw error;
            await tx.execute("rollback to job");
            await tx.execute("release job");
            results.push({ ok: false, error });
          }
        }
        return results;
      });
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }

  async #withWriteLock<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const deadline = performance.now() + LOCK_PATIENCE_MS;
    for (let attempt = 0; ; attempt++) {
      const own = await this.#ownConnection();
      const client = own ?? this.db.$client;
      let tx: Transaction | null = null;
      try {
        tx = await client.transaction("write");
        this.#open.begin(tx);
        const result = await work(tx);
        await tx.commit();
        return result;
      } catch (error) {
        if (!isBusyError(error) || performance.now() > deadline) throw error;
        this.#busyRetries++;
        tx?.close();
        tx = null;
        // The failed statement poisoned our connection: open a fresh one.
        own?.reconnect();
        await pause(Math.min(attempt, 5) + Math.random() * 3);
      } finally {
        this.#open.end();
        tx?.close();
      }
    }
  }

  /** The writer's own connection (null: remote or in-memory databases write on the shared client). */
  async #ownConnection(): Promise<Client | null> {
    if (!this.#openConnection) return null;
    this.#own ??= this.#openConnection().catch((error: unknown) => {
      this.#own = null; // try again on the next write
      throw error;
    });
    return this.#own;
  }
}

const refused = (what: string) =>
  new Error(`${what} inside a write job: the job already runs in the writer's transaction`);

/**
 * The client the jobs' drizzle database runs on: each statement goes to the write transaction
 * open at that moment, and fails when none is (a statement run outside a job).
 */
class OpenTransaction implements Client {
  readonly protocol: string;
  readonly closed = false;
  #tx: Transaction | null = null;

  constructor(protocol: string) {
    this.protocol = protocol;
  }

  begin(tx: Transaction): void {
    this.#tx = tx;
  }

  end(): void {
    this.#tx = null;
  }

  #current(): Transaction {
    if (!this.#tx) {
      throw new Error("no write transaction is open: run statements of the writer inside writer.transaction()");
    }
    return this.#tx;
  }

  execute(stmt: InStatement): Promise<ResultSet>;
  execute(sql: string, args?: InArgs): Promise<ResultSet>;
  async execute(stmt: InStatement | string, args?: InArgs): Promise<ResultSet> {
    return this.#current().execute(typeof stmt === "string" ? { sql: stmt, args: args ?? [] } : stmt);
  }

  async batch(stmts: (InStatement | [string, InArgs?])[], _mode?: TransactionMode): Promise<ResultSet[]> {
    const tx = this.#current();
    return tx.batch(stmts.map((s) => (Array.isArray(s) ? { sql: s[0], args: s[1] ?? [] } : s)));
  }

  async executeMultiple(sql: string): Promise<void> {
    return this.#current().executeMultiple(sql);
  }

  async migrate(): Promise<ResultSet[]> {
    throw refused("migrate()");
  }

  async transaction(): Promise<Transaction> {
    throw refused("transaction()");
  }

  async sync(): Promise<never> {
    throw refused("sync()");
  }

  close(): void {}

  reconnect(): void {}
}
