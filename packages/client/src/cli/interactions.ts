import type { RouterInputs } from "../app-router.js";
import type { Command } from "./command.js";

type ListInput = RouterInputs["data"]["interactions"]["list"];

export const interactionsCommands: Command[] = [
  {
    name: "interactions list",
    synopsis: "[--contact ID] [--type T] [--status S] [--limit N]",
    summary: "messages sent and profiles visited, newest first",
    options: {
      contact: { type: "string" },
      type: { type: "string" },
      status: { type: "string" },
      limit: { type: "string" },
    },
    async run(c) {
      const page = await c.client.data.interactions.list.query({
        accountId: c.accountId,
        contactId: c.number("contact"),
        type: c.string("type") as ListInput["type"],
        status: c.string("status") as ListInput["status"],
        limit: c.number("limit") ?? 50,
      });
      c.print(page.items, ["id", "contactId", "type", "occasion", "status", "daysLate", "createdAt"]);
    },
  },
];
