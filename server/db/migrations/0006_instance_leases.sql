CREATE TABLE `leases` (
	`key` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`payment_id` text,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `leases_owner` ON `leases` (`owner`);--> statement-breakpoint
CREATE INDEX `leases_expires` ON `leases` (`expires_at`);