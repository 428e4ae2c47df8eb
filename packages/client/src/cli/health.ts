import type { Command } from "./command.js";

export const healthCommands: Command[] = [
  {
    name: "health",
    summary: "server status (no key needed)",
    async run(c) {
      c.print(await c.client.health.status.query());
    },
  },
];
