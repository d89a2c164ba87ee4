CREATE TABLE `cowbell_settings` (
	`name` varchar(100) NOT NULL,
	`value` text NOT NULL,
	`updated_at` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	CONSTRAINT `cowbell_settings_name` PRIMARY KEY(`name`)
);
