import { exportContacts, type ContactExportQuery } from "../contact-export.js";
import type { Command } from "./command.js";

export const exportCommands: Command[] = [
  {
    name: "export contacts",
    synopsis: "[--source S] [--status S] [--min-score N] [--search TEXT] [--bom] > file.csv",
    summary: "contacts as CSV on stdout, streamed (RFC 4180; --bom for spreadsheets)",
    options: {
      source: { type: "string" },
      status: { type: "string" },
      "min-score": { type: "string" },
      search: { type: "string" },
      bom: { type: "boolean" },
    },
    async run(c) {
      const csv = await exportContacts(c.connection, {
        accountId: c.accountId,
        // The server validates the values; a wrong one comes back as VALIDATION_FAILED.
        source: c.string("source") as ContactExportQuery["source"],
        status: c.string("status") as ContactExportQuery["status"],
        minScore: c.number("min-score"),
        search: c.string("search"),
        bom: c.flag("bom") || undefined,
      });
      for await (const chunk of csv) await c.writeRaw(chunk);
    },
  },
];
