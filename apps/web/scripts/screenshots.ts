import type {} from "./page-globals.js";
/**
 * `pnpm --filter @nudge/web screenshots`: pictures of the panel's main pages, desktop and a
 * 375 px phone, taken from the real panel on the demo's data (the demo's first birthday run
 * done), into docs/screenshots/. Run it again after a change to the panel so they stay current.
 */
import { mkdirSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { settled, startDemoPanel } from "./demo-panel.js";

const outDir = new URL("../../../docs/screenshots/", import.meta.url).pathname;

const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 375, height: 812 },
} as const;

interface Shot {
  name: string;
  path: string;
  /** A heading to wait for before the picture is taken. */
  ready: string;
}

// A webhook receiver, so the notifications page shows a channel and a delivered test.
const receiver = createServer((req, res) => req.resume().on("end", () => res.writeHead(204).end()));
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const panel = await startDemoPanel({ queueFirstRun: true, env: { PAGE_CHECK: "off" } });
try {
  mkdirSync(outDir, { recursive: true });
  const runId = panel.demo.runId;
  if (runId === null) throw new Error("the demo did not queue its first run");
  for (const deadline = Date.now() + 180_000; Date.now() < deadline;) {
    const run = await panel.admin.campaigns.runs.get.query({ runId });
    if (!["queued", "running", "cancelling"].includes(run.status)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/demo`;
  const channel = await panel.admin.notifications.create.mutate({
    name: "Ops webhook",
    target: { kind: "webhook", secret: { url: hook, signingSecret: "demo-signing-secret-0123456789" } },
  });
  await panel.admin.notifications.test.mutate({ channelId: channel.id });
  const check = await panel.admin.pageChecks.run.mutate({});
  const jane = (await panel.admin.data.contacts.list.query({ accountId: 1, search: "Jane Doe" })).items[0];
  const shots: Shot[] = [
    { name: "overview", path: "/", ready: "Quotas" },
    { name: "campaigns", path: "/campaigns", ready: "Run history" },
    { name: "run", path: `/campaigns/runs/${runId}`, ready: "Report" },
    { name: "contacts", path: "/contacts", ready: "Contacts" },
    ...(jane ? [{ name: "contact", path: `/contacts/${jane.id}`, ready: "Interactions" }] : []),
    { name: "settings", path: "/settings", ready: "Quotas" },
    { name: "templates", path: "/settings/templates", ready: "Messages for birthdays today" },
    { name: "session", path: "/settings/session", ready: "Stored session" },
    { name: "notifications", path: "/notifications", ready: "Delivery history" },
    { name: "page-checks", path: "/page-checks", ready: `Check #${check.id} ${check.status}` },
  ];
  for (const [device, viewport] of Object.entries(VIEWPORTS)) {
    const signIn = await panel.page({ key: null, context: { viewport } });
    await take(signIn, `sign-in-${device}`, "Sign in");
    await signIn.context().close();
    const page = await panel.page({ context: { viewport } });
    for (const shot of shots) {
      await page.goto(`${panel.url}${shot.path}`);
      await take(page, `${shot.name}-${device}`, shot.ready, device === "desktop");
    }
    await page.context().close();
  }
  const dark = await panel.page({ context: { viewport: VIEWPORTS.desktop, colorScheme: "dark" } });
  await take(dark, "overview-dark-desktop", "Quotas", true);
  await dark.context().close();
  console.log(`screenshots written to ${outDir}`);
} finally {
  await panel.stop();
  receiver.close();
}

async function take(page: Page, name: string, ready: string, fullPage = false): Promise<void> {
  await page
    .getByRole(ready === "Sign in" ? "button" : "heading", { name: ready, exact: true })
    .first()
    .waitFor();
  await settled(page);
  // Let the last query settle and the focus ring leave the page.
  await page.waitForLoadState("networkidle").catch(() => undefined);
  await page.evaluate(() => document.activeElement?.blur());
  await page.screenshot({ path: join(outDir, `${name}.png`), fullPage });
}
