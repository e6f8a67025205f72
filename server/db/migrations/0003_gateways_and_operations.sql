CREATE TABLE `merchant_gateways` (
	`merchant_id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`options` text NOT NULL,
	`secret` text NOT NULL,
	`secret_hint` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `payment_operations` (
	`id` text PRIMARY KEY NOT NULL,
	`payment_id` text NOT NULL,
	`merchant_id` text NOT NULL,
	`kind` text NOT NULL,
	`amount` integer NOT NULL,
	`status` text NOT NULL,
	`gateway` text NOT NULL,
	`request_key` text,
	`reference` text,
	`error_code` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `payment_operations_payment` ON `payment_operations` (`payment_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `payment_operations_request_key` ON `payment_operations` (`payment_id`,`request_key`);--> statement-breakpoint
CREATE INDEX `payment_operations_status` ON `payment_operations` (`status`);--> statement-breakpoint
CREATE TABLE `sandbox_cards` (
	`merchant_id` text NOT NULL,
	`member_id` text NOT NULL,
	`token` text NOT NULL,
	`brand` text NOT NULL,
	`last4` text NOT NULL,
	`order_id` text NOT NULL,
	`is_default` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`merchant_id`, `token`)
);
--> statement-breakpoint
CREATE INDEX `sandbox_cards_member` ON `sandbox_cards` (`merchant_id`,`member_id`);--> statement-breakpoint
CREATE TABLE `sandbox_operations` (
	`merchant_id` text NOT NULL,
	`operation_id` text NOT NULL,
	`order_id` text NOT NULL,
	`kind` text NOT NULL,
	`amount` integer NOT NULL,
	`outcome` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`merchant_id`, `operation_id`)
);
--> statement-breakpoint
ALTER TABLE `payments` ADD `pay_method` text DEFAULT 'lump' NOT NULL;--> statement-breakpoint
ALTER TABLE `payments` ADD `installment_count` integer;--> statement-breakpoint
ALTER TABLE `payments` ADD `refunded_amount` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `payments` ADD `charged_at` text;--> statement-breakpoint
ALTER TABLE `sandbox_charges` ADD `state` text;--> statement-breakpoint
ALTER TABLE `sandbox_charges` ADD `pay_method` text DEFAULT 'lump' NOT NULL;--> statement-breakpoint
ALTER TABLE `sandbox_charges` ADD `installment_count` integer;--> statement-breakpoint
ALTER TABLE `sandbox_charges` ADD `refunded_amount` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `sandbox_charges` ADD `charged_at` text;