CREATE TABLE `schedule_fires` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`kind` text NOT NULL,
	`fire_at` integer NOT NULL,
	`outcome` text NOT NULL,
	`run_id` integer,
	`error_code` text,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`run_id`) REFERENCES `campaign_runs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `schedule_fires_uq` ON `schedule_fires` (`account_id`,`kind`,`fire_at`);--> statement-breakpoint
CREATE INDEX `schedule_fires_account_recorded_idx` ON `schedule_fires` (`account_id`,`recorded_at`);--> statement-breakpoint
DROP INDEX `campaign_runs_one_running_uq`;--> statement-breakpoint
CREATE INDEX `campaign_runs_lease_idx` ON `campaign_runs` (`lease_expires_at`) WHERE status in ('running', 'cancelling');--> statement-breakpoint
CREATE UNIQUE INDEX `campaign_runs_one_running_uq` ON `campaign_runs` (`account_id`) WHERE status in ('running', 'cancelling');--> statement-breakpoint
ALTER TABLE `interactions` ADD `reservation_id` text;