import { isBusyError, type Database } from "@nudge/db";

export type SqlClient = Database["$client"];
export type WriteTransaction = Awaited<ReturnType<SqlClient["transaction"]>>;

/**
 * One writer per database client, shared by every coordinator of the process.
 *
 * Why: a local libsql file hands each call a pooled connection and runs SQLite synchronously on
 * the event loop. If a second connection of the same process asks for the write lock while a
 * transaction of ours holds it between two awaits, SQLite's busy handler spins *on the event
 * loop*, so our transaction can never finish: the process stalls for the whole busy timeout.
 * Queueing our writes removes that case; waiting on other processes is what the busy timeout
 * is for, and a transaction that still meets SQLITE_BUSY is retried from the start.
 */
export class DatabaseWriter {
  static #writers = new WeakMap<SqlClient, DatabaseWriter>();

  static for(db: Database): DatabaseWriter {
    const client = db.$client;
    let writer = DatabaseWriter.#writers.get(client);
    if (!writer) {
      writer = new DatabaseWriter(client);
      DatabaseWriter.#writers.set(client, writer);
    }
    return writer;
  }

  readonly client: SqlClient;
  #tail: Promise<unknown> = Promise.resolve();

  private constructor(client: SqlClient) {
    this.client = client;
  }

  /** Runs `job` after every job queued before it. Jobs must not queue and await another job. */
  exclusive<T>(job: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(job, job);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs `work` in one `BEGIN IMMEDIATE` transaction, queued behind our other writes. `work` may
   * run more than once (busy retries), so it must only touch the database through `tx`.
   */
  transaction<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    return this.exclusive(() => this.transactionInJob(work));
  }

  /** `transaction` for code already running inside an `exclusive` job (queueing again would deadlock). */
  transactionInJob<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    return this.#withBusyRetry(async () => {
      const tx = await this.client.transaction("write");
      try {
        const result = await work(tx);
        await tx.commit();
        return result;
      } finally {
        tx.close();
      }
    });
  }

  /** One statement on its own (autocommit), queued behind our other writes. */
  execute(sql: string, args: (string | number | null)[] = []): ReturnType<SqlClient["execute"]> {
    return this.exclusive(() => this.#withBusyRetry(() => this.client.execute({ sql, args })));
  }

  async #withBusyRetry<T>(attempt: () => Promise<T>): Promise<T> {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt();
      } catch (error) {
        if (!isBusyError(error) || tries >= 5) throw error;
        // Another process held the write lock for the whole busy timeout: back off a little.
        await new Promise((resolve) => setTimeout(resolve, 20 * tries + Math.random() * 30));
      }
    }
  }
}
