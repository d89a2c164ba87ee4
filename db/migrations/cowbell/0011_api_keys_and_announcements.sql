CREATE TABLE `cowbell_announcement_optins` (
	`username` varchar(255) NOT NULL,
	`created` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	CONSTRAINT `cowbell_announcement_optins_username` PRIMARY KEY(`username`)
);
--> statement-breakpoint
CREATE TABLE `cowbell_api_keys` (
	`id` int AUTO_INCREMENT NOT NULL,
	`username` varchar(255) NOT NULL,
	`name` varchar(100) NOT NULL,
	`key_hash` varchar(64) NOT NULL,
	`key_prefix` varchar(16) NOT NULL,
	`access` varchar(2) NOT NULL DEFAULT 'ro',
	`allow_from` varchar(512) NOT NULL DEFAULT '',
	`active` tinyint NOT NULL DEFAULT 1,
	`expires_at` datetime,
	`created` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	`last_used_at` datetime,
	`last_used_ip` varchar(45),
	CONSTRAINT `cowbell_api_keys_id` PRIMARY KEY(`id`),
	CONSTRAINT `cowbell_api_keys_hash` UNIQUE(`key_hash`)
);
--> statement-breakpoint
CREATE INDEX `cowbell_api_keys_user` ON `cowbell_api_keys` (`username`);