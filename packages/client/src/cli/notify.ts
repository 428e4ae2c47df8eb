import type { Command } from "./command.js";

export const notifyCommands: Command[] = [
  {
    name: "notify test",
    synopsis: "[--channel ID]",
    summary: "send a test notification to one channel, or to every enabled channel of the account (admin)",
    options: { channel: { type: "string" } },
    async run(c) {
      const channelId = c.number("channel");
      const queued = await c.client.notifications.test.mutate(
        channelId === undefined ? { accountId: c.accountId } : { channelId },
      );
      c.note(`test event ${queued.eventId} queued for channel(s) ${queued.channels.join(", ")}`);
      c.print(await c.client.notifications.deliveries.query({ eventId: queued.eventId }), [
        "id",
        "channelId",
        "status",
        "attempts",
        "lastError",
      ]);
    },
  },
  {
    name: "notify channels",
    summary: "the account's notification channels, without their secrets (admin)",
    async run(c) {
      c.print(await c.client.notifications.channels.query({ accountId: c.accountId }), [
        "id",
        "name",
        "kind",
        "enabled",
        "events",
      ]);
    },
  },
  {
    name: "notify deliveries",
    synopsis: "[--status pending|sending|delivered|dead] [--limit N]",
    summary: "notification delivery history: status, attempts, last error",
    options: { status: { type: "string" }, limit: { type: "string" } },
    async run(c) {
      const status = c.string("status") as "pending" | "sending" | "delivered" | "dead" | undefined;
      c.print(
        await c.client.notifications.deliveries.query({
          accountId: c.accountId,
          ...(status ? { status } : {}),
          ...(c.number("limit") ? { limit: c.number("limit") } : {}),
        }),
        ["id", "eventId", "channelId", "type", "status", "attempts", "occurredAt", "lastError"],
      );
    },
  },
  {
    name: "check pages",
    summary: "open LinkedIn's pages now, read-only, and report any selector drift (operator)",
    async run(c) {
      c.progress("checking the pages (read-only)…");
      const check = await c.client.pageChecks.run.mutate({ accountId: c.accountId });
      c.done();
      c.note(
        check.status === "ok"
          ? "every key resolves"
          : check.status === "drift"
            ? `drift: ${check.driftKeys.join(", ")}`
            : `could not finish: ${check.errorCode ?? ""} ${check.errorMessage ?? ""}`,
      );
      c.print(
        check.pages.map((p) => ({ ...p, missing: p.missing.join(" "), artifacts: p.artifacts?.screenshot ?? "" })),
        ["page", "outcome", "missing", "artifacts", "error"],
      );
    },
  },
];
