import { join } from "node:path";
import { Fernet } from "fernet-nodejs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isNudgeError, mapTemplateLine, parseSourceInstant } from "../../src/index.js";
import { readAuthState } from "../../src/import-v1/auth-state.js";
import { CALLER, snapshot, startImportHarness, type ImportHarness } from "./harness.js";
import {
  IMPORT_NOW,
  ORIGINAL_CONFIG,
  ORIGINAL_HISTORY,
  ORIGINAL_LATE_MESSAGES,
  ORIGINAL_MESSAGES,
  PYTHON_FERNET_KEY,
  PYTHON_FERNET_TOKEN,
  PYTHON_TOKEN_LI_AT,
  SPEC_VECTOR,
} from "./fixtures.js";
import { createOriginalDatabase } from "./original-database.js";

let h: ImportHarness;
beforeEach(async () => {
  h = await startImportHarness(IMPORT_NOW);
});
afterEach(() => h.close());

const storageState = (liAt: string) =>
  JSON.stringify({
    cookies: [
      {
        name: "li_at",
        value: liAt,
        domain: ".www.linkedin.com",
        path: "/",
        expires: -1,
        httpOnly: true,
        secure: true,
        sameSite: "None",
      },
      {
        name: "JSESSIONID",
        value: '"ajax:0123456789"',
        domain: ".www.linkedin.com",
        path: "/",
        expires: -1,
        httpOnly: false,
        secure: true,
        sameSite: "no_restriction",
      },
    ],
    origins: [],
  });
const LI_AT = "AQEDAoriginalBotCookieValue_0123456789abcdefghijklmnop";

describe("the original's timestamps", () => {
  it("reads offsets as instants and naive values as wall-clock time in the original's zone", () => {
    const paris = "Europe/Paris";
    expect(parseSourceInstant("2025-12-31T23:30:00", paris)?.toISOString()).toBe("2025-12-31T22:30:00.000Z");
    expect(parseSourceInstant("2025-12-31 23:30:00.123456", paris)?.toISOString()).toBe("2025-12-31T22:30:00.123Z");
    expect(parseSourceInstant("2025-07-01T12:00:00", paris)?.toISOString()).toBe("2025-07-01T10:00:00.000Z");
    expect(parseSourceInstant("2025-12-31T23:30:00+00:00", paris)?.toISOString()).toBe("2025-12-31T23:30:00.000Z");
    expect(parseSourceInstant("2025-12-31T23:30:00Z", paris)?.toISOString()).toBe("2025-12-31T23:30:00.000Z");
    expect(parseSourceInstant("2025-12-31T23:30:00-0500", paris)?.toISOString()).toBe("2026-01-01T04:30:00.000Z");
    for (const bad of ["yesterday", "2025-02-30T10:00:00", "", "2025-13-01", null]) {
      expect(parseSourceInstant(bad, paris)).toBeNull();
    }
  });
});

describe("config.yaml and the message files", () => {
  it("maps what Nudge has a place for, reports the rest, and applies templates with Nudge's placeholders", async () => {
    const dry = await h.nudge.imports.run(
      1,
      { config: ORIGINAL_CONFIG, messages: ORIGINAL_MESSAGES, lateMessages: ORIGINAL_LATE_MESSAGES },
      { dryRun: true },
      CALLER,
    );
    const entry = (key: string) => dry.settings.config!.find((e) => e.key === key);
    expect(entry("messaging_limits.daily_message_limit")).toMatchObject({
      status: "mapped",
      to: "quotas.birthday_message.perDay",
    });
    expect(entry("messaging_limits.weekly_message_limit")).toMatchObject({
      status: "not_mapped",
      reason: expect.stringMatching(/Nudge refuses this value/),
    });
    expect(entry("visitor.location")).toMatchObject({ status: "not_mapped", reason: expect.stringMatching(/geo id/) });
    expect(entry("visitor.search_filters.seniority_level")).toMatchObject({ status: "not_mapped" });
    expect(entry("visitor.search_filters.title")).toMatchObject({ status: "mapped", to: "sourcing.titles" });
    expect(entry("foo.bar")).toMatchObject({
      status: "not_mapped",
      reason: "not a key of the original's configuration schema",
    });
    expect(entry("notifications.smtp_password")).toMatchObject({ value: "(redacted)", status: "not_mapped" });
    expect(JSON.stringify(dry)).not.toContain("hunter2");
    // Every key of the file is in the report, mapped or not.
    expect(dry.settings.config).toHaveLength(32);

    const diff = Object.fromEntries(dry.settings.diff.map((d) => [d.path, d.to]));
    expect(diff).toMatchObject({
      "quotas.birthday_message.perDay": 12,
      "quotas.birthday_message.perRun": 12,
      "workingHours.start": "08:00",
      "workingHours.end": "20:00",
      "pacing.birthdayDelaySeconds.min": 120,
      "pacing.birthdayDelaySeconds.max": 300,
      "birthday.lateWindowDays": 5,
      "browser.viewport.width": 1440,
      "sourcing.keywords": 'data engineer (python OR scala) NOT "recruiter"',
      "sourcing.maxProfiles": 20,
      "sourcing.exclusions": ["stage"],
    });
    expect(dry.settings.diff.map((d) => d.path)).not.toContain("quotas.birthday_message.perWeek");
    expect(dry.templates.today).toMatchObject({
      imported: 2,
      rejected: [{ line: 4, message: expect.stringMatching(/\{prenom\}/) }],
    });
    expect(dry.templates.late?.imported).toBe(3);

    const before = await snapshot(h.db.db);
    const real = await h.nudge.imports.run(
      1,
      { config: ORIGINAL_CONFIG, messages: ORIGINAL_MESSAGES, lateMessages: ORIGINAL_LATE_MESSAGES },
      { dryRun: false },
      CALLER,
    );
    expect(real.changes.settingsChanged).toBe(true);
    const { settings } = await h.nudge.settings.get(1);
    expect(settings.quotas.birthday_message).toEqual({ perDay: 12, perWeek: 100, perRun: 12 });
    expect(settings.templates.today).toEqual([
      "Joyeux anniversaire, {first_name} ! 🚀 Belle année à toi.",
      "Bon anniversaire, {first_name} ! 💼",
    ]);
    expect(settings.templates.late).toEqual([
      "Joyeux anniversaire avec un léger décalage, {first_name} !",
      "Avec un peu de retard, {first_name}, une pensée décalée de {days_late} jours 🎂",
      "Happy belated birthday {first_name}, {days_late} days late but sincere!",
    ]);
    expect(before.settings).not.toEqual((await snapshot(h.db.db)).settings);

    // The same files again: the settings are already what they say.
    const again = await h.nudge.imports.run(
      1,
      { config: ORIGINAL_CONFIG, messages: ORIGINAL_MESSAGES },
      { dryRun: false },
      CALLER,
    );
    expect(again.changes.settingsChanged).toBe(false);
    expect(again.settings.diff).toEqual([]);
  });

  it("rewrites the original's placeholders one way", () => {
    expect(mapTemplateLine("{name}, décalée de {date} jours")).toBe("{first_name}, décalée de {days_late} jours");
    expect(mapTemplateLine("born on {date}, {days_late} days ago")).toBe("born on {date}, {days_late} days ago");
  });

  it("refuses a config that is not YAML, writing nothing", async () => {
    const before = await snapshot(h.db.db);
    const error = await h.nudge.imports
      .run(1, { config: "bot_mode: [unclosed\n  - x: {" }, { dryRun: false }, CALLER)
      .catch((e: unknown) => e);
    expect(isNudgeError(error, "IMPORT_SOURCE_REFUSED")).toBe(true);
    expect(await snapshot(h.db.db)).toEqual(before);
  });
});

