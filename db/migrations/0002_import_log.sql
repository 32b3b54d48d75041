CREATE TABLE `import_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sha256` text NOT NULL,
	`source_file` text NOT NULL,
	`unit_id` integer NOT NULL,
	`year` integer NOT NULL,
	`report_id` integer,
	`status` text NOT NULL,
	`imported_at` text NOT NULL,
	`summary` text,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `import_log_sha256_unique` ON `import_log` (`sha256`);--> statement-breakpoint
CREATE INDEX `import_log_unit_year_idx` ON `import_log` (`unit_id`,`year`);--> statement-breakpoint
-- hand-added: reports stored before this table are the current version of their bytes
INSERT OR IGNORE INTO `import_log` (`sha256`, `source_file`, `unit_id`, `year`, `report_id`, `status`, `imported_at`, `summary`)
SELECT `sha256`, `source_file`, `unit_id`, `year`, `id`, 'imported', `imported_at`, NULL FROM `reports` ORDER BY `id`;
