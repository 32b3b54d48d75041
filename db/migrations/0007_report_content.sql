CREATE TABLE `report_content` (
	`report_id` integer PRIMARY KEY NOT NULL,
	`format` integer NOT NULL,
	`body` blob NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