describe("the original's auth-state file", () => {
  it("decrypts the Fernet spec's vector and a token made by Python's cryptography", async () => {
    expect(Fernet.decrypt(SPEC_VECTOR.token, SPEC_VECTOR.secret)).toBe(SPEC_VECTOR.src);
    const state = await readAuthState(PYTHON_FERNET_TOKEN, PYTHON_FERNET_KEY, new Date(IMPORT_NOW));
    expect(state.format).toBe("fernet_token");
    expect(state.session.state.cookies.map((c) => [c.name, c.value])).toEqual([["li_at", PYTHON_TOKEN_LI_AT]]);
  });

  const key = Fernet.generateKey();
  const formats = {
    storage_state: storageState(LI_AT),
    fernet_wrapper: JSON.stringify({
      version: "1.0",
      encrypted: true,
      algorithm: "Fernet-AES128-CBC",
      data: Buffer.from(Fernet.encrypt(storageState(LI_AT), key)).toString("base64"),
    }),
    fernet_token: Fernet.encrypt(storageState(LI_AT), key),
  };

  for (const [format, content] of Object.entries(formats)) {
    it(`stores a ${format.replace("_", " ")} as a valid, encrypted session`, async () => {
      const report = await h.nudge.imports.run(1, { authState: content, fernetKey: key }, { dryRun: false }, CALLER);
      expect(report.session).toMatchObject({
        format,
        cookieCount: 2,
        cookieNames: ["li_at", "JSESSIONID"],
        unchanged: false,
      });
      expect(JSON.stringify(report)).not.toContain(LI_AT);
      const status = await h.nudge.sessions.status(1);
      expect(status).toMatchObject({ hasSession: true, sessionStatus: "valid", problem: null });
      expect(status.summary?.cookies.map((c) => c.name)).toEqual(["li_at", "JSESSIONID"]);
      expect((await snapshot(h.db.db)).account?.session).not.toContain(LI_AT);
      const again = await h.nudge.imports.run(1, { authState: content, fernetKey: key }, { dryRun: false }, CALLER);
      expect(again.session?.unchanged).toBe(true);
    });
  }

  it("a wrong Fernet key is a clear error and imports nothing, the database included", async () => {
    const path = join(h.sourceDir, "linkedin.db");
    await createOriginalDatabase(path, ORIGINAL_HISTORY);
    const before = await snapshot(h.db.db);
    for (const [fernetKey, message] of [
      [Fernet.generateKey(), /could not be decrypted with the given Fernet key/],
      ["not-a-key", /Fernet key is not valid/],
      [undefined, /give the original bot's AUTH_ENCRYPTION_KEY/],
    ] as const) {
      const error = await h.nudge.imports
        .run(1, { database: { path }, authState: formats.fernet_token, fernetKey }, { dryRun: false }, CALLER)
        .catch((e: unknown) => e);
      expect(isNudgeError(error, "INVALID_SESSION")).toBe(true);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(LI_AT);
    }
    expect(await snapshot(h.db.db)).toEqual(before);
  });
});
