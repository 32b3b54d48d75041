CREATE TABLE `report_figures` (
	`report_id` integer NOT NULL,
	`subject_key` text NOT NULL,
	`final_value` text,
	`final_fen` integer,
	`final_source` text,
	`final_row` text,
	`final_page` integer,
	`final_note` text,
	`budget_base` text,
	`budget_value` text,
	`budget_fen` integer,
	`budget_source` text,
	`budget_row` text,
	`budget_page` integer,
	`budget_note` text,
	`spent_value` text,
	`spent_fen` integer,
	`spent_source` text,
	`spent_row` text,
	`spent_page` integer,
	`spent_note` text,
	PRIMARY KEY(`subject_key`, `report_id`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `report_figures_report_idx` ON `report_figures` (`report_id`);--> statement-breakpoint
CREATE TABLE `subject_names` (
	`name` text PRIMARY KEY NOT NULL,
	`subject_key` text NOT NULL,
	`subject` text NOT NULL,
	`has_figures` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE `reports` ADD `derived_version` integer DEFAULT 0 NOT NULL;