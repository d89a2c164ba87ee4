CREATE TABLE `cowbell_mailbox_sort` (
	`username` varchar(255) NOT NULL,
	`domain` varchar(255) NOT NULL,
	`name` varchar(255) NOT NULL DEFAULT '',
	`quota` bigint NOT NULL DEFAULT 0,
	`bytes` bigint NOT NULL DEFAULT 0,
	CONSTRAINT `cowbell_mailbox_sort_username` PRIMARY KEY(`username`)
);
--> statement-breakpoint
CREATE INDEX `cowbell_ms_name` ON `cowbell_mailbox_sort` (`name`,`username`);--> statement-breakpoint
CREATE INDEX `cowbell_ms_quota` ON `cowbell_mailbox_sort` (`quota`,`username`);--> statement-breakpoint
CREATE INDEX `cowbell_ms_bytes` ON `cowbell_mailbox_sort` (`bytes`,`username`);