CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`timezone` text DEFAULT 'Europe/Paris' NOT NULL,
	`locale` text DEFAULT 'en' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`session` text,
	`session_status` text DEFAULT 'missing' NOT NULL,
	`session_checked_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash_uq` ON `api_keys` (`hash`);--> statement-breakpoint
CREATE INDEX `api_keys_created_idx` ON `api_keys` (`created_at`);--> statement-breakpoint
CREATE TABLE `panel_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`api_key_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`api_key_id`) REFERENCES `api_keys`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `panel_sessions_token_uq` ON `panel_sessions` (`token_hash`);--> statement-breakpoint
CREATE TABLE `campaign_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`kind` text NOT NULL,
	`trigger` text NOT NULL,
	`dry_run` integer DEFAULT false NOT NULL,
	`params` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`counters` text DEFAULT '{}' NOT NULL,
	`error_code` text,
	`error_message` text,
	`lease_owner` text,
	`lease_expires_at` integer,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaign_runs_one_running_uq` ON `campaign_runs` (`account_id`) WHERE status = 'running';--> statement-breakpoint
CREATE INDEX `campaign_runs_account_created_idx` ON `campaign_runs` (`account_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `campaign_runs_status_idx` ON `campaign_runs` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `run_events` (
	`run_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`at` integer NOT NULL,
	`level` text DEFAULT 'info' NOT NULL,
	`type` text NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	PRIMARY KEY(`run_id`, `seq`),
	FOREIGN KEY (`run_id`) REFERENCES `campaign_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`profile_url` text NOT NULL,
	`public_id` text,
	`full_name` text NOT NULL,
	`first_name` text,
	`headline` text,
	`location` text,
	`company` text,
	`birth_month` integer,
	`birth_day` integer,
	`birth_year` integer,
	`source` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`fit_score` real,
	`profile` text,
	`tags` text DEFAULT '[]' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`last_interaction_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_account_profile_url_uq` ON `contacts` (`account_id`,`profile_url`);--> statement-breakpoint
CREATE INDEX `contacts_account_birthday_idx` ON `contacts` (`account_id`,`birth_month`,`birth_day`);--> statement-breakpoint
CREATE INDEX `contacts_account_status_idx` ON `contacts` (`account_id`,`status`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `contacts_account_source_idx` ON `contacts` (`account_id`,`source`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `contacts_account_created_idx` ON `contacts` (`account_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `contacts_account_updated_idx` ON `contacts` (`account_id`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `contacts_account_name_idx` ON `contacts` (`account_id`,`full_name`);--> statement-breakpoint
CREATE TABLE `breaker_states` (
	`account_id` integer PRIMARY KEY NOT NULL,
	`state` text DEFAULT 'closed' NOT NULL,
	`reason` text,
	`hard` integer DEFAULT false NOT NULL,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`trips` integer DEFAULT 0 NOT NULL,
	`opened_at` integer,
	`until` integer,
	`probe_owner` text,
	`probe_expires_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `coordinator_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `coordinator_messages_channel_idx` ON `coordinator_messages` (`channel`,`id`);--> statement-breakpoint
CREATE INDEX `coordinator_messages_at_idx` ON `coordinator_messages` (`created_at`);--> statement-breakpoint
CREATE TABLE `leases` (
	`name` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `quota_reservations` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` integer NOT NULL,
	`action` text NOT NULL,
	`run_id` text,
	`state` text DEFAULT 'reserved' NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `quota_reservations_window_idx` ON `quota_reservations` (`account_id`,`action`,`at`);--> statement-breakpoint
CREATE INDEX `quota_reservations_run_idx` ON `quota_reservations` (`run_id`);--> statement-breakpoint
CREATE TABLE `interactions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	`run_id` integer,
	`type` text NOT NULL,
	`occasion` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`message_text` text,
	`days_late` integer,
	`created_at` integer NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `interactions_occasion_uq` ON `interactions` (`account_id`,`contact_id`,`type`,`occasion`) WHERE status in ('pending', 'sent', 'unknown');--> statement-breakpoint
CREATE INDEX `interactions_contact_type_idx` ON `interactions` (`contact_id`,`type`);--> statement-breakpoint
CREATE INDEX `interactions_account_created_idx` ON `interactions` (`account_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `interactions_account_type_created_idx` ON `interactions` (`account_id`,`type`,`created_at`);--> statement-breakpoint
CREATE INDEX `interactions_run_idx` ON `interactions` (`run_id`);--> statement-breakpoint
CREATE TABLE `selectors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`candidate` text NOT NULL,
	`strategy` text NOT NULL,
	`source` text NOT NULL,
	`successes` integer DEFAULT 0 NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`last_success_at` integer,
	`last_failure_at` integer,
	`disabled` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `selectors_key_candidate_uq` ON `selectors` (`key`,`strategy`,`candidate`);--> statement-breakpoint
CREATE TABLE `settings` (
	`account_id` integer PRIMARY KEY NOT NULL,
	`data` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
