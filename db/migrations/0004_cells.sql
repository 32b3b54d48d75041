CREATE TABLE `cells` (
	`report_id` integer NOT NULL,
	`row_id` integer NOT NULL,
	`table_key` text NOT NULL,
	`code` text,
	`name` text NOT NULL,
	`level` text NOT NULL,
	`column_key` text NOT NULL,
	`value` text NOT NULL,
	`fen` integer NOT NULL,
	PRIMARY KEY(`row_id`, `column_key`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`row_id`) REFERENCES `table_rows`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `cells_report_table_idx` ON `cells` (`report_id`,`table_key`);--> statement-breakpoint
CREATE INDEX `cells_code_column_idx` ON `cells` (`code`,`column_key`,`table_key`);--> statement-breakpoint
-- Existing stores: every amount of values_json becomes a cell, its 分 computed from the decimal text by string
-- arithmetic (integer part × 1,000,000 + the first six fraction digits, signed), never through a float.
INSERT INTO `cells` (`report_id`, `row_id`, `table_key`, `code`, `name`, `level`, `column_key`, `value`, `fen`)
SELECT `report_id`, `row_id`, `table_key`, `code`, `name`, `level`, `column_key`, `value`,
  (CASE WHEN substr(`value`, 1, 1) = '-' THEN -1 ELSE 1 END) * (
    CAST(CASE WHEN instr(`digits`, '.') > 0 THEN substr(`digits`, 1, instr(`digits`, '.') - 1) ELSE `digits` END AS INTEGER) * 1000000
    + CAST(substr((CASE WHEN instr(`digits`, '.') > 0 THEN substr(`digits`, instr(`digits`, '.') + 1) ELSE '' END) || '000000', 1, 6) AS INTEGER))
FROM (
  SELECT r.`report_id` AS `report_id`, r.`id` AS `row_id`, r.`table_key` AS `table_key`, r.`code` AS `code`, r.`name` AS `name`, r.`level` AS `level`,
    j.`key` AS `column_key`, CAST(j.`value` AS TEXT) AS `value`, ltrim(CAST(j.`value` AS TEXT), '-') AS `digits`
  FROM `table_rows` r, json_each(r.`values_json`) j
);--> statement-breakpoint
ALTER TABLE `table_rows` DROP COLUMN `values_json`;