import { createClient, ExportError, exportContacts } from "@nudge/client";
import { runCli } from "@nudge/client/cli";
import { CONTACT_EXPORT_COLUMNS } from "@nudge/core";
import { contacts, write } from "@nudge/db";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, startTestServer, type TestServer } from "./harness.js";

let server: TestServer;

/** More than two of the export's keyset pages (1000 rows), so paging is exercised. */
const ROWS = 2_345;
const TRICKY = {
  headline: '=HYPERLINK("http://evil.example","click")',
  company: 'Quotes "inside", commas, and\r\na line break',
  location: "Zürich, Île-de-France — 東京",
  notes: "@SUM(A1:A2)",
};

beforeAll(async () => {
  server = await startTestServer();
  const { db } = server.running.runtime.database;
  const at = Date.UTC(2026, 0, 1);
  for (let start = 0; start < ROWS; start += 500) {
    const batch = Array.from({ length: Math.min(500, ROWS - start) }, (_, k) => {
      const i = start + k;
      return {
        accountId: 1,
        profileUrl: `https://www.linkedin.com/in/person-${i}/`,
        publicId: `person-${i}`,
        fullName: `Person ${i}`,
        firstName: "Person",
        headline: i === 7 ? TRICKY.headline : `Engineer ${i}`,
        location: i === 7 ? TRICKY.location : "Paris",
        company: i === 7 ? TRICKY.company : `Company ${i}`,
        notes: i === 7 ? TRICKY.notes : "",
        tags: i === 7 ? ["-minus", "b"] : [],
        source: i % 2 ? ("sourcing" as const) : ("birthday" as const),
        fitScore: i % 2 ? i % 101 : null,
        profile: i % 2 ? { openToWork: i % 3 === 0 } : null,
        createdAt: new Date(at),
        updatedAt: new Date(at + i * 1000),
      };
    });
    await write(db, (tx) => tx.insert(contacts).values(batch));
  }
});
afterAll(async () => {
  await server?.stop();
});

async function download(query: Record<string, string> = {}, apiKey: string | null = ADMIN_KEY) {
  const response = await fetch(`${server.url}/export/contacts.csv?${new URLSearchParams(query).toString()}`, {
    headers: apiKey ? { "x-api-key": apiKey } : {},
  });
  // Bytes, not response.text(): a decoder would drop the byte order mark.
  const bytes = Buffer.from(await response.arrayBuffer());
  return { response, bytes, text: bytes.toString("utf8") };
}

const records = (text: string) => parse<Record<string, string>>(text, { columns: true, bom: true });

describe("the CSV export", () => {
  it("streams every contact as RFC 4180 CSV that parses back to every field, formulas neutralised", async () => {
    const { response, text, bytes } = await download();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(bytes[0]).toBe("i".charCodeAt(0));
    expect(text.split("\r\n")[0]).toBe(CONTACT_EXPORT_COLUMNS.join(","));
    const rows = records(text);
    expect(rows).toHaveLength(ROWS);
    // Newest change first, each row once.
    expect(rows[0]!.public_id).toBe(`person-${ROWS - 1}`);
    expect(new Set(rows.map((r) => r.id)).size).toBe(ROWS);

    const tricky = rows.find((r) => r.public_id === "person-7")!;
    expect(tricky).toMatchObject({
      headline: `'${TRICKY.headline}`,
      company: TRICKY.company,
      location: TRICKY.location,
      notes: `'${TRICKY.notes}`,
      tags: "'-minus;b",
      source: "sourcing",
      fit_score: "7",
      open_to_work: "false",
    });
    const plain = rows.find((r) => r.public_id === "person-9")!;
    expect(plain).toMatchObject({
      profile_url: "https://www.linkedin.com/in/person-9/",
      full_name: "Person 9",
      first_name: "Person",
      headline: "Engineer 9",
      company: "Company 9",
      fit_score: "9",
      open_to_work: "true",
      status: "active",
      updated_at: new Date(Date.UTC(2026, 0, 1) + 9000).toISOString(),
    });
  });

  it("applies the filters of contacts.list and a lowest score; a BOM on request", async () => {
    const { text, bytes } = await download({ source: "sourcing", minScore: "90", bom: "true" });
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = records(text);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.source === "sourcing" && Number(r.fit_score) >= 90)).toBe(true);
    const expected = Array.from({ length: ROWS }, (_, i) => i).filter((i) => i % 2 && i % 101 >= 90).length;
    expect(rows).toHaveLength(expected);
  });

  it("answers only signed-in callers, and refuses a bad filter", async () => {
    expect((await download({}, null)).response.status).toBe(401);
    expect((await download({}, "nudge_wrong_key_0123456789abcdef0123")).response.status).toBe(401);
    const bad = await download({ minScore: "200" });
    expect(bad.response.status).toBe(400);
    expect(bad.text).toContain("VALIDATION_FAILED");
    await expect(exportContacts({ url: server.url }, {})).rejects.toBeInstanceOf(ExportError);
  });

  it("also answers the panel's session cookie, as the API does", async () => {
    const signIn = await fetch(`${server.url}/trpc/panel.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { apiKey: ADMIN_KEY } }),
    });
    const cookie = signIn.headers.getSetCookie()[0]?.split(";")[0] ?? "";
    expect(cookie).not.toBe("");
    const response = await fetch(`${server.url}/export/contacts.csv?minScore=100`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(records(await response.text()).every((r) => r.fit_score === "100")).toBe(true);
  });

  it("nudge export contacts writes the CSV to stdout", async () => {
    const chunks: Uint8Array[] = [];
    const code = await runCli(
      ["export", "contacts", "--source", "sourcing", "--min-score", "95", "--url", server.url, "--key", ADMIN_KEY],
      () => undefined,
      {},
      undefined,
      (chunk) => {
        chunks.push(chunk);
        return Promise.resolve();
      },
    );
    expect(code).toBe(0);
    const rows = records(Buffer.concat(chunks).toString("utf8"));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => Number(r.fit_score) >= 95)).toBe(true);
    // The typed client still works beside it.
    expect((await createClient({ url: server.url, apiKey: ADMIN_KEY }).health.status.query()).authenticated).toBe(true);
  });
});
