CREATE TABLE `cowbell_alias_reminder_optins` (
	`username` varchar(255) NOT NULL,
	`created` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	CONSTRAINT `cowbell_alias_reminder_optins_username` PRIMARY KEY(`username`)
);
--> statement-breakpoint
CREATE TABLE `cowbell_alias_reminders` (
	`address` varchar(255) NOT NULL,
	`validity` int NOT NULL,
	`claim` varchar(36) NOT NULL,
	`created` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	CONSTRAINT `cowbell_ar_pk` PRIMARY KEY(`address`,`validity`)
);
--> statement-breakpoint
CREATE INDEX `cowbell_ar_claim` ON `cowbell_alias_reminders` (`claim`);--> statement-breakpoint
CREATE INDEX `cowbell_ar_validity` ON `cowbell_alias_reminders` (`validity`);