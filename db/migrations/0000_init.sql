CREATE TABLE `chat_settings` (
	`chat_key` text PRIMARY KEY NOT NULL,
	`unit_id` integer,
	`year` integer,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `facts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`subject` text NOT NULL,
	`measure` text NOT NULL,
	`value` text NOT NULL,
	`unit` text NOT NULL,
	`derived` integer NOT NULL,
	`detail` text,
	`sentence` text NOT NULL,
	`page` integer,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `facts_report_subject_idx` ON `facts` (`report_id`,`subject`);--> statement-breakpoint
CREATE TABLE `findings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`rule` text NOT NULL,
	`severity` text NOT NULL,
	`message` text NOT NULL,
	`expected` text,
	`actual` text,
	`location` text NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `findings_report_idx` ON `findings` (`report_id`);--> statement-breakpoint
CREATE TABLE `report_tables` (
	`report_id` integer NOT NULL,
	`table_key` text NOT NULL,
	`seq` integer NOT NULL,
	`title` text NOT NULL,
	`label` text,
	`page` integer,
	`empty` integer NOT NULL,
	`columns` text NOT NULL,
	`notes` text NOT NULL,
	PRIMARY KEY(`report_id`, `table_key`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`year` integer NOT NULL,
	`kind` text NOT NULL,
	`scope` text NOT NULL,
	`source_file` text NOT NULL,
	`sha256` text NOT NULL,
	`imported_at` text NOT NULL,
	`page_count` integer NOT NULL,
	`missing_tables` text DEFAULT '[]' NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reports_sha256_idx` ON `reports` (`sha256`);--> statement-breakpoint
CREATE UNIQUE INDEX `reports_unit_year_kind_uq` ON `reports` (`unit_id`,`year`,`kind`);--> statement-breakpoint
CREATE TABLE `table_rows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`table_key` text NOT NULL,
	`seq` integer NOT NULL,
	`code` text,
	`classification` text,
	`name` text NOT NULL,
	`level` text NOT NULL,
	`side` text,
	`values_json` text NOT NULL,
	`page` integer,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`report_id`,`table_key`) REFERENCES `report_tables`(`report_id`,`table_key`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `table_rows_report_table_idx` ON `table_rows` (`report_id`,`table_key`);--> statement-breakpoint
CREATE INDEX `table_rows_report_code_idx` ON `table_rows` (`report_id`,`code`);--> statement-breakpoint
CREATE TABLE `units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`aliases` text DEFAULT '[]' NOT NULL,
	`region` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `units_name_unique` ON `units` (`name`);