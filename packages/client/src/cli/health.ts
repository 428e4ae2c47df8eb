import type { Command } from "./command.js";

export const healthCommands: Command[] = [
  {
    name: "health",
    summary: "server status (no key needed)",
    async run({ client, print }) {
      print(await client.health.status.query());
    },
  },
];
