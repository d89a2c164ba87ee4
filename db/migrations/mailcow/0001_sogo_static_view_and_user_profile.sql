CREATE TABLE `_sogo_static_view` (
	`c_uid` varchar(255) NOT NULL,
	`domain` varchar(255) NOT NULL,
	`c_name` varchar(255) NOT NULL,
	`c_password` varchar(255) NOT NULL DEFAULT '',
	`c_cn` varchar(255),
	`c_l` varchar(255),
	`c_o` varchar(255),
	`c_ou` varchar(255),
	`c_telephonenumber` varchar(255),
	`mail` varchar(255) NOT NULL,
	`aliases` text NOT NULL,
	`ad_aliases` varchar(6144) NOT NULL DEFAULT '',
	`ext_acl` varchar(6144) NOT NULL DEFAULT '',
	`kind` varchar(100) NOT NULL DEFAULT '',
	`multiple_bookings` int NOT NULL DEFAULT -1,
	CONSTRAINT `_sogo_static_view_c_uid` PRIMARY KEY(`c_uid`)
);
--> statement-breakpoint
CREATE TABLE `sogo_user_profile` (
	`c_uid` varchar(255) NOT NULL,
	`c_defaults` longtext,
	`c_settings` longtext,
	CONSTRAINT `sogo_user_profile_c_uid` PRIMARY KEY(`c_uid`)
);
--> statement-breakpoint
CREATE INDEX `domain` ON `_sogo_static_view` (`domain`);