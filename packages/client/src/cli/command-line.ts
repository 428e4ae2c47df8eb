import { parseArgs } from "node:util";
import { UsageError, type Command, type OptionSpec } from "./command.js";
import { contactsCommands } from "./contacts.js";
import { exportCommands } from "./export.js";
import { healthCommands } from "./health.js";
import { interactionsCommands } from "./interactions.js";
import { keysCommands } from "./keys.js";
import { notifyCommands } from "./notify.js";
import { runsCommands } from "./runs.js";
import { settingsCommands } from "./settings.js";
import { statsCommands } from "./stats.js";

/** Every command, one module per group. A new group is one more import here. */
export const COMMANDS: readonly Command[] = [
  ...healthCommands,
  ...contactsCommands,
  ...exportCommands,
  ...interactionsCommands,
  ...statsCommands,
  ...settingsCommands,
  ...keysCommands,
  ...runsCommands,
  ...notifyCommands,
];

/** Options every command accepts. */
const GLOBAL_OPTIONS = {
  url: { type: "string" },
  key: { type: "string" },
  account: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} satisfies Record<string, OptionSpec>;

const GLOBAL_USAGE = `options:
  --url URL        server (default $NUDGE_URL or http://127.0.0.1:3000)
  --key KEY        API key (default $NUDGE_API_KEY)
  --account ID     account id (default 1)
  --json           print JSON instead of a table`;

export function usage(commands: readonly Command[] = COMMANDS): string {
  const heads = commands.map((c) => (c.synopsis ? `${c.name} ${c.synopsis}` : c.name));
  const width = Math.min(40, Math.max(...heads.map((h) => h.length)));
  const lines = commands.map((c, i) => {
    const head = heads[i] ?? c.name;
    // A long synopsis gets its summary on the next line, in the summaries' column.
    const gap = head.length > width ? `\n  ${"".padEnd(width)}  ` : "".padEnd(width - head.length + 2);
    return `  ${head}${gap}${c.summary}`;
  });
  return `usage: nudge <command> [options]\n\ncommands:\n${lines.join("\n")}\n\n${GLOBAL_USAGE}`;
}

export interface CommandLine {
  /** The command the words name, if any. */
  command: Command | undefined;
  /** The words given (command name first). */
  words: string[];
  /** Words after the command's name. */
  args: string[];
  values: Record<string, string | boolean | undefined>;
}

function allOptions(commands: readonly Command[]): Record<string, OptionSpec> {
  const options: Record<string, OptionSpec> = { ...GLOBAL_OPTIONS };
  for (const command of commands) {
    for (const [name, spec] of Object.entries(command.options ?? {})) {
      // One parse for every command means a name must mean the same thing everywhere.
      if (options[name] && options[name].type !== spec.type) throw new Error(`--${name} has two types`);
      options[name] = spec;
    }
  }
  return options;
}

/** Reads argv with `node:util` parseArgs; an unknown option, or one the command does not take, is a usage error. */
export function parseCommandLine(argv: string[], commands: readonly Command[] = COMMANDS): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: allOptions(commands), allowPositionals: true, strict: true });
  } catch (error) {
    if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
      throw new UsageError(error.message);
    }
    throw error;
  }
  const words = parsed.positionals;
  // The longest name that the words start with: `contacts get 42` is `contacts get` with `42`.
  const command = commands
    .filter((c) => c.name.split(" ").every((w, i) => words[i] === w))
    .sort((a, b) => b.name.length - a.name.length)[0];
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (command) {
    for (const name of Object.keys(values)) {
      if (!(name in GLOBAL_OPTIONS) && !(name in (command.options ?? {}))) {
        throw new UsageError(`${command.name} does not take --${name}`);
      }
    }
  }
  return { command, words, args: command ? words.slice(command.name.split(" ").length) : [], values };
}

export function numberValue(values: CommandLine["values"], name: string): number | undefined {
  const value = values[name];
  if (typeof value !== "string") return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number`);
  return n;
}
