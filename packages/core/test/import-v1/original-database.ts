import { createClient, type InValue } from "@libsql/client";

/**
 * Builds a database the way the original Python bot left it on a Raspberry Pi: V1's tables
 * (`src/core/database.py`, schema version 4, with its indexes and WAL journal) and, beside them,
 * the app_v2 tables `create_all` could add without colliding (`interactions`). Rows are given
 * per table as column → value objects, so each test states exactly what the file holds.
 */

const V1_SCHEMA = `
CREATE TABLE schema_version (id INTEGER PRIMARY KEY AUTOINCREMENT, version INTEGER UNIQUE, applied_at TEXT NOT NULL);
CREATE TABLE contacts (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, linkedin_url TEXT UNIQUE,
  last_message_date TEXT, message_count INTEGER DEFAULT 0, relationship_score REAL DEFAULT 0, notes TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE birthday_messages (id INTEGER PRIMARY KEY AUTOINCREMENT, contact_id INTEGER, contact_name TEXT NOT NULL,
  message_text TEXT NOT NULL, sent_at TEXT NOT NULL, is_late BOOLEAN DEFAULT 0, days_late INTEGER DEFAULT 0,
  response_received BOOLEAN DEFAULT 0, response_text TEXT, response_date TEXT, script_mode TEXT,
  FOREIGN KEY (contact_id) REFERENCES contacts(id));
CREATE TABLE profile_visits (id INTEGER PRIMARY KEY AUTOINCREMENT, profile_name TEXT NOT NULL, profile_url TEXT,
  visited_at TEXT NOT NULL, source_search TEXT, keywords TEXT, location TEXT, success BOOLEAN DEFAULT 1, error_message TEXT);
CREATE TABLE errors (id INTEGER PRIMARY KEY AUTOINCREMENT, script_name TEXT NOT NULL, error_type TEXT NOT NULL,
  error_message TEXT NOT NULL, error_details TEXT, screenshot_path TEXT, occurred_at TEXT NOT NULL,
  resolved BOOLEAN DEFAULT 0, resolved_at TEXT);
CREATE TABLE linkedin_selectors (id INTEGER PRIMARY KEY AUTOINCREMENT, selector_name TEXT UNIQUE NOT NULL,
  selector_value TEXT NOT NULL, page_type TEXT NOT NULL, description TEXT, last_validated TEXT,
  is_valid BOOLEAN DEFAULT 1, validation_count INTEGER DEFAULT 0, failure_count INTEGER DEFAULT 0);
CREATE TABLE campaigns (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, search_url TEXT, filters TEXT,
  status TEXT DEFAULT 'pending', created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE scraped_profiles (id INTEGER PRIMARY KEY AUTOINCREMENT, campaign_id INTEGER, profile_url TEXT UNIQUE NOT NULL,
  first_name TEXT, last_name TEXT, full_name TEXT, headline TEXT, summary TEXT, relationship_level TEXT,
  current_company TEXT, education TEXT, years_experience INTEGER, skills TEXT, certifications TEXT, fit_score REAL,
  scraped_at TEXT NOT NULL, location TEXT, languages TEXT, work_history TEXT, connection_degree TEXT, school TEXT,
  degree TEXT, job_title TEXT, seniority_level TEXT, endorsements_count INTEGER, profile_picture_url TEXT,
  open_to_work INTEGER, FOREIGN KEY (campaign_id) REFERENCES campaigns(id));
CREATE TABLE bot_executions (id INTEGER PRIMARY KEY AUTOINCREMENT, bot_name TEXT NOT NULL, start_time TEXT NOT NULL,
  end_time TEXT, items_processed INTEGER, items_ignored INTEGER, errors INTEGER, status TEXT DEFAULT 'running');
CREATE TABLE notification_settings (id INTEGER PRIMARY KEY AUTOINCREMENT, email_enabled BOOLEAN DEFAULT 0,
  email_address TEXT, notify_on_error BOOLEAN DEFAULT 1, notify_on_success BOOLEAN DEFAULT 0,
  notify_on_bot_start BOOLEAN DEFAULT 0, notify_on_bot_stop BOOLEAN DEFAULT 0, notify_on_cookies_expiry BOOLEAN DEFAULT 1,
  created_at TEXT, updated_at TEXT, smtp_host TEXT, smtp_port INTEGER, smtp_user TEXT, smtp_password TEXT,
  smtp_use_tls BOOLEAN DEFAULT 1, smtp_from_email TEXT);
CREATE TABLE notification_logs (id INTEGER PRIMARY KEY AUTOINCREMENT, event_type TEXT NOT NULL, recipient_email TEXT,
  subject TEXT, body TEXT, status TEXT NOT NULL, sent_at TEXT, error_message TEXT, created_at TEXT NOT NULL);
CREATE TABLE blacklist (id INTEGER PRIMARY KEY AUTOINCREMENT, contact_name TEXT NOT NULL, linkedin_url TEXT, reason TEXT,
  added_at TEXT NOT NULL, added_by TEXT DEFAULT 'user', is_active BOOLEAN DEFAULT 1);
CREATE INDEX idx_birthday_messages_sent_at ON birthday_messages(sent_at);
CREATE INDEX idx_birthday_messages_contact_name ON birthday_messages(contact_name);
CREATE INDEX idx_profile_visits_visited_at ON profile_visits(visited_at);
CREATE INDEX idx_profile_visits_profile_url ON profile_visits(profile_url);
CREATE INDEX idx_contacts_name ON contacts(name);
CREATE INDEX idx_scraped_profiles_url ON scraped_profiles(profile_url);
CREATE INDEX idx_blacklist_contact_name ON blacklist(contact_name);
CREATE INDEX idx_blacklist_is_active ON blacklist(is_active);
CREATE UNIQUE INDEX idx_no_dup_msg ON birthday_messages(contact_id, substr(sent_at, 1, 10), message_text);
`;

