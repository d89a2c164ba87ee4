CREATE TABLE `cowbell_alias_tokens` (
	`id` int AUTO_INCREMENT NOT NULL,
	`username` varchar(255) NOT NULL,
	`name` varchar(100) NOT NULL,
	`token_hash` varchar(64) NOT NULL,
	`validity` varchar(10) NOT NULL DEFAULT 'permanent',
	`mailbox_created` datetime NOT NULL,
	`created` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	`last_used_at` datetime,
	CONSTRAINT `cowbell_alias_tokens_id` PRIMARY KEY(`id`),
	CONSTRAINT `cowbell_alias_tokens_hash` UNIQUE(`token_hash`)
);
--> statement-breakpoint
CREATE INDEX `cowbell_alias_tokens_user` ON `cowbell_alias_tokens` (`username`);