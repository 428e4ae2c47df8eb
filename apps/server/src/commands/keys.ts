import { parseArgs } from "node:util";
import { API_KEY_ROLES, type ApiKeyRole } from "@nudge/db";
import { UsageError, withRuntime, type Command } from "./command.js";

const CLI_CALLER = { by: "nudge-server CLI" };

async function create(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { role: { type: "string", default: "viewer" } },
  });
  const name = positionals[0];
  if (!name) throw new UsageError("keys create needs a name");
  const role = values.role as ApiKeyRole;
  if (!API_KEY_ROLES.includes(role))
    throw new UsageError(`unknown role ${role} (expected ${API_KEY_ROLES.join(", ")})`);
  await withRuntime(async ({ nudge }) => {
    const created = await nudge.keys.create({ name: name.slice(0, 100), role }, CLI_CALLER);
    process.stdout.write(
      `created key ${created.id} (${created.role}) "${created.name}". It is shown only once:\n${created.key}\n`,
    );
  });
}

async function list(): Promise<void> {
  await withRuntime(async ({ nudge }) => {
    for (const k of await nudge.keys.list()) {
      const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "active";
      const used = k.lastUsedAt ? k.lastUsedAt.toISOString() : "never";
      process.stdout.write(`${k.id}\t${k.role}\t${k.prefix}…\t${state}\tlast used ${used}\t${k.name}\n`);
    }
  });
}

async function revoke(args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const id = Number(positionals[0]);
  if (!Number.isSafeInteger(id) || id <= 0) throw new UsageError("keys revoke needs a numeric key id (see keys list)");
  await withRuntime(async ({ nudge }) => {
    const info = await nudge.keys.revoke(id, CLI_CALLER);
    process.stdout.write(`revoked key ${info.id} "${info.name}"\n`);
  });
}

export const keysCommand: Command = {
  usage: `  keys create <name> [--role R]      create an API key (role: viewer | operator | admin; default viewer)
  keys list                          list API keys (never the keys themselves)
  keys revoke <id>                   revoke an API key`,
  async run([sub, ...rest]) {
    if (sub === "create") return create(rest);
    if (sub === "list") return list();
    if (sub === "revoke") return revoke(rest);
    throw new UsageError(sub ? `unknown keys command "${sub}"` : "keys needs a sub-command", true);
  },
};
