import type { Command } from "./command.js";

export const statsCommands: Command[] = [
  {
    name: "stats",
    synopsis: "[--days N]",
    summary: "wishes and visits per day",
    options: { days: { type: "string" } },
    async run(c) {
      const days = await c.client.data.stats.daily.query({ accountId: c.accountId, days: c.number("days") ?? 14 });
      const rows = days.map((d) => ({
        date: d.date,
        wishes: d.counts.birthday_message?.sent ?? 0,
        visits: d.counts.profile_visit?.sent ?? 0,
      }));
      c.print(rows, ["date", "wishes", "visits"]);
    },
  },
];
