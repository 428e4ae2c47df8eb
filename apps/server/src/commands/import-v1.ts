import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { formatImportReport, type ImportSources } from "@nudge/core";
import { UsageError, withRuntime, type Command } from "./command.js";

const CLI_CALLER = { by: "nudge-server CLI" };

async function read(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code ?? "unreadable";
    throw new UsageError(`cannot read the ${what} at ${path} (${code})`);
  }
}

/**
 * `import-v1`: moving from the original Python bot (docs/import-v1.md). Prints the report; a
 * real import also keeps it as JSON in the data directory. The Fernet key of an encrypted
 * auth state comes from a file or `AUTH_ENCRYPTION_KEY` (never a flag: argv is visible to
 * every user of the machine).
 */
async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      account: { type: "string", default: "1" },
      database: { type: "string" },
      config: { type: "string" },
      messages: { type: "string" },
      "late-messages": { type: "string" },
      "auth-state": { type: "string" },
      "fernet-key-file": { type: "string" },
      "dry-run": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
  });
  const accountId = Number(values.account);
  if (!Number.isSafeInteger(accountId) || accountId <= 0) throw new UsageError("--account needs a numeric account id");
  const text = async (path: string | undefined, what: string) =>
    path === undefined ? undefined : (await read(path, what)).toString("utf8");
  const sources: ImportSources = {
    ...(values.database !== undefined ? { database: { path: values.database } } : {}),
    ...(values.config !== undefined ? { config: await text(values.config, "config.yaml") } : {}),
    ...(values.messages !== undefined ? { messages: await text(values.messages, "messages file") } : {}),
    ...(values["late-messages"] !== undefined
      ? { lateMessages: await text(values["late-messages"], "late messages file") }
      : {}),
    ...(values["auth-state"] !== undefined ? { authState: await read(values["auth-state"], "auth-state file") } : {}),
  };
  if (Object.keys(sources).length === 0) {
    throw new UsageError(
      "import-v1 needs at least one of --database, --config, --messages, --late-messages, --auth-state",
    );
  }
  const keyFile = values["fernet-key-file"];
  const fernetKey = keyFile !== undefined ? await text(keyFile, "Fernet key file") : process.env.AUTH_ENCRYPTION_KEY;
  if (fernetKey?.trim()) sources.fernetKey = fernetKey.trim();
  await withRuntime(async ({ nudge }) => {
    const report = await nudge.imports.run(accountId, sources, { dryRun: values["dry-run"] }, CLI_CALLER);
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatImportReport(report));
  });
}

export const importV1Command: Command = {
  usage: `  import-v1 [--database F] [--config F] [--messages F] [--late-messages F] [--auth-state F]
            [--fernet-key-file F] [--account N] [--dry-run] [--json]
                                     import the original Python bot's database, config, templates and
                                     session (its Fernet key: --fernet-key-file or AUTH_ENCRYPTION_KEY)`,
  run,
};
