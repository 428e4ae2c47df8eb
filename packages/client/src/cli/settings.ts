import type { Command } from "./command.js";

export const settingsCommands: Command[] = [
  {
    name: "settings get",
    summary: "the account's settings",
    async run(c) {
      c.print(await c.client.settings.get.query({ accountId: c.accountId }));
    },
  },
];
