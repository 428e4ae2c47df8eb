import type { RouterInputs } from "../app-router.js";
import { UsageError, type Command } from "./command.js";

type Role = RouterInputs["keys"]["create"]["role"];

export const keysCommands: Command[] = [
  {
    name: "keys list",
    summary: "API keys (admin)",
    async run(c) {
      const keys = await c.client.keys.list.query();
      c.print(keys, ["id", "name", "role", "prefix", "createdAt", "lastUsedAt", "revokedAt"]);
    },
  },
  {
    name: "keys create",
    synopsis: "<name> --role viewer|operator|admin",
    summary: "a new API key, shown once (admin)",
    options: { role: { type: "string" } },
    async run(c) {
      const name = c.args[0];
      if (!name) throw new UsageError("keys create needs a name");
      c.print(await c.client.keys.create.mutate({ name, role: (c.string("role") ?? "viewer") as Role }));
    },
  },
  {
    name: "keys revoke",
    synopsis: "<id>",
    summary: "revoke a key (admin)",
    async run(c) {
      c.print(await c.client.keys.revoke.mutate({ id: c.id() }));
    },
  },
];
