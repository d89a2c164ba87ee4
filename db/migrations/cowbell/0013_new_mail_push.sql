CREATE TABLE `cowbell_new_mail_folders` (
	`username` varchar(255) NOT NULL,
	`folder` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	`last_seen` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	CONSTRAINT `cowbell_nmf_pk` PRIMARY KEY(`username`,`folder`)
);
--> statement-breakpoint
CREATE TABLE `cowbell_new_mail_settings` (
	`username` varchar(255) NOT NULL,
	`settings` text NOT NULL,
	`updated_at` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	CONSTRAINT `cowbell_new_mail_settings_username` PRIMARY KEY(`username`)
);
--> statement-breakpoint
ALTER TABLE `cowbell_push_subscriptions` ADD `new_mail` tinyint DEFAULT 0 NOT NULL;