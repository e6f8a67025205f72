ALTER TABLE `payments` ADD `slip_number` text;--> statement-breakpoint
CREATE UNIQUE INDEX `payments_merchant_slip` ON `payments` (`merchant_id`,`slip_number`);