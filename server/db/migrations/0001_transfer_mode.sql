CREATE TABLE `identification_ids` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`merchant_id` text NOT NULL,
	`code` text NOT NULL,
	`payment_id` text NOT NULL,
	`issued_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	`blocked_until` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `identification_merchant_code` ON `identification_ids` (`merchant_id`,`code`);--> statement-breakpoint
CREATE INDEX `identification_payment` ON `identification_ids` (`payment_id`);--> statement-breakpoint
CREATE TABLE `ivr_calls` (
	`id` text PRIMARY KEY NOT NULL,
	`merchant_id` text NOT NULL,
	`did` text NOT NULL,
	`caller` text NOT NULL,
	`outcome` text,
	`payment_id` text,
	`started_at` text NOT NULL,
	`ended_at` text
);
--> statement-breakpoint
CREATE INDEX `ivr_calls_merchant_started` ON `ivr_calls` (`merchant_id`,`started_at`);--> statement-breakpoint
ALTER TABLE `dids` ADD `mode` text DEFAULT 'operator' NOT NULL;--> statement-breakpoint
ALTER TABLE `dids` ADD `max_concurrent` integer;