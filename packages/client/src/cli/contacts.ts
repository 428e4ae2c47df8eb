import type { RouterInputs } from "../app-router.js";
import type { Command } from "./command.js";

type ListInput = RouterInputs["data"]["contacts"]["list"];

const LIST_COLUMNS = ["id", "fullName", "headline", "status", "source", "birthMonth", "birthDay", "updatedAt"];

export const contactsCommands: Command[] = [
  {
    name: "contacts list",
    synopsis: "[--status S] [--source S] [--birthday|--no-birthday] [--search TEXT] [--limit N] [--cursor C] [--all]",
    summary: "contacts, one page (or every page with --all)",
    options: {
      status: { type: "string" },
      source: { type: "string" },
      birthday: { type: "boolean" },
      "no-birthday": { type: "boolean" },
      search: { type: "string" },
      limit: { type: "string" },
      cursor: { type: "string" },
      all: { type: "boolean" },
    },
    async run(c) {
      const all = c.flag("all");
      const base = {
        accountId: c.accountId,
        // The server validates the values; a wrong one comes back as VALIDATION_FAILED.
        status: c.string("status") as ListInput["status"],
        source: c.string("source") as ListInput["source"],
        hasBirthday: c.flag("birthday") ? true : c.flag("no-birthday") ? false : undefined,
        search: c.string("search"),
        limit: c.number("limit") ?? 50,
      };
      const items = [];
      let cursor = c.string("cursor");
      do {
        const page = await c.client.data.contacts.list.query({ ...base, cursor });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
        if (!all && cursor) c.note(`# more: --cursor ${cursor}`);
      } while (all && cursor);
      c.print(items, LIST_COLUMNS);
    },
  },
  {
    name: "contacts get",
    synopsis: "<id>",
    summary: "one contact",
    async run(c) {
      c.print(await c.client.data.contacts.get.query({ accountId: c.accountId, id: c.id() }));
    },
  },
  {
    name: "contacts blacklist",
    synopsis: "<id>",
    summary: "never message or visit this contact",
    async run(c) {
      c.print(await c.client.data.contacts.blacklist.mutate({ accountId: c.accountId, id: c.id() }));
    },
  },
  {
    name: "contacts unblacklist",
    synopsis: "<id>",
    summary: "undo a blacklist",
    async run(c) {
      c.print(await c.client.data.contacts.unblacklist.mutate({ accountId: c.accountId, id: c.id() }));
    },
  },
];
