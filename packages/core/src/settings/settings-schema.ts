import { z } from "zod";
import { isValidCron } from "../scheduler/cron.js";
import { isValidTimeZone } from "../time/zoned.js";
import { findTemplateProblems } from "./templates.js";

/**
 * The settings document of one account, with the defaults of DESIGN §3 (those of the original
 * bot and vendor guidance). Every field has a default, so `{}` parses to a complete document and
 * an older stored document gains new fields on read.
 */

/** A 5-field cron expression, checked by the same parser the scheduler uses. */
const cronExpression = z
  .string()
  .trim()
  .min(9)
  .max(100)
  .refine((value) => value.split(/\s+/).length === 5 && isValidCron(value), {
    message: "expected a 5-field cron expression (minute hour day-of-month month day-of-week), e.g. 30 9 * * 1-5",
  });

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM (24 h)");
const seconds = (max: number) => z.number().min(0).max(max);

const range = (min: number, max: number, limit: number) =>
  z
    .object({ min: seconds(limit).default(min), max: seconds(limit).default(max) })
    .refine((r) => r.max >= r.min, { message: "max must be ≥ min", path: ["max"] });

const windowLimits = (perDay: number, perWeek: number, perRun: number) =>
  z
    .object({
      perDay: z.number().int().min(0).max(1000).default(perDay),
      perWeek: z.number().int().min(0).max(5000).default(perWeek),
      perRun: z.number().int().min(0).max(1000).default(perRun),
    })
    .prefault({});

const templateList = (defaults: string[]) =>
  z
    .array(z.string().max(1000))
    .max(100)
    .default(defaults)
    .superRefine((list, ctx) => {
      for (const p of findTemplateProblems(list)) {
        ctx.addIssue({ code: "custom", message: `line ${p.line}: ${p.message}`, path: [p.line - 1] });
      }
    });

export const settingsSchema = z.object({
  quotas: z
    .object({
      birthday_message: windowLimits(15, 100, 15),
      profile_visit: windowLimits(40, 200, 25),
      /** A new account's limits ramp from `startPercent` to 100 % over `days`. */
      warmup: z
        .object({
          enabled: z.boolean().default(false),
          startPercent: z.number().int().min(1).max(100).default(30),
          days: z.number().int().min(1).max(90).default(14),
        })
        .prefault({}),
    })
    .prefault({}),
  workingHours: z
    .object({
      start: hhmm.default("07:00"),
      end: hhmm.or(z.literal("24:00")).default("19:00"),
      /** ISO weekdays 1 (Monday) … 7 (Sunday) on which actions may run. */
      days: z.array(z.number().int().min(1).max(7)).min(1).max(7).default([1, 2, 3, 4, 5, 6, 7]),
    })
    .prefault({})
    .refine((w) => w.end > w.start, { message: "end must be after start", path: ["end"] }),
  pacing: z
    .object({
      birthdayDelaySeconds: range(90, 180, 7200).prefault({}),
      visitOnProfileSeconds: range(15, 35, 600).prefault({}),
      visitBetweenProfilesSeconds: range(5, 15, 600).prefault({}),
      typingDelayMs: range(40, 140, 2000).prefault({}),
      /** Chance (0–1) of an idle pause/scroll between actions. */
      idleActivityChance: z.number().min(0).max(1).default(0.15),
    })
    .prefault({}),
  /**
   * Message templates, one per line. An empty list means "the defaults of the account's
   * locale" (see `birthdayTemplates`), so a French account never gets an English wish.
   */
  templates: z.object({ today: templateList([]), late: templateList([]) }).prefault({}),
  birthday: z
    .object({
      processToday: z.boolean().default(true),
      processLate: z.boolean().default(true),
      /** Birthdays up to this many days ago still get a (late) wish. */
      lateWindowDays: z.number().int().min(0).max(365).default(10),
    })
    .prefault({}),
  /**
   * Cron expressions (5 fields, in the account's zone) that queue runs; `jitterMinutes` delays
   * each fire by a stable random amount so that runs do not start on the dot every day.
   */
  schedules: z
    .object({
      birthday: z.object({ enabled: z.boolean().default(true), cron: cronExpression.default("30 9 * * *") }).prefault({}),
      sourcing: z.object({ enabled: z.boolean().default(false), cron: cronExpression.default("0 10 * * 1-5") }).prefault({}),
      jitterMinutes: z.number().int().min(0).max(60).default(5),
    })
    .prefault({}),
  sourcing: z
    .object({
      keywords: z.string().max(500).default(""),
      titles: z.array(z.string().max(100)).max(20).default([]),
      locationIds: z.array(z.string().regex(/^\d{1,20}$/, "a LinkedIn geo URN id (digits)")).max(20).default([]),
      networkDegrees: z.array(z.enum(["F", "S", "O"])).max(3).default(["S"]),
      maxProfiles: z.number().int().min(1).max(500).default(25),
      exclusions: z.array(z.string().max(100)).max(50).default([]),
      minFitScore: z.number().min(0).max(100).default(0),
      dedupeWindowDays: z.number().int().min(0).max(365).default(30),
    })
    .prefault({}),
  breaker: z
    .object({
      transientThreshold: z.number().int().min(1).max(20).default(3),
      baseBackoffSeconds: z.number().int().min(1).max(3600).default(60),
      maxBackoffSeconds: z.number().int().min(1).max(86_400).default(3600),
      /** How long a hard-open breaker (restriction signal) stays open without a person. */
      hardCooldownHours: z.number().min(1).max(24 * 30).default(24),
    })
    .prefault({}),
  browser: z
    .object({
      locale: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/).default("en-US"),
      viewport: z
        .object({ width: z.number().int().min(800).max(3840).default(1366), height: z.number().int().min(600).max(2160).default(768) })
        .prefault({}),
    })
    .prefault({}),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;
export type QuotaAction = "birthday_message" | "profile_visit";
export const QUOTA_ACTIONS: readonly QuotaAction[] = ["birthday_message", "profile_visit"];

export const defaultSettings = (): Settings => settingsSchema.parse({});

/** Account-level fields edited beside the settings document. */
export const accountProfileSchema = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  timezone: z
    .string()
    .max(64)
    .refine(isValidTimeZone, { message: "unknown IANA time zone" })
    .optional(),
  locale: z.enum(["en", "fr"]).optional(),
});
export type AccountProfile = z.infer<typeof accountProfileSchema>;
