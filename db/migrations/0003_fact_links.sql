ALTER TABLE `facts` ADD `code` text;--> statement-breakpoint
ALTER TABLE `facts` ADD `link` text;