CREATE TABLE `cowbell_alias_defaults` (
	`username` varchar(255) NOT NULL,
	`domain` varchar(255),
	`validity` varchar(10),
	`updated_at` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	CONSTRAINT `cowbell_alias_defaults_username` PRIMARY KEY(`username`)
);
