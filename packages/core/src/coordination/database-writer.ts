import { createDatabase, isBusyError, type Database, type DatabaseHandle } from "@nudge/db";

export type SqlClient = Database["$client"];
export type WriteTransaction = Awaited<ReturnType<SqlClient["transaction"]>>;

/** Longest SQLite may wait for the write lock inside one attempt, with the event loop frozen. */
const LOCK_SLICE_MS = 100;
/** How long a writer keeps asking for a lock other processes hold before giving up. */
const LOCK_PATIENCE_MS = 30_000;
const MAX_JOBS_PER_TRANSACTION = 500;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Job {
  work: (tx: WriteTransaction) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * One writer per database, shared by every coordinator of the process. Write jobs are queued,
 * and whatever is queued when the writer gets to it runs in one write transaction (group
 * commit), each job in its own savepoint so that one job's error undoes only that job. Fewer,
 * larger transactions mean fewer trips through the write lock every process sharing the file
 * competes for.
 *
 * Local files get care on two counts:
 * - SQLite waits for a lock held by another process by sleeping in its busy handler, on the
 *   event loop: the whole process freezes (no Redis replies read, which then time out). So the
 *   writer has its own connection with a short busy timeout, and when the lock is still taken
 *   it asks again after a pause, with the event loop free.
 * - A write statement that fails with SQLITE_BUSY stays "in progress" in libsql (0.18), and the
 *   connection can then never COMMIT again ("cannot commit transaction - SQL statements in
 *   progress"). The writer therefore drops its connection after each such failure; on the
 *   shared pool, that connection would have broken someone else's next transaction.
 * Remote libsql clients wait on the network, not the event loop: a plain write transaction.
 */
export class DatabaseWriter {
  static #writers = new WeakMap<SqlClient, DatabaseWriter>();

  /** The writer of `db`'s client. Pair with `release()` (the last release closes its connection). */
  static acquire(db: Database): DatabaseWriter {
    const client = db.$client;
    let writer = DatabaseWriter.#writers.get(client);
    if (!writer) {
      writer = new DatabaseWriter(client);
      DatabaseWriter.#writers.set(client, writer);
    }
    writer.#users++;
    return writer;
  }

  /** The shared client, for reads (WAL readers never wait for the writer). */
  readonly client: SqlClient;
  #own: Promise<DatabaseHandle | null> | null = null;
  #users = 0;
  #queue: Job[] = [];
  #draining = false;

  private constructor(client: SqlClient) {
    this.client = client;
  }

  async release(): Promise<void> {
    if (--this.#users > 0) return;
    DatabaseWriter.#writers.delete(this.client);
    while (this.#draining) await pause(5);
    (await this.#own?.catch(() => null))?.close();
    this.#own = null;
  }

  /**
   * Runs `work` in a write transaction (possibly shared with other queued jobs). `work` may run
   * more than once (when the lock could not be had), so it must touch the database only
   * through `tx`, and must not wait for another job of this writer.
   */
  transaction<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#draining) void this.#drain();
    });
  }

  /** One statement, in a write transaction. */
  execute(sql: string, args: (string | number | null)[] = []): ReturnType<SqlClient["execute"]> {
    return this.transaction((tx) => tx.execute({ sql, args }));
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#queue.length > 0) await this.#run(this.#queue.splice(0, MAX_JOBS_PER_TRANSACTION));
    } finally {
      this.#draining = false;
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
            const value = await job.work(tx);
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

  async #withWriteLock<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    const deadline = performance.now() + LOCK_PATIENCE_MS;
    for (let attempt = 0; ; attempt++) {
      const own = await this.#ownConnection();
      const client = own?.client ?? this.client;
      let tx: WriteTransaction | null = null;
      try {
        tx = await client.transaction("write");
        const result = await work(tx);
        await tx.commit();
        return result;
      } catch (error) {
        if (!isBusyError(error) || performance.now() > deadline) throw error;
        tx?.close();
        tx = null;
        // The failed statement poisoned our connection: open a fresh one.
        if (own) await own.client.reconnect();
        await pause(Math.min(attempt, 5) + Math.random() * 3);
      } finally {
        tx?.close();
      }
    }
  }

  /** A connection of our own to a local file (null for remote or in-memory databases). */
  #ownConnection(): Promise<DatabaseHandle | null> {
    this.#own ??= (async () => {
      if (this.client.protocol !== "file") return null;
      const main = await this.client.execute("select file from pragma_database_list where name = 'main'");
      const path = String(main.rows[0]?.[0] ?? "");
      if (path === "") return null; // in memory: one connection, one process, nobody to wait for
      return createDatabase({ url: `file:${path}`, busyTimeoutMs: LOCK_SLICE_MS });
    })().catch((error: unknown) => {
      this.#own = null; // try again on the next write
      throw error;
    });
    return this.#own;
  }
}
