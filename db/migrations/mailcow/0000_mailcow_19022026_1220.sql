CREATE TABLE `alias` (
	`id` int AUTO_INCREMENT NOT NULL,
	`address` varchar(255) NOT NULL,
	`goto` text NOT NULL,
	`domain` varchar(255) NOT NULL,
	`created` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	`modified` datetime ON UPDATE CURRENT_TIMESTAMP,
	`private_comment` text,
	`public_comment` text,
	`sogo_visible` tinyint(1) NOT NULL DEFAULT 1,
	`internal` tinyint(1) NOT NULL DEFAULT 0,
	`sender_allowed` tinyint(1) NOT NULL DEFAULT 1,
	`active` tinyint(1) NOT NULL DEFAULT 1,
	CONSTRAINT `alias_id` PRIMARY KEY(`id`),
	CONSTRAINT `address` UNIQUE(`address`)
);
--> statement-breakpoint
CREATE TABLE `alias_domain` (
	`alias_domain` varchar(255) NOT NULL,
	`target_domain` varchar(255) NOT NULL,
	`created` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	`modified` datetime ON UPDATE CURRENT_TIMESTAMP,
	`active` tinyint(1) NOT NULL DEFAULT 1,
	CONSTRAINT `alias_domain_alias_domain` PRIMARY KEY(`alias_domain`)
);
--> statement-breakpoint
CREATE TABLE `domain` (
	`domain` varchar(255) NOT NULL,
	`description` varchar(255),
	`aliases` int(10) NOT NULL DEFAULT 0,
	`mailboxes` int(10) NOT NULL DEFAULT 0,
	`defquota` bigint NOT NULL DEFAULT 3072,
	`maxquota` bigint NOT NULL DEFAULT 102400,
	`quota` bigint NOT NULL DEFAULT 102400,
	`relayhost` varchar(255) NOT NULL DEFAULT '0',
	`backupmx` tinyint(1) NOT NULL DEFAULT 0,
	`gal` tinyint(1) NOT NULL DEFAULT 1,
	`relay_all_recipients` tinyint(1) NOT NULL DEFAULT 0,
	`relay_unknown_only` tinyint(1) NOT NULL DEFAULT 0,
	`created` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	`modified` datetime ON UPDATE CURRENT_TIMESTAMP,
	`active` tinyint(1) NOT NULL DEFAULT 1,
	CONSTRAINT `domain_domain` PRIMARY KEY(`domain`)
);
--> statement-breakpoint
CREATE TABLE `mailbox` (
	`username` varchar(255) NOT NULL,
	`password` varchar(255) NOT NULL,
	`name` varchar(255),
	`description` varchar(255),
	`mailbox_path_prefix` varchar(150) DEFAULT '/var/vmail/',
	`quota` bigint NOT NULL DEFAULT 102400,
	`local_part` varchar(255) NOT NULL,
	`domain` varchar(255) NOT NULL,
	`attributes` json,
	`custom_attributes` json NOT NULL DEFAULT ('{}'),
	`kind` varchar(100) NOT NULL DEFAULT '',
	`multiple_bookings` int NOT NULL DEFAULT -1,
	`authsource` enum('mailcow','keycloak','generic-oidc','ldap') DEFAULT 'mailcow',
	`created` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	`modified` datetime ON UPDATE CURRENT_TIMESTAMP,
	`active` tinyint(1) NOT NULL DEFAULT 1,
	CONSTRAINT `mailbox_username` PRIMARY KEY(`username`)
);
--> statement-breakpoint
CREATE TABLE `quota2` (
	`username` varchar(255) NOT NULL,
	`bytes` bigint NOT NULL DEFAULT 0,
	`messages` bigint NOT NULL DEFAULT 0,
	CONSTRAINT `quota2_username` PRIMARY KEY(`username`)
);
--> statement-breakpoint
CREATE TABLE `quota2replica` (
	`username` varchar(255) NOT NULL,
	`bytes` bigint NOT NULL DEFAULT 0,
	`messages` bigint NOT NULL DEFAULT 0,
	CONSTRAINT `quota2replica_username` PRIMARY KEY(`username`)
);
--> statement-breakpoint
CREATE TABLE `sender_acl` (
	`id` int AUTO_INCREMENT NOT NULL,
	`logged_in_as` varchar(255) NOT NULL,
	`send_as` varchar(255) NOT NULL,
	`external` tinyint(1) NOT NULL DEFAULT 0,
	CONSTRAINT `sender_acl_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `spamalias` (
	`address` varchar(255) NOT NULL,
	`goto` text NOT NULL,
	`description` text NOT NULL,
	`created` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	`modified` datetime ON UPDATE CURRENT_TIMESTAMP,
	`validity` int,
	`permanent` tinyint(1) NOT NULL DEFAULT 0,
	CONSTRAINT `spamalias_address` PRIMARY KEY(`address`)
);
--> statement-breakpoint
CREATE TABLE `templates` (
	`id` int AUTO_INCREMENT NOT NULL,
	`template` varchar(255) NOT NULL,
	`type` varchar(255) NOT NULL,
	`attributes` json,
	`created` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	`modified` datetime ON UPDATE CURRENT_TIMESTAMP,
	CONSTRAINT `templates_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `admin` (
	`username` varchar(255) NOT NULL,
	`password` varchar(255) NOT NULL,
	`superadmin` tinyint(1) NOT NULL DEFAULT 0,
	`created` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	`modified` datetime ON UPDATE CURRENT_TIMESTAMP,
	`active` tinyint(1) NOT NULL DEFAULT 1,
	`attributes` json,
	CONSTRAINT `admin_username` PRIMARY KEY(`username`)
);
--> statement-breakpoint
CREATE TABLE `api` (
	`api_key` varchar(255) NOT NULL,
	`allow_from` varchar(512) NOT NULL,
	`skip_ip_check` tinyint(1) NOT NULL DEFAULT 0,
	`created` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	`modified` datetime ON UPDATE CURRENT_TIMESTAMP,
	`access` enum('ro','rw') NOT NULL DEFAULT 'rw',
	`active` tinyint(1) NOT NULL DEFAULT 1,
	CONSTRAINT `api_api_key` PRIMARY KEY(`api_key`)
);
--> statement-breakpoint
CREATE TABLE `app_passwd` (
	`id` int AUTO_INCREMENT NOT NULL,
	`name` varchar(255) NOT NULL,
	`mailbox` varchar(255) NOT NULL,
	`domain` varchar(255) NOT NULL,
	`password` varchar(255) NOT NULL,
	`created` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	`modified` datetime ON UPDATE CURRENT_TIMESTAMP,
	`imap_access` tinyint(1) NOT NULL DEFAULT 1,
	`smtp_access` tinyint(1) NOT NULL DEFAULT 1,
	`dav_access` tinyint(1) NOT NULL DEFAULT 1,
	`eas_access` tinyint(1) NOT NULL DEFAULT 1,
	`pop3_access` tinyint(1) NOT NULL DEFAULT 1,
	`sieve_access` tinyint(1) NOT NULL DEFAULT 1,
	`active` tinyint(1) NOT NULL DEFAULT 1,
	CONSTRAINT `app_passwd_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `da_acl` (
	`username` varchar(255) NOT NULL,
	`syncjobs` tinyint(1) NOT NULL DEFAULT 1,
	`quarantine` tinyint(1) NOT NULL DEFAULT 1,
	`login_as` tinyint(1) NOT NULL DEFAULT 1,
	`sogo_access` tinyint(1) NOT NULL DEFAULT 1,
	`app_passwds` tinyint(1) NOT NULL DEFAULT 1,
	`bcc_maps` tinyint(1) NOT NULL DEFAULT 1,
	`pushover` tinyint(1) NOT NULL DEFAULT 0,
	`filters` tinyint(1) NOT NULL DEFAULT 1,
	`ratelimit` tinyint(1) NOT NULL DEFAULT 1,
	`spam_policy` tinyint(1) NOT NULL DEFAULT 1,
	`extend_sender_acl` tinyint(1) NOT NULL DEFAULT 0,
	`unlimited_quota` tinyint(1) NOT NULL DEFAULT 0,
	`protocol_access` tinyint(1) NOT NULL DEFAULT 1,
	`smtp_ip_access` tinyint(1) NOT NULL DEFAULT 1,
	`alias_domains` tinyint(1) NOT NULL DEFAULT 0,
	`mailbox_relayhost` tinyint(1) NOT NULL DEFAULT 1,
	`domain_relayhost` tinyint(1) NOT NULL DEFAULT 1,
	`domain_desc` tinyint(1) NOT NULL DEFAULT 0,
	CONSTRAINT `da_acl_username` PRIMARY KEY(`username`)
);
--> statement-breakpoint
CREATE TABLE `domain_admins` (
	`id` int AUTO_INCREMENT NOT NULL,
	`username` varchar(255) NOT NULL,
	`domain` varchar(255) NOT NULL,
	`created` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	`active` tinyint(1) NOT NULL DEFAULT 1,
	CONSTRAINT `domain_admins_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `fido2` (
	`username` varchar(255) NOT NULL,
	`friendlyName` varchar(255),
	`rpId` varchar(255) NOT NULL,
	`credentialPublicKey` text NOT NULL,
	`certificateChain` text,
	`certificate` text,
	`certificateIssuer` varchar(255),
	`certificateSubject` varchar(255),
	`signatureCounter` int,
	`AAGUID` blob,
	`credentialId` blob NOT NULL,
	`created` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	`modified` datetime ON UPDATE CURRENT_TIMESTAMP,
	`active` tinyint(1) NOT NULL DEFAULT 1
);
--> statement-breakpoint
CREATE TABLE `tfa` (
	`id` int AUTO_INCREMENT NOT NULL,
	`key_id` varchar(255) NOT NULL,
	`username` varchar(255) NOT NULL,
	`authmech` enum('yubi_otp','u2f','hotp','totp','webauthn'),
	`secret` varchar(255),
	`keyHandle` varchar(1023),
	`publicKey` varchar(4096),
	`counter` int NOT NULL DEFAULT 0,
	`certificate` text,
	`active` tinyint(1) NOT NULL DEFAULT 0,
	CONSTRAINT `tfa_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `user_acl` (
	`username` varchar(255) NOT NULL,
	`spam_alias` tinyint(1) NOT NULL DEFAULT 1,
	`tls_policy` tinyint(1) NOT NULL DEFAULT 1,
	`spam_score` tinyint(1) NOT NULL DEFAULT 1,
	`spam_policy` tinyint(1) NOT NULL DEFAULT 1,
	`delimiter_action` tinyint(1) NOT NULL DEFAULT 1,
	`syncjobs` tinyint(1) NOT NULL DEFAULT 0,
	`eas_reset` tinyint(1) NOT NULL DEFAULT 1,
	`sogo_profile_reset` tinyint(1) NOT NULL DEFAULT 0,
	`pushover` tinyint(1) NOT NULL DEFAULT 1,
	`quarantine` tinyint(1) NOT NULL DEFAULT 1,
	`quarantine_attachments` tinyint(1) NOT NULL DEFAULT 1,
	`quarantine_notification` tinyint(1) NOT NULL DEFAULT 1,
	`quarantine_category` tinyint(1) NOT NULL DEFAULT 1,
	`app_passwds` tinyint(1) NOT NULL DEFAULT 1,
	`pw_reset` tinyint(1) NOT NULL DEFAULT 1,
	CONSTRAINT `user_acl_username` PRIMARY KEY(`username`)
);
--> statement-breakpoint
CREATE TABLE `filterconf` (
	`object` varchar(255) NOT NULL DEFAULT '',
	`option` varchar(50) NOT NULL DEFAULT '',
	`value` varchar(100) NOT NULL DEFAULT '',
	`created` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	`modified` datetime ON UPDATE CURRENT_TIMESTAMP,
	`prefid` int AUTO_INCREMENT NOT NULL,
	CONSTRAINT `filterconf_prefid` PRIMARY KEY(`prefid`)
);
--> statement-breakpoint
CREATE TABLE `pushover` (
	`username` varchar(255) NOT NULL,
	`key` varchar(255) NOT NULL,
	`token` varchar(255) NOT NULL,
	`attributes` json,
	`title` text,
	`text` text,
	`senders` text,
	`senders_regex` text,
	`active` tinyint(1) NOT NULL DEFAULT 1,
	CONSTRAINT `pushover_username` PRIMARY KEY(`username`)
);
--> statement-breakpoint
CREATE TABLE `quarantine` (
	`id` int AUTO_INCREMENT NOT NULL,
	`qid` varchar(30) NOT NULL,
	`subject` varchar(500),
	`score` float(8,2),
	`ip` varchar(50),
	`action` char(20) NOT NULL DEFAULT 'unknown',
	`symbols` json,
	`fuzzy_hashes` json,
	`sender` varchar(255) NOT NULL DEFAULT 'unknown',
	`rcpt` varchar(255),
	`msg` longtext,
	`domain` varchar(255),
	`notified` tinyint(1) NOT NULL DEFAULT 0,
	`created` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	`user` varchar(255) NOT NULL DEFAULT 'unknown',
	`qhash` varchar(64),
	CONSTRAINT `quarantine_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `logs` (
	`id` int AUTO_INCREMENT NOT NULL,
	`task` char(32) NOT NULL DEFAULT '000000',
	`type` varchar(32) DEFAULT '',
	`msg` text,
	`call` text,
	`user` varchar(64) NOT NULL,
	`role` varchar(32) NOT NULL,
	`remote` varchar(39) NOT NULL,
	`time` int NOT NULL,
	CONSTRAINT `logs_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `sasl_log` (
	`service` varchar(32) NOT NULL DEFAULT '',
	`app_password` int,
	`username` varchar(255) NOT NULL,
	`real_rip` varchar(64) NOT NULL,
	`datetime` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	CONSTRAINT `sasl_log_service_real_rip_username_pk` PRIMARY KEY(`service`,`real_rip`,`username`)
);
--> statement-breakpoint
CREATE TABLE `versions` (
	`application` varchar(255) NOT NULL,
	`version` varchar(100) NOT NULL,
	`created` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	CONSTRAINT `versions_application` PRIMARY KEY(`application`)
);
--> statement-breakpoint
ALTER TABLE `app_passwd` ADD CONSTRAINT `fk_username_app_passwd` FOREIGN KEY (`mailbox`) REFERENCES `mailbox`(`username`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `user_acl` ADD CONSTRAINT `fk_username` FOREIGN KEY (`username`) REFERENCES `mailbox`(`username`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `domain` ON `alias` (`domain`);--> statement-breakpoint
CREATE INDEX `active` ON `alias_domain` (`active`);--> statement-breakpoint
CREATE INDEX `target_domain` ON `alias_domain` (`target_domain`);--> statement-breakpoint
CREATE INDEX `domain` ON `mailbox` (`domain`);--> statement-breakpoint
CREATE INDEX `kind` ON `mailbox` (`kind`);--> statement-breakpoint
CREATE INDEX `mailbox` ON `app_passwd` (`mailbox`);--> statement-breakpoint
CREATE INDEX `password` ON `app_passwd` (`password`);--> statement-breakpoint
CREATE INDEX `domain` ON `app_passwd` (`domain`);--> statement-breakpoint
CREATE INDEX `username` ON `domain_admins` (`username`);--> statement-breakpoint
CREATE INDEX `object` ON `filterconf` (`object`);--> statement-breakpoint
CREATE INDEX `qhash` ON `quarantine` (`qhash`);--> statement-breakpoint
CREATE INDEX `username` ON `sasl_log` (`username`);--> statement-breakpoint
CREATE INDEX `service` ON `sasl_log` (`service`);--> statement-breakpoint
CREATE INDEX `datetime` ON `sasl_log` (`datetime`);--> statement-breakpoint
CREATE INDEX `real_rip` ON `sasl_log` (`real_rip`);