import { z } from "zod";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");
const monthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "expected MM-DD");
const publicId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, "a LinkedIn vanity name like jane-doe");

/** How a card says when the birthday is: "today", N days ago, or an explicit month-day. */
export const birthdayWhenSchema = z.union([
  z.literal("today"),
  z.object({ daysAgo: z.number().int().min(0).max(366) }),
  monthDay,
]);

export const birthdaySchema = z.object({
  name: z.string().min(1).max(100),
  publicId,
  when: birthdayWhenSchema,
  /** A 1st-degree connection gets a Message button; anyone else gets Connect (or Follow). */
  connection: z.boolean().default(true),
  /** What a non-connection's card offers instead of Message. */
  offer: z.enum(["connect", "follow"]).default("connect"),
  headline: z.string().max(300).optional(),
});

export const profileSchema = z.object({
  publicId,
  name: z.string().min(1).max(100),
  headline: z.string().max(300).default(""),
  location: z.string().max(200).default(""),
  company: z.string().max(200).default(""),
  openToWork: z.boolean().default(false),
  about: z.string().max(5000).default(""),
  /** 1 = 1st-degree connection (Message button), 2 or 3 = Connect. */
  degree: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(2),
});

/** "opacity" and "offscreen" are the dangerous ones: Playwright still calls them visible. */
export const honeypotStyleSchema = z.enum(["display", "visibility", "opacity", "offscreen"]);

export const faultsSchema = z.object({
  /** Every page redirects to the login page even with the right `li_at`. */
  expiredSession: z.boolean().default(false),
  /** Every page redirects to `/checkpoint/challenge/…`. */
  checkpoint: z.boolean().default(false),
  /** Every page shows the "account restricted" page instead of its content. */
  restricted: z.boolean().default(false),
  /** Pages carry LinkedIn's weekly-limit banner. */
  weeklyLimitBanner: z.boolean().default(false),
  /** Every page, fragment and API call answers 429. */
  http429: z.boolean().default(false),
  /** Delay before every page, fragment and API answer. */
  slowMs: z.number().int().min(0).max(120_000).default(0),
  /**
   * Adds an invisible button that looks like Message (in each card) and like Send (in each
   * composer). `true` rotates through every hiding style; a style name uses that one only.
   */
  honeypot: z.union([z.boolean(), honeypotStyleSchema]).default(false),
  /** Send clears the editor as usual, but nothing reaches the thread nor `state.sent`. */
  sendFails: z.boolean().default(false),
  /** The composer header shows someone else's name (the "Christelle → Benjamin" mis-send). */
  wrongRecipient: z.boolean().default(false),
  /** Every page (even `/robots.txt`) redirects to itself: the browser ends in ERR_TOO_MANY_REDIRECTS. */
  redirectLoop: z.boolean().default(false),
  /** Every page (the feed too) redirects through `/checkpoint/…` and lands on a feed that looks normal. */
  checkpointRedirect: z.boolean().default(false),
});

export const scenarioSchema = z.object({
  locale: z.enum(["en", "fr"]).default("en"),
  /**
   * "a": classic Ember markup (artdeco/msg-* classes); "b": SDUI markup (hashed classes, other
   * nesting); "c": LinkedIn's 2026 markup (compose link and pop-up, list scrolling in `<main>`,
   * percent-encoded profile links, Connect as a link).
   */
  variant: z.enum(["a", "b", "c"]).default("a"),
  /** The simulated calendar day; defaults to the real current day in `timezone`. */
  today: isoDate.optional(),
  timezone: z
    .string()
    .default("UTC")
    .refine((tz) => isTimeZone(tz), "unknown IANA time zone"),
  /** The only `li_at` value the simulator accepts. */
  cookie: z.string().min(1).max(4096).default("sim-li-at"),
  /** The logged-in member. */
  me: z
    .object({ name: z.string().min(1).max(100), publicId })
    .default({ name: "Alex Martin", publicId: "alex-martin" }),
  birthdays: z.array(birthdaySchema).max(2000).optional(),
  profiles: z.array(profileSchema).max(5000).optional(),
  search: z.object({ pageSize: z.number().int().min(1).max(100).default(10) }).default({ pageSize: 10 }),
  /** How many birthday cards the first render holds; scrolling loads the next batch of that size. */
  birthdayBatchSize: z.number().int().min(1).max(200).default(10),
  faults: faultsSchema.default(faultsSchema.parse({})),
});

