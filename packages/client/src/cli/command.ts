import type { ParseArgsConfig } from "node:util";
import type { ClientOptions, NudgeClient } from "../client.js";

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>[string];

/** A mistake in the command line itself: the CLI prints it and exits with 2. */
export class UsageError extends Error {}

/** What a command receives: the client, its own options and arguments, and the output. */
export interface CommandContext {
  client: NudgeClient;
  /** Where the client connects, for plain HTTP downloads (the CSV export). */
  connection: ClientOptions;
  /** Writes bytes to the output as they are (a download), waiting when it is full. */
  writeRaw(chunk: Uint8Array): Promise<void>;
  accountId: number;
  /** Words after the command's name (`contacts get 42` → `["42"]`). */
  args: string[];
  /** A string option's value. */
  string(name: string): string | undefined;
  /** A numeric option's value; a usage error when it is not a number. */
  number(name: string): number | undefined;
  /** True when a boolean option was given. */
  flag(name: string): boolean;
  /** The first argument as a record id; a usage error when it is not a positive integer. */
  id(): number;
  /** JSON with `--json` or when no columns are given, otherwise a table of those columns. */
  print(value: unknown, columns?: string[]): void;
  /** A line of its own (a hint such as the next page's cursor); silent with `--json`. */
  note(line: string): void;
  /** A progress line: rewritten in place on a terminal, one plain line per change otherwise. */
  progress(line: string): void;
  /** Ends the progress line (the next output starts on a fresh line). */
  done(): void;
}

export interface Command {
  /** The words that name it, e.g. `contacts list`. */
  name: string;
  /** Arguments and options as the usage shows them, e.g. `<id>` or `[--days N]`. */
  synopsis?: string;
  summary: string;
  options?: Record<string, OptionSpec>;
  run(context: CommandContext): Promise<void>;
}
