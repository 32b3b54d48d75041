ALTER TABLE `facts` ADD `code` text;--> statement-breakpoint
ALTER TABLE `facts` ADD `link` text;--> statement-breakpoint
ALTER TABLE `report_tables` ADD `money_unit` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `prose` text;