/** app_v2's activity log (`app_v2/db/models.py`): created beside V1's tables, since its name is free. */
const APP_V2_INTERACTIONS = `
CREATE TABLE interactions (id INTEGER PRIMARY KEY AUTOINCREMENT, contact_id INTEGER NOT NULL, type VARCHAR NOT NULL,
  status VARCHAR NOT NULL, payload JSON, created_at DATETIME NOT NULL DEFAULT (CURRENT_TIMESTAMP));
CREATE INDEX idx_interaction_contact_type ON interactions(contact_id, type);
`;

/** app_v2's own `contacts` (a file app_v2 created alone: V1's table of that name cannot be there too). */
const APP_V2_CONTACTS = `
CREATE TABLE contacts (id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR NOT NULL, profile_url VARCHAR NOT NULL UNIQUE,
  headline VARCHAR, location VARCHAR, open_to_work BOOLEAN, fit_score FLOAT, skills JSON, work_history JSON,
  birth_date DATE, last_birthday_message_at DATETIME, status VARCHAR, created_at DATETIME NOT NULL DEFAULT (CURRENT_TIMESTAMP),
  updated_at DATETIME NOT NULL DEFAULT (CURRENT_TIMESTAMP));
`;

export type Rows = Record<string, InValue>[];

export interface OriginalContent {
  /** Versions recorded in `schema_version` (V1 records one row per migration); default 1–4. */
  schemaVersions?: number[];
  /** Which original created the file; "v1+app_v2" is what a Pi that tried app_v2 holds. */
  layout?: "v1" | "v1+app_v2" | "app_v2";
  tables?: Record<string, Rows>;
}

export async function createOriginalDatabase(path: string, content: OriginalContent = {}): Promise<void> {
  const client = createClient({ url: `file:${path}` });
  try {
    const layout = content.layout ?? "v1+app_v2";
    await client.execute("PRAGMA journal_mode=WAL");
    if (layout !== "app_v2") {
      await client.executeMultiple(V1_SCHEMA);
      for (const version of content.schemaVersions ?? [1, 2, 3, 4]) {
        await client.execute({
          sql: "insert into schema_version (version, applied_at) values (?, ?)",
          args: [version, "2025-03-01T10:00:00"],
        });
      }
    } else {
      await client.executeMultiple(APP_V2_CONTACTS);
    }
    if (layout !== "v1") await client.executeMultiple(APP_V2_INTERACTIONS);
    for (const [table, rows] of Object.entries(content.tables ?? {})) {
      for (const row of rows) {
        const columns = Object.keys(row);
        await client.execute({
          sql: `insert into ${table} (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")})`,
          args: columns.map((c) => row[c] ?? null),
        });
      }
    }
    // As the bot left it after a clean stop: everything in the file, the WAL empty.
    await client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  } finally {
    client.close();
  }
}
