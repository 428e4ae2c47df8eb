#!/usr/bin/env node
import { createClient, errorCode, type NudgeClient } from "./client.js";

const USAGE = `usage: nudge <command> [options]

commands:
  health                                   server status (no key needed)
  contacts list [--status S] [--source S] [--birthday|--no-birthday]
                [--search TEXT] [--limit N] [--cursor C] [--all]
  contacts get <id>
  contacts blacklist <id> | contacts unblacklist <id>
  interactions list [--contact ID] [--type T] [--status S] [--limit N]
  stats [--days N]
  settings get
  keys list | keys create <name> --role R | keys revoke <id>

options:
  --url URL        server (default $NUDGE_URL or http://127.0.0.1:3000)
  --key KEY        API key (default $NUDGE_API_KEY)
  --account ID     account id (default 1)
  --json           print JSON instead of a table`;

interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(argv: string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith("--")) {
      const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
      const next = argv[i + 1];
      if (inline !== undefined) flags.set(name, inline);
      else if (next !== undefined && !next.startsWith("--") && !["json", "all", "birthday", "no-birthday"].includes(name)) {
        flags.set(name, next);
        i++;
      } else flags.set(name, true);
    } else positional.push(arg);
  }
  return { positional, flags };
}

function str(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name);
  return typeof v === "string" ? v : undefined;
}

function num(p: Parsed, name: string): number | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number`);
  return n;
}

class UsageError extends Error {}

function table(rows: Record<string, unknown>[], columns: string[]): string {
  const cell = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? "" : String(v));
  const widths = columns.map((c) => Math.min(40, Math.max(c.length, ...rows.map((r) => cell(r[c]).length))));
  const line = (values: string[]) => values.map((v, i) => v.slice(0, widths[i]).padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(columns), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join("\n");
}

export async function runCli(argv: string[], out: (s: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const p = parseArgs(argv);
  const json = p.flags.has("json");
  const print = (value: unknown, columns?: string[]) => {
    if (json || !columns) out(JSON.stringify(value, null, 2));
    else out(table(value as Record<string, unknown>[], columns));
  };
  const client: NudgeClient = createClient({
    url: str(p, "url") ?? env.NUDGE_URL ?? "http://127.0.0.1:3000",
    apiKey: str(p, "key") ?? env.NUDGE_API_KEY,
  });
  const accountId = num(p, "account") ?? 1;
  const [group, action, arg] = p.positional;
  const id = () => {
    const n = Number(arg);
    if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${group} ${action} needs a numeric id`);
    return n;
  };
  switch (`${group ?? ""} ${action ?? ""}`.trim()) {
    case "health":
      print(await client.health.status.query());
      return 0;
    case "contacts list": {
      const birthday = p.flags.has("birthday") ? true : p.flags.has("no-birthday") ? false : undefined;
      const base = {
        accountId,
        status: str(p, "status") as "active" | "blacklisted" | undefined,
        source: str(p, "source") as "birthday" | "sourcing" | "import" | "manual" | undefined,
        hasBirthday: birthday,
        search: str(p, "search"),
        limit: num(p, "limit") ?? 50,
      };
      const items = [];
      let cursor = str(p, "cursor");
      do {
        const page = await client.data.contacts.list.query({ ...base, cursor });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
        if (!p.flags.has("all") && cursor && !json) out(`# more: --cursor ${cursor}`);
      } while (p.flags.has("all") && cursor);
      print(items, ["id", "fullName", "headline", "status", "source", "birthMonth", "birthDay", "updatedAt"]);
      return 0;
    }
    case "contacts get":
      print(await client.data.contacts.get.query({ accountId, id: id() }));
      return 0;
    case "contacts blacklist":
      print(await client.data.contacts.blacklist.mutate({ accountId, id: id() }), undefined);
      return 0;
    case "contacts unblacklist":
      print(await client.data.contacts.unblacklist.mutate({ accountId, id: id() }), undefined);
      return 0;
    case "interactions list": {
      const page = await client.data.interactions.list.query({
        accountId,
        contactId: num(p, "contact"),
        type: str(p, "type") as "birthday_message" | "profile_visit" | undefined,
        status: str(p, "status") as "sent" | undefined,
        limit: num(p, "limit") ?? 50,
      });
      print(page.items, ["id", "contactId", "type", "occasion", "status", "daysLate", "createdAt"]);
      return 0;
    }
    case "stats": {
      const days = await client.data.stats.daily.query({ accountId, days: num(p, "days") ?? 14 });
      print(
        days.map((d) => ({ date: d.date, wishes: d.counts.birthday_message?.sent ?? 0, visits: d.counts.profile_visit?.sent ?? 0 })),
        ["date", "wishes", "visits"],
      );
      return 0;
    }
    case "settings get":
      print(await client.settings.get.query({ accountId }));
      return 0;
    case "keys list":
      print(await client.keys.list.query(), ["id", "name", "role", "prefix", "createdAt", "lastUsedAt", "revokedAt"]);
      return 0;
    case "keys create": {
      const role = (str(p, "role") ?? "viewer") as "viewer" | "operator" | "admin";
      if (!arg) throw new UsageError("keys create needs a name");
      print(await client.keys.create.mutate({ name: arg, role }));
      return 0;
    }
    case "keys revoke":
      print(await client.keys.revoke.mutate({ id: id() }));
      return 0;
    default:
      out(USAGE);
      return group ? 2 : 0;
  }
}

const isMain = process.argv[1] && import.meta.url === new URL(process.argv[1], "file://").href;
if (isMain || process.argv[1]?.endsWith("/nudge")) {
  runCli(process.argv.slice(2), (s) => process.stdout.write(`${s}\n`)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      const code = errorCode(error);
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`nudge: ${code ? `${code}: ` : ""}${message}\n`);
      process.exit(error instanceof UsageError ? 2 : 1);
    },
  );
}
