CREATE TABLE `cowbell_push_subscriptions` (
	`id` int AUTO_INCREMENT NOT NULL,
	`username` varchar(255) NOT NULL,
	`device_id` varchar(64) NOT NULL,
	`name` varchar(100) NOT NULL,
	`endpoint` varchar(1024) NOT NULL,
	`p256dh` varchar(255) NOT NULL,
	`auth` varchar(255) NOT NULL,
	`show_details` tinyint NOT NULL DEFAULT 0,
	`locale` varchar(10) NOT NULL DEFAULT 'en',
	`created` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	`last_success_at` datetime,
	`last_error` varchar(255),
	CONSTRAINT `cowbell_push_subscriptions_id` PRIMARY KEY(`id`),
	CONSTRAINT `cowbell_push_user_device` UNIQUE(`username`,`device_id`)
);
--> statement-breakpoint
ALTER TABLE `cowbell_quarantine_items` ADD `pushed_at` datetime;