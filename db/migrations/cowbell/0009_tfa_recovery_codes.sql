CREATE TABLE `cowbell_tfa_recovery_codes` (
	`id` int AUTO_INCREMENT NOT NULL,
	`username` varchar(255) NOT NULL,
	`code_hash` varchar(64) NOT NULL,
	`created` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	CONSTRAINT `cowbell_tfa_recovery_codes_id` PRIMARY KEY(`id`),
	CONSTRAINT `cowbell_trc_user_hash` UNIQUE(`username`,`code_hash`)
);
