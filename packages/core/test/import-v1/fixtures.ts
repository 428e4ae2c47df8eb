import type { OriginalContent } from "./original-database.js";

/**
 * A Pi's history as of 2026-01-02 11:00 in Paris (10:00 UTC): the original's mix of UTC-aware
 * and naive Paris times, people known only by name, homonyms, repeats, a wish sent late on
 * Dec 31 in Paris, app_v2's rows beside V1's, and tables Nudge has no place for.
 */
export const IMPORT_NOW = "2026-01-02T10:00:00Z";

const LI = "https://www.linkedin.com/in";

export const ORIGINAL_HISTORY: OriginalContent = {
  layout: "v1+app_v2",
  tables: {
    contacts: [
      {
        id: 1,
        name: "Jane Doe",
        notes: "met at DevFest",
        created_at: "2024-03-01T09:00:00",
        updated_at: "2024-03-01T09:00:00",
      },
      {
        id: 2,
        name: "Marc Lefevre",
        linkedin_url: `${LI}/marc-lefevre/?miniProfileUrn=abc`,
        created_at: "2024-05-01T08:00:00+00:00",
        updated_at: "2024-05-01T08:00:00+00:00",
      },
      { id: 3, name: "Marie Martin", created_at: "2024-06-01T10:00:00", updated_at: "2024-06-01T10:00:00" },
      { id: 4, name: "Léa Noël", created_at: "2024-07-01T10:00:00", updated_at: "2024-07-01T10:00:00" },
      // V1 found people by exact name: a stray double space made a second row for one person.
      { id: 5, name: "Jane  Doe", created_at: "2024-08-01T10:00:00", updated_at: "2024-08-01T10:00:00" },
    ],
    birthday_messages: [
      // UTC-aware, this morning: today's wish, inside the day and week quota windows.
      {
        id: 1,
        contact_id: 1,
        contact_name: "Jane Doe",
        message_text: "Joyeux anniversaire Jane !",
        sent_at: "2026-01-02T08:30:00+00:00",
      },
      // A second wish for the same birthday (another text, so V1's unique index let it in).
      {
        id: 2,
        contact_id: 1,
        contact_name: "Jane Doe",
        message_text: "Bon anniversaire Jane !",
        sent_at: "2026-01-02T08:45:00+00:00",
      },
      // Naive Paris time, Dec 31 late evening: last year's birthday (read as UTC it would be Jan 1 in Paris).
      {
        id: 3,
        contact_id: 2,
        contact_name: "Marc Lefevre",
        message_text: "Joyeux anniversaire Marc !",
        sent_at: "2025-12-31T23:30:00",
      },
      // Sent on Jan 2 (Paris) two days late: the Dec 31 birthday, so 2025's occasion.
      {
        id: 4,
        contact_id: 4,
        contact_name: "Léa Noël",
        message_text: "Avec un peu de retard, Léa !",
        sent_at: "2026-01-01T23:15:00+00:00",
        is_late: 1,
        days_late: 2,
      },
      // Jan 2 00:30 in Paris, one day late: Jan 1 2026 (in UTC it would look like Dec 31).
      {
        id: 5,
        contact_id: null,
        contact_name: "Paul Durand",
        message_text: "Bon anniversaire Paul, avec un jour de retard",
        sent_at: "2026-01-01T23:30:00Z",
        is_late: 1,
        days_late: 1,
      },
      {
        id: 6,
        contact_id: 3,
        contact_name: "Marie Martin",
        message_text: "Joyeux anniversaire Marie !",
        sent_at: "2025-06-10 09:00:00",
      },
      // Jane's birthday last year: another occasion.
      {
        id: 7,
        contact_id: 1,
        contact_name: "Jane Doe",
        message_text: "Joyeux anniversaire Jane !",
        sent_at: "2025-01-02T09:00:00Z",
      },
      { id: 8, contact_id: null, contact_name: "Ghost", message_text: "?", sent_at: "yesterday" },
    ],
    profile_visits: [
      {
        id: 1,
        profile_name: "Marie Martin",
        profile_url: `${LI}/marie-martin-1/`,
        visited_at: "2025-12-30T10:00:00",
        success: 1,
      },
      {
        id: 2,
        profile_name: "Marie Martin",
        profile_url: "https://fr.linkedin.com/in/marie-martin-2",
        visited_at: "2025-12-30T11:00:00+01:00",
        success: 1,
      },
      {
        id: 3,
        profile_name: "Marie Martin",
        profile_url: `${LI}/marie-martin-1/`,
        visited_at: "2025-12-30T15:00:00",
        success: 1,
      },
      { id: 4, profile_name: "Paul Durand", profile_url: null, visited_at: "2025-11-01T10:00:00", success: 1 },
      {
        id: 5,
        profile_name: "Tom Becker",
        profile_url: `${LI}/tom-becker/`,
        visited_at: "2025-12-31T10:00:00",
        success: 0,
        error_message: "Timeout 90000ms exceeded",
      },
      { id: 6, profile_name: "Nobody", profile_url: `${LI}/nobody/`, visited_at: "n/a", success: 1 },
    ],
    scraped_profiles: [
      {
        id: 1,
        profile_url: `${LI}/marie-martin-1/`,
        full_name: "Marie Martin",
        headline: "Data Engineer",
        current_company: "Acme",
        location: "Lyon",
        fit_score: 72.5,
        // The visitor encoded its lists twice.
        skills: JSON.stringify(JSON.stringify(["python", "sql"])),
        scraped_at: "2025-12-30T10:00:30",
        open_to_work: 1,
      },
      {
        id: 2,
        profile_url: `${LI}/sophie-bernard/`,
        full_name: "Sophie Bernard",
        headline: "CTO",
        scraped_at: "2025-12-29T10:00:00",
      },
      {
        id: 3,
        profile_url: "https://www.linkedin.com/company/acme/",
        full_name: "Acme",
        scraped_at: "2025-12-29T10:00:00",
      },
    ],
    blacklist: [
      { id: 1, contact_name: "Spam Person", reason: "spam", added_at: "2025-02-01T10:00:00" },
      { id: 2, contact_name: "Ex Colleague", added_at: "2025-02-01T10:00:00", is_active: 0 },
      {
        id: 3,
        contact_name: "Recruiter Bob",
        linkedin_url: `${LI}/recruiter-bob/`,
        added_at: "2025-02-01T10:00:00",
        added_by: "api",
      },
    ],
    notification_settings: [
      {
        id: 1,
        email_enabled: 1,
        email_address: "me@example.org",
        smtp_host: "smtp.example.org",
        smtp_user: "me",
        smtp_password: "hunter2-smtp-secret",
      },
    ],
    linkedin_selectors: [
      { selector_name: "birthday_card", selector_value: "div.occludable-update", page_type: "birthdays" },
      { selector_name: "message_button", selector_value: "button[aria-label*='Message']", page_type: "birthdays" },
    ],
    bot_executions: [{ bot_name: "VisitorBot", start_time: "2025-12-30T10:00:00", status: "completed" }],
    interactions: [
      // app_v2's consolidation copied birthday_messages #1 here.
      {
        id: 1,
        contact_id: 1,
        type: "birthday_sent",
        status: "success",
        payload: JSON.stringify({
          message_text: "Joyeux anniversaire Jane !",
          contact_name: "Jane Doe",
          migrated_from: "birthday_messages",
        }),
        created_at: "2026-01-02 08:30:00",
      },
      {
        id: 2,
        contact_id: 2,
        type: "birthday_sent",
        status: "success",
        payload: JSON.stringify({ message: "x", dry_run: true }),
        created_at: "2025-12-31 10:00:00",
      },
      {
        id: 3,
        contact_id: 2,
        type: "visit",
        status: "success",
        payload: JSON.stringify({ score: 40 }),
        created_at: "2025-12-20 08:00:00",
      },
      { id: 4, contact_id: 2, type: "quota_used", status: "success", payload: null, created_at: "2025-12-20 08:00:00" },
    ],
  },
};

