CREATE TABLE `cowbell_app_passwd_expiry` (
	`app_passwd_id` int NOT NULL,
	`username` varchar(255) NOT NULL,
	`expires_at` int NOT NULL,
	CONSTRAINT `cowbell_app_passwd_expiry_app_passwd_id` PRIMARY KEY(`app_passwd_id`)
);
--> statement-breakpoint
CREATE INDEX `cowbell_ape_expires` ON `cowbell_app_passwd_expiry` (`expires_at`);--> statement-breakpoint
CREATE INDEX `cowbell_ape_user` ON `cowbell_app_passwd_expiry` (`username`);