import pino from "pino";
import { EnvError, parseEnv } from "../env.js";
import { createRuntime, type Runtime } from "../runtime.js";

/** A sub-command of `nudge-server`: its usage lines and what it does with the rest of argv. */
export interface Command {
  usage: string;
  run(args: string[]): Promise<void>;
}

/**
 * A mistake in how the command was called. An unknown command or sub-command prints the usage
 * and exits 2; a bad value (an unknown role, a non-numeric id) is one line and exit code 1.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
  constructor(
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
  }
}

/**
 * The domain for a one-shot command: the same runtime `serve` builds (migrations applied), with
 * log lines on stderr so that stdout carries only the command's own output.
 */
export async function withRuntime<T>(fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  const env = parseEnv();
  const runtime = await createRuntime(env, { logDestination: pino.destination(2) });
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

export { EnvError };