/** What `POST /__sim/scenario` accepts (every field optional). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A scenario with every default filled in (the demo people included when left out). */
export type Scenario = Omit<z.output<typeof scenarioSchema>, "birthdays" | "profiles"> & {
  birthdays: Birthday[];
  profiles: Profile[];
};
export type Birthday = z.output<typeof birthdaySchema>;
export type BirthdayWhen = z.output<typeof birthdayWhenSchema>;
export type Profile = z.output<typeof profileSchema>;
export type Faults = z.output<typeof faultsSchema>;
export type FaultsInput = z.input<typeof faultsSchema>;
export type HoneypotStyle = z.output<typeof honeypotStyleSchema>;

/** Parses a scenario, filling the demo people in when `birthdays` or `profiles` are left out. */
export function parseScenario(input: unknown): Scenario {
  const scenario = scenarioSchema.parse(input ?? {});
  return {
    ...scenario,
    birthdays: scenario.birthdays ?? demoBirthdays(),
    profiles: scenario.profiles ?? demoProfiles(),
  };
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function demoBirthdays(): Birthday[] {
  return [
    { name: "Jane Doe", publicId: "jane-doe", when: "today", connection: true },
    { name: "Élodie Bernard", publicId: "elodie-bernard", when: "today", connection: true },
    { name: "Marc Lefèvre", publicId: "marc-lefevre", when: { daysAgo: 1 }, connection: true },
    { name: "Priya Natarajan", publicId: "priya-natarajan", when: { daysAgo: 3 }, connection: true },
    { name: "Tom Becker", publicId: "tom-becker", when: "today", connection: false },
    { name: "Sofia Rossi", publicId: "sofia-rossi", when: { daysAgo: 2 }, connection: false, offer: "follow" },
  ].map((b) => birthdaySchema.parse(b));
}

function demoProfiles(): Profile[] {
  const rows: [string, string, string, string, string, boolean][] = [
    [
      "camille-durand",
      "Camille Durand",
      "Senior Data Engineer at Datalyse",
      "Paris, Île-de-France, France",
      "Datalyse",
      true,
    ],
    [
      "lucas-moreau",
      "Lucas Moreau",
      "DevOps Engineer · Kubernetes, Terraform",
      "Lyon, Auvergne-Rhône-Alpes, France",
      "CloudOps",
      false,
    ],
    [
      "ines-garcia",
      "Inès Garcia",
      "Product Manager chez Fintechia",
      "Bordeaux, Nouvelle-Aquitaine, France",
      "Fintechia",
      false,
    ],
    ["noah-schmidt", "Noah Schmidt", "Backend Developer (TypeScript, Node.js)", "Berlin, Germany", "Nordwerk", true],
    [
      "emma-wilson",
      "Emma Wilson",
      "Data Scientist at Acme Analytics",
      "London, England, United Kingdom",
      "Acme Analytics",
      false,
    ],
    [
      "hugo-petit",
      "Hugo Petit",
      "Full-stack Engineer | React · Node.js",
      "Nantes, Pays de la Loire, France",
      "Studio Petit",
      false,
    ],
    [
      "chloe-martin",
      "Chloé Martin",
      "Engineering Manager at Datalyse",
      "Paris, Île-de-France, France",
      "Datalyse",
      false,
    ],
    ["yuki-tanaka", "Yuki Tanaka", "Machine Learning Engineer", "Tokyo, Japan", "Kumo AI", true],
    [
      "omar-haddad",
      "Omar Haddad",
      "Site Reliability Engineer at CloudOps",
      "Marseille, Provence-Alpes-Côte d'Azur, France",
      "CloudOps",
      false,
    ],
    ["lea-roux", "Léa Roux", "UX Designer", "Lille, Hauts-de-France, France", "Roux Design", false],
    [
      "ben-carter",
      "Ben Carter",
      "Data Engineer · Spark, Airflow",
      "Manchester, England, United Kingdom",
      "Northwind",
      false,
    ],
    ["julia-novak", "Julia Novak", "Senior Data Engineer at Fintechia", "Prague, Czechia", "Fintechia", false],
  ];
  return rows.map(([publicId, name, headline, location, company, openToWork]) =>
    profileSchema.parse({
      publicId,
      name,
      headline,
      location,
      company,
      openToWork,
      about: `${name.split(" ")[0]} builds reliable systems and enjoys mentoring. Previously at several start-ups.`,
      degree: 2,
    }),
  );
}
