CREATE TABLE `cowbell_quarantine_items` (
	`id` int NOT NULL,
	`rcpt` varchar(255) NOT NULL,
	`domain` varchar(255) NOT NULL,
	`action` varchar(20) NOT NULL,
	`created` datetime NOT NULL,
	`reviewed` tinyint NOT NULL DEFAULT 0,
	CONSTRAINT `cowbell_quarantine_items_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE INDEX `cowbell_qi_rcpt_id` ON `cowbell_quarantine_items` (`rcpt`,`id`);--> statement-breakpoint
CREATE INDEX `cowbell_qi_domain_id` ON `cowbell_quarantine_items` (`domain`,`id`);