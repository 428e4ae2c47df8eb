#!/usr/bin/env node
import { createApiKey, listApiKeys, revokeApiKey, systemClock } from "@nudge/core";
import { API_KEY_ROLES, createDatabase, migrationStatus, runMigrations, type ApiKeyRole } from "@nudge/db";
import { EnvError, parseEnv } from "./env.js";
import { startServer } from "./runtime.js";

const USAGE = `usage: nudge-server [command]

commands:
  serve                              start the server (default)
  migrate                            apply database migrations and exit
  keys create <name> [--role R]      create an API key (role: viewer | operator | admin; default viewer)
  keys list                          list API keys (never the keys themselves)
  keys revoke <id>                   revoke an API key

Configuration comes from environment variables; see the README.`;

function fail(message: string, code = 1): never {
  process.stderr.write(`nudge-server: ${message}\n`);
  process.exit(code);
}

async function withDatabase<T>(fn: (db: Awaited<ReturnType<typeof createDatabase>>) => Promise<T>): Promise<T> {
  const env = parseEnv();
  const handle = await createDatabase({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN });
  try {
    await runMigrations(handle.db);
    return await fn(handle);
  } finally {
    handle.close();
  }
}

async function serveCommand(): Promise<void> {
  const env = parseEnv();
  const running = await startServer(env);
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      running.runtime.log.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    running.shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        running.runtime.log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

async function keysCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === "create") {
    const name = rest.find((a) => !a.startsWith("--"));
    const roleIndex = rest.indexOf("--role");
    const role = (roleIndex >= 0 ? rest[roleIndex + 1] : "viewer") as ApiKeyRole;
    if (!name) fail("keys create needs a name");
    if (!API_KEY_ROLES.includes(role)) fail(`unknown role ${role} (expected ${API_KEY_ROLES.join(", ")})`);
    await withDatabase(async ({ db }) => {
      const { key, info } = await createApiKey(db, { name: name.slice(0, 100), role }, systemClock);
      process.stdout.write(`created key ${info.id} (${info.role}) "${info.name}". It is shown only once:\n${key}\n`);
    });
  } else if (sub === "list") {
    await withDatabase(async ({ db }) => {
      for (const k of await listApiKeys(db)) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "active";
        const used = k.lastUsedAt ? k.lastUsedAt.toISOString() : "never";
        process.stdout.write(`${k.id}\t${k.role}\t${k.prefix}…\t${state}\tlast used ${used}\t${k.name}\n`);
      }
    });
  } else if (sub === "revoke") {
    const id = Number(rest[0]);
    if (!Number.isSafeInteger(id) || id <= 0) fail("keys revoke needs a numeric key id (see keys list)");
    await withDatabase(async ({ db }) => {
      const info = await revokeApiKey(db, id, systemClock);
      process.stdout.write(`revoked key ${info.id} "${info.name}"\n`);
    });
  } else {
    fail(USAGE, 2);
  }
}

async function main(argv: string[]): Promise<void> {
  const [command = "serve", ...args] = argv;
  switch (command) {
    case "serve":
      return serveCommand();
    case "migrate":
      return withDatabase(async ({ db, url }) => {
        const status = await migrationStatus(db);
        process.stdout.write(`database ${url}: ${status.applied} migrations applied, ${status.pending} pending\n`);
      });
    case "keys":
      return keysCommand(args);
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(`${USAGE}\n`);
      return;
    default:
      fail(`unknown command "${command}"\n${USAGE}`, 2);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof EnvError) fail(error.message);
  const message = error instanceof Error ? error.message : String(error);
  fail(message.split("\n")[0] ?? "failed");
});
