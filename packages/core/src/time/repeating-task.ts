/**
 * Runs a pass now and then every `intervalMs`, never two passes at once: a pass still going when
 * the next is due makes that one skip. `stop()` clears the timer and waits for the pass in flight.
 * The timer is unref'd, so a background task never keeps a process alive on its own. A failed
 * pass goes to `onError` and the next one runs as planned.
 */
export class RepeatingTask {
  readonly #pass: () => Promise<unknown>;
  readonly #intervalMs: number;
  readonly #onError: (error: unknown) => void;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;

  constructor(pass: () => Promise<unknown>, intervalMs: number, onError: (error: unknown) => void) {
    this.#pass = pass;
    this.#intervalMs = intervalMs;
    this.#onError = onError;
  }

  get started(): boolean {
    return this.#timer !== null;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.#runOnce(), this.#intervalMs);
    this.#timer.unref();
    this.#runOnce();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  #runOnce(): void {
    this.#running ??= this.#pass()
      .then(() => undefined, this.#onError)
      .finally(() => {
        this.#running = null;
      });
  }
}
