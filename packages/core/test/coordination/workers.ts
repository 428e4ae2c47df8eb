import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { waitFor } from "@nudge/testing";
import type { WorkerConfig } from "./coordination-worker.js";

const WORKER = fileURLToPath(new URL("./coordination-worker.ts", import.meta.url));

interface Worker {
  child: ChildProcess;
  lines: string[];
  stderr: string[];
}

/**
 * Worker processes (see `coordination-worker.ts`), started once and reused: starting a Node
 * process with the TypeScript sources costs seconds, running a scenario milliseconds.
 */
export class WorkerPool {
  readonly #workers: Worker[] = [];
  #busy: Worker[] = [];

  async start(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      const child = spawn(process.execPath, ["--import", "tsx", "--conditions=@nudge/source", WORKER], {
        stdio: ["pipe", "pipe", "pipe"],
      });
      const worker: Worker = { child, lines: [], stderr: [] };
      let buffer = "";
      child.stdout.on("data", (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        worker.lines.push(...lines.filter(Boolean));
      });
      child.stderr.on("data", (chunk: Buffer) => worker.stderr.push(chunk.toString()));
      this.#workers.push(worker);
    }
    await this.#next(this.#workers, "up", 120_000);
  }

  /** Hands each config to a worker and waits until each has opened its connections. */
  async prepare(configs: WorkerConfig[]): Promise<void> {
    if (configs.length > this.#workers.length) throw new Error(`only ${this.#workers.length} workers`);
    this.#busy = this.#workers.slice(0, configs.length);
    this.#busy.forEach((w, i) => w.child.stdin!.write(`${JSON.stringify(configs[i])}\n`));
    await this.#next(this.#busy, "ready", 30_000);
  }

  /** Releases every prepared worker at once. */
  go(): void {
    for (const w of this.#busy) w.child.stdin!.write("go\n");
  }

  async results<T = Record<string, unknown>>(timeoutMs = 60_000): Promise<T[]> {
    const lines = await this.#next(this.#busy, null, timeoutMs);
    this.#busy = [];
    return lines.map((line) => JSON.parse(line) as T);
  }

  async run<T = Record<string, unknown>>(configs: WorkerConfig[]): Promise<T[]> {
    await this.prepare(configs);
    this.go();
    return this.results<T>();
  }

  async stop(): Promise<void> {
    for (const w of this.#workers.splice(0)) {
      if (w.child.exitCode !== null || w.child.signalCode !== null) continue;
      const exited = new Promise((resolve) => w.child.once("exit", resolve));
      w.child.kill("SIGKILL");
      await exited;
    }
  }

  /** Takes the next line of each worker (checking it equals `expected` when given). */
  async #next(workers: Worker[], expected: string | null, timeoutMs: number): Promise<string[]> {
    await waitFor(
      () => {
        const dead = workers.find((w) => w.child.exitCode !== null || w.child.signalCode !== null);
        if (dead) throw new Error(`a worker exited: ${dead.stderr.join("").slice(-2000)}`);
        return workers.every((w) => w.lines.length > 0);
      },
      { timeoutMs, what: expected ? `every worker to say ${expected}` : "every worker's result" },
    );
    const lines = workers.map((w) => w.lines.shift()!);
    const wrong = lines.find((line) => expected !== null && line !== expected);
    if (wrong !== undefined) throw new Error(`a worker said ${wrong.slice(0, 500)} instead of ${expected}`);
    return lines;
  }
}
