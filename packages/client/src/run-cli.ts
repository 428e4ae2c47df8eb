import { createClient } from "./client.js";
import { UsageError, type CommandContext } from "./cli/command.js";
import { numberValue, parseCommandLine, usage } from "./cli/command-line.js";
import { formatTable } from "./cli/table.js";

export { UsageError };

/**
 * Runs one command line. Returns the exit code for usage outcomes (0, or 2 for an unknown
 * command); a usage mistake throws `UsageError`, a failed call throws the client's error.
 */
export async function runCli(
  argv: string[],
  out: (line: string) => void,
  env: Record<string, string | undefined> = process.env,
  terminal?: { write(text: string): void },
  raw: (chunk: Uint8Array) => Promise<void> = writeStdout,
): Promise<number> {
  const line = parseCommandLine(argv);
  const { command, values } = line;
  if (!command || values.help) {
    out(usage());
    return line.words.length > 0 && !command ? 2 : 0;
  }
  const json = values.json === true;
  let pendingLine = false;
  let lastProgress = "";
  const string = (name: string) => (typeof values[name] === "string" ? values[name] : undefined);
  const connection = {
    url: string("url") ?? env.NUDGE_URL ?? "http://127.0.0.1:3000",
    apiKey: string("key") ?? env.NUDGE_API_KEY,
  };
  const context: CommandContext = {
    client: createClient(connection),
    connection,
    writeRaw: raw,
    accountId: numberValue(values, "account") ?? 1,
    args: line.args,
    string,
    number: (name) => numberValue(values, name),
    flag: (name) => values[name] === true,
    id() {
      const id = Number(line.args[0]);
      if (!Number.isSafeInteger(id) || id <= 0) throw new UsageError(`${command.name} needs a numeric id`);
      return id;
    },
    print(value, columns) {
      out(json || !columns ? JSON.stringify(value, null, 2) : formatTable(value as Record<string, unknown>[], columns));
    },
    note(text) {
      if (!json) out(text);
    },
    progress(text) {
      if (json) return;
      if (terminal) {
        terminal.write(`\r\x1b[2K${text}`);
        pendingLine = true;
      } else if (text !== lastProgress) out(text);
      lastProgress = text;
    },
    done() {
      if (pendingLine) terminal?.write("\n");
      pendingLine = false;
    },
  };
  await command.run(context);
  return 0;
}

/** Writes to stdout and waits for it to drain, so a large download piped to a slow reader stays in constant memory. */
function writeStdout(chunk: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}
