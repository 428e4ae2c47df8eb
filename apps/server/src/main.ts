#!/usr/bin/env node
import { firstLine } from "@nudge/core";
import { backupCommand } from "./commands/backup.js";
import { EnvError, UsageError, type Command } from "./commands/command.js";
import { importV1Command } from "./commands/import-v1.js";
import { demoCommand } from "./commands/demo.js";
import { keysCommand } from "./commands/keys.js";
import { migrateCommand } from "./commands/migrate.js";
import { restoreCommand } from "./commands/restore.js";
import { serveCommand } from "./commands/serve.js";

const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  migrate: migrateCommand,
  keys: keysCommand,
  demo: demoCommand,
  "import-v1": importV1Command,
  backup: backupCommand,
  restore: restoreCommand,
};

const USAGE = `usage: nudge-server [command]

commands:
${Object.values(COMMANDS)
  .map((c) => c.usage)
  .join("\n")}

Configuration comes from environment variables; see the README.`;

function fail(message: string, code: number): never {
  process.stderr.write(`nudge-server: ${message}\n`);
  process.exit(code);
}

async function main([name = "serve", ...args]: string[]): Promise<void> {
  if (name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command "${name}"`, true);
  await command.run(args);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError)
    fail(error.showUsage ? `${error.message}\n${USAGE}` : error.message, error.showUsage ? 2 : 1);
  // node:util parseArgs rejects unknown options with a TypeError carrying this code.
  if ((error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) fail(`${firstLine(error)}\n${USAGE}`, 2);
  if (error instanceof EnvError) fail(error.message, 1);
  fail(firstLine(error) || "failed", 1);
});
