import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoPanel, type DemoPanel } from "../scripts/demo-panel.js";

// The demo server (simulator behind it), a real Chromium, the built panel.
let panel: DemoPanel;
beforeAll(async () => {
  panel = await startDemoPanel();
}, 120_000);
afterAll(async () => {
  await panel?.stop();
});

describe("sourcing in the panel", () => {
  it(
    "saves a search in settings, then starts a dry run of it from the campaigns page",
    { timeout: 180_000 },
    async () => {
      const page = await panel.page();
      await page.getByRole("link", { name: "Settings", exact: true }).click();
      await page.getByRole("link", { name: "Saved searches" }).click();
      await page.getByRole("button", { name: "New saved search" }).click();
      const form = page.getByRole("form", { name: "Saved search" });
      await form.getByLabel("Name", { exact: true }).fill("engineers");
      // The API's own schema checks the form before anything is sent.
      await form.getByLabel("Location ids").fill("Paris");
      await form.getByRole("button", { name: "Save search" }).click();
      await expect.poll(() => form.getByText("a LinkedIn geo URN id (digits)").count()).toBe(1);
      await form.getByLabel("Location ids").fill("");
      await form.getByLabel("Keywords", { exact: true }).fill("Engineer NOT Manager");
      await form.getByLabel("Profiles per run at most").fill("3");
      await form.getByRole("button", { name: "Save search" }).click();
      await page.getByText("engineers", { exact: true }).waitFor();
      const saved = await panel.admin.savedSearches.get.query({ name: "engineers" });
      expect(saved.criteria).toMatchObject({ keywords: "Engineer NOT Manager", maxProfiles: 3, locationIds: [] });

      await page.getByRole("link", { name: "Campaigns", exact: true }).click();
      await page.getByRole("radio", { name: "Sourcing" }).check();
      const start = page.getByRole("form", { name: "Start a sourcing run" });
      await start.getByLabel("Search", { exact: true }).selectOption("engineers");
      // Dry run is on by default: a person has to choose a real run.
      expect(await start.getByRole("checkbox", { name: /Dry run/ }).isChecked()).toBe(true);
      await start.getByRole("button", { name: "Start dry run" }).click();
      await page.waitForURL(/\/campaigns\/runs\/\d+$/);
      const runId = Number(new URL(page.url()).pathname.split("/").pop());
      const run = await panel.admin.campaigns.runs.get.query({ runId });
      expect(run).toMatchObject({ kind: "sourcing", dryRun: true, params: { search: "engineers" } });
      await page.close();
    },
  );
});