/** Not the shipped file: values a person had changed, plus keys Nudge has no place for. */
export const ORIGINAL_CONFIG = `
version: "2.0.1"
bot_mode: standard
dry_run: false
browser:
  headless: true
  locale: fr-FR
  timezone: Europe/Paris
  viewport_sizes: ["1440x900"]
messaging_limits:
  max_messages_per_run: 12
  weekly_message_limit: 99999
  daily_message_limit: 12
scheduling:
  daily_start_hour: 8
  daily_end_hour: 20
  timezone: Europe/Paris
delays:
  min_delay_seconds: 120
  max_delay_seconds: 300
  action_delay_min: 0.5
  action_delay_max: 1.2
messages:
  messages_file: /app/data/messages.txt
  avoid_repetition_years: 2
birthday_filter:
  process_today: true
  process_late: true
  max_days_late: 5
proxy:
  enabled: false
notifications:
  smtp_password: hunter2-yaml-secret
visitor:
  enabled: true
  keywords: ["data engineer", "python|scala", "-recruiter"]
  location: France
  limits:
    profiles_per_run: 20
  search_filters:
    title: ["Data Engineer"]
    keywords_exclude: ["stage"]
    seniority_level: ["senior"]
foo:
  bar: 1
`;

export const ORIGINAL_MESSAGES = [
  "Joyeux anniversaire, {name} ! 🚀 Belle année à toi.",
  "",
  "Bon anniversaire, {name} ! 💼",
  "Happy birthday {prenom}!",
].join("\n");

export const ORIGINAL_LATE_MESSAGES = [
  "Joyeux anniversaire avec un léger décalage, {name} !",
  "Avec un peu de retard, {name}, une pensée décalée de {date} jours 🎂",
  "Happy belated birthday {name}, {days_late} days late but sincere!",
].join("\n");

/** The original's key and a token Python's `cryptography` made with it (a storage state with the simulator's li_at). */
export const PYTHON_FERNET_KEY = "Zm9yLW51ZGdlLWltcG9ydC10ZXN0cy0zMi1ieXRlcyE=";
export const PYTHON_FERNET_TOKEN =
  "gAAAAABrC-LzSVT-Jer90zWyWKH2tI6wgq6teKd3rIitq8qfjO7zFLW4XjD7Fx6NBdJ1wxRWIcdXYCa7v1cIqU9Suo9wOQqitsgnOqmD3noP4fxfvviJQ5oz6Xo--0FkolLhqiFEnIHx18Wo9uuDk3Vr_CH0TmkWwwlYcWL8_mo9IZxXGwuuOpHbKQwuLLpZ7n1ChXnt7JHgaPOBc5OIJcaBy6rD-FTH__C-HTEkdHkGLiJPQwg4LxDM_mx26dolG8RRK9EVJqkMoue3LXtbuIG-UDpaeJQGdIaIEvLbNQPY-K44itP_sNX_JMsQf4IS3H5MwznvyMgglFCnGHwfbmB8Kw_nEEoEIXmdYtvW_t5mTGluQ6Q4O3Q=";
/** The li_at inside that token. */
export const PYTHON_TOKEN_LI_AT = "AQEDAsimulatedLiAtCookieValue0123456789abcdefXYZ";

/** The Fernet spec's test vector (github.com/fernet/spec, generate.json). */
export const SPEC_VECTOR = {
  secret: "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=",
  token: "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==",
  src: "hello",
};
