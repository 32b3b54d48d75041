CREATE TABLE `button_tokens` (
	`scope` text NOT NULL,
	`token` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	PRIMARY KEY(`scope`, `token`)
);
--> statement-breakpoint
CREATE INDEX `button_tokens_expires_at_idx` ON `button_tokens` (`expires_at`);--> statement-breakpoint
CREATE TABLE `seen_events` (
	`key` text PRIMARY KEY NOT NULL,
	`seen_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `seen_events_seen_at_idx` ON `seen_events` (`seen_at`);--> statement-breakpoint
ALTER TABLE `digest_sends` ADD `recovered` integer DEFAULT false NOT NULL;