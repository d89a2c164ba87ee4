ALTER TABLE `cowbell_new_mail_settings` MODIFY COLUMN `settings` mediumtext NOT NULL;--> statement-breakpoint
ALTER TABLE `cowbell_new_mail_settings` ADD `revision` int DEFAULT 0 NOT NULL;