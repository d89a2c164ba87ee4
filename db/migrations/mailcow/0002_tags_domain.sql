CREATE TABLE `tags_domain` (
	`tag_name` varchar(255) NOT NULL,
	`domain` varchar(255) NOT NULL,
	CONSTRAINT `tag_name` UNIQUE(`tag_name`,`domain`)
);
--> statement-breakpoint
ALTER TABLE `tags_domain` ADD CONSTRAINT `fk_tags_domain` FOREIGN KEY (`domain`) REFERENCES `domain`(`domain`) ON DELETE cascade ON UPDATE no action;
