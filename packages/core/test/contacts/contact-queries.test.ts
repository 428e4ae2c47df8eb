import { contacts, DEFAULT_ACCOUNT_ID } from "@nudge/db";
import { tempDatabase, type TempDatabase } from "@nudge/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contactsWithBirthday, toFullTextQuery } from "../../src/index.js";

let database: TempDatabase;
beforeEach(async () => {
  database = await tempDatabase();
});
afterEach(() => database.destroy());

describe("contactsWithBirthday", () => {
  it("returns exactly the contacts born on that day, with the fields a run needs", async () => {
    const at = new Date("2026-10-01T08:00:00Z");
    await database.db.insert(contacts).values([
      {
        accountId: DEFAULT_ACCOUNT_ID,
        profileUrl: "https://www.linkedin.com/in/ada/",
        publicId: "ada",
        fullName: "Ada Lovelace",
        firstName: "Ada",
        source: "birthday",
        birthMonth: 12,
        birthDay: 10,
        birthYear: 1815,
        lastInteractionAt: at,
      },
      {
        accountId: DEFAULT_ACCOUNT_ID,
        profileUrl: "https://www.linkedin.com/in/grace/",
        fullName: "Grace Hopper",
        source: "birthday",
        birthMonth: 12,
        birthDay: 9,
      },
      {
        accountId: DEFAULT_ACCOUNT_ID,
        profileUrl: "https://www.linkedin.com/in/nobody/",
        fullName: "No Birthday",
        source: "sourcing",
      },
    ]);
    const found = await contactsWithBirthday(database.db, DEFAULT_ACCOUNT_ID, 12, 10);
    expect(found).toEqual([
      {
        id: expect.any(Number),
        profileUrl: "https://www.linkedin.com/in/ada/",
        publicId: "ada",
        fullName: "Ada Lovelace",
        firstName: "Ada",
        status: "active",
        birthYear: 1815,
        lastInteractionAt: at,
      },
    ]);
    expect(await contactsWithBirthday(database.db, DEFAULT_ACCOUNT_ID, 1, 1)).toEqual([]);
  });
});

describe("toFullTextQuery", () => {
  it("turns words into quoted prefix terms and neutralises FTS syntax", () => {
    expect(toFullTextQuery("Ada Love")).toBe('"Ada"* "Love"*');
    expect(toFullTextQuery('"x" OR y* NEAR(')).toBe('"x"* "OR"* "y"* "NEAR"*');
    expect(toFullTextQuery("  -- ** ")).toBeNull();
  });
});
