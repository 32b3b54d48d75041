CREATE TABLE `digest_sends` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subscription_id` integer NOT NULL,
	`slot` text NOT NULL,
	`status` text NOT NULL,
	`instance_id` text NOT NULL,
	`claimed_at` text NOT NULL,
	`finished_at` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error` text,
	FOREIGN KEY (`subscription_id`) REFERENCES `digest_subscriptions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digest_sends_subscription_slot_uq` ON `digest_sends` (`subscription_id`,`slot`);--> statement-breakpoint
CREATE TABLE `digest_subscriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_key` text NOT NULL,
	`schedule` text NOT NULL,
	`schedule_label` text NOT NULL,
	`timezone` text DEFAULT 'Asia/Shanghai' NOT NULL,
	`unit_id` integer,
	`year` integer,
	`content` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`active_since` text NOT NULL,
	`paused` integer DEFAULT false NOT NULL,
	`paused_reason` text,
	`last_slot_sent` text,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `digest_subscriptions_chat_idx` ON `digest_subscriptions` (`chat_key`);