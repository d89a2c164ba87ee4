CREATE TABLE `cowbell_quarantine_reads` (
	`viewer` varchar(255) NOT NULL,
	`item_id` int NOT NULL,
	`read_at` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	CONSTRAINT `cowbell_qr_pk` PRIMARY KEY(`viewer`,`item_id`)
);
--> statement-breakpoint
CREATE INDEX `cowbell_qr_item` ON `cowbell_quarantine_reads` (`item_id`);--> statement-breakpoint
ALTER TABLE `cowbell_quarantine_reads` ADD CONSTRAINT `cowbell_qr_item_fk` FOREIGN KEY (`item_id`) REFERENCES `cowbell_quarantine_items`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `cowbell_qi_reviewed_rcpt` ON `cowbell_quarantine_items` (`reviewed`,`rcpt`);--> statement-breakpoint
CREATE INDEX `cowbell_qi_created` ON `cowbell_quarantine_items` (`created`);--> statement-breakpoint
CREATE INDEX `cowbell_qi_domain_created` ON `cowbell_quarantine_items` (`domain`,`created`);