// mailcow: who may sign in and what they may do (reference sections 1.9–1.18).
import { foreignKey, index, int, mysqlEnum, mysqlTable, text, varchar } from 'drizzle-orm/mysql-core';
import { blob, created, flag, jsonText, modified } from './columns.ts';
import { mailbox } from './mail.ts';

/** Super admins (superadmin=1) and domain admins (superadmin=0). */
export const admin = mysqlTable('admin', {
  username: varchar('username', { length: 255 }).primaryKey(),
  password: varchar('password', { length: 255 }).notNull(),
  superadmin: flag('superadmin').notNull().default(0),
  created: created(),
  modified: modified(),
  active: flag('active').notNull().default(1),
  attributes: jsonText('attributes'),
});

export const domainAdmins = mysqlTable('domain_admins', {
  id: int('id').autoincrement().primaryKey(),
  username: varchar('username', { length: 255 }).notNull(),
  domain: varchar('domain', { length: 255 }).notNull(),
  created: created(),
  active: flag('active').notNull().default(1),
}, (t) => [index('username').on(t.username)]);

const on = (name: string) => flag(name).notNull().default(1);
const off = (name: string) => flag(name).notNull().default(0);

export const daAcl = mysqlTable('da_acl', {
  username: varchar('username', { length: 255 }).primaryKey(),
  syncjobs: on('syncjobs'),
  quarantine: on('quarantine'),
  loginAs: on('login_as'),
  sogoAccess: on('sogo_access'),
  appPasswds: on('app_passwds'),
  bccMaps: on('bcc_maps'),
  pushover: off('pushover'),
  filters: on('filters'),
  ratelimit: on('ratelimit'),
  spamPolicy: on('spam_policy'),
  extendSenderAcl: off('extend_sender_acl'),
  unlimitedQuota: off('unlimited_quota'),
  protocolAccess: on('protocol_access'),
  smtpIpAccess: on('smtp_ip_access'),
  aliasDomains: off('alias_domains'),
  mailboxRelayhost: on('mailbox_relayhost'),
  domainRelayhost: on('domain_relayhost'),
  domainDesc: off('domain_desc'),
});

export const userAcl = mysqlTable('user_acl', {
  username: varchar('username', { length: 255 }).primaryKey(),
  spamAlias: on('spam_alias'),
  tlsPolicy: on('tls_policy'),
  spamScore: on('spam_score'),
  spamPolicy: on('spam_policy'),
  delimiterAction: on('delimiter_action'),
  syncjobs: off('syncjobs'),
  easReset: on('eas_reset'),
  sogoProfileReset: off('sogo_profile_reset'),
  pushover: on('pushover'),
  quarantine: on('quarantine'),
  quarantineAttachments: on('quarantine_attachments'),
  quarantineNotification: on('quarantine_notification'),
  quarantineCategory: on('quarantine_category'),
  appPasswds: on('app_passwds'),
  pwReset: on('pw_reset'),
}, (t) => [foreignKey({ name: 'fk_username', columns: [t.username], foreignColumns: [mailbox.username] })
  .onDelete('cascade')]);

export const appPasswd = mysqlTable('app_passwd', {
  id: int('id').autoincrement().primaryKey(),
  /** Stored HTML-escaped, as mailcow writes it. */
  name: varchar('name', { length: 255 }).notNull(),
  mailbox: varchar('mailbox', { length: 255 }).notNull(),
  domain: varchar('domain', { length: 255 }).notNull(),
  password: varchar('password', { length: 255 }).notNull(),
  created: created(),
  modified: modified(),
  imapAccess: on('imap_access'),
  smtpAccess: on('smtp_access'),
  davAccess: on('dav_access'),
  easAccess: on('eas_access'),
  pop3Access: on('pop3_access'),
  sieveAccess: on('sieve_access'),
  active: on('active'),
}, (t) => [
  index('mailbox').on(t.mailbox), index('password').on(t.password), index('domain').on(t.domain),
  foreignKey({ name: 'fk_username_app_passwd', columns: [t.mailbox], foreignColumns: [mailbox.username] })
    .onDelete('cascade'),
]);

export const tfa = mysqlTable('tfa', {
  id: int('id').autoincrement().primaryKey(),
  keyId: varchar('key_id', { length: 255 }).notNull(),
  username: varchar('username', { length: 255 }).notNull(),
  authmech: mysqlEnum('authmech', ['yubi_otp', 'u2f', 'hotp', 'totp', 'webauthn']),
  secret: varchar('secret', { length: 255 }),
  keyHandle: varchar('keyHandle', { length: 1023 }),
  publicKey: varchar('publicKey', { length: 4096 }),
  counter: int('counter').notNull().default(0),
  certificate: text('certificate'),
  active: off('active'),
});

/** Password-less FIDO2 credentials. mailcow declares no primary key and no index here. */
export const fido2 = mysqlTable('fido2', {
  username: varchar('username', { length: 255 }).notNull(),
  friendlyName: varchar('friendlyName', { length: 255 }),
  rpId: varchar('rpId', { length: 255 }).notNull(),
  credentialPublicKey: text('credentialPublicKey').notNull(),
  certificateChain: text('certificateChain'),
  certificate: text('certificate'),
  certificateIssuer: varchar('certificateIssuer', { length: 255 }),
  certificateSubject: varchar('certificateSubject', { length: 255 }),
  signatureCounter: int('signatureCounter'),
  aaguid: blob('AAGUID'),
  credentialId: blob('credentialId').notNull(),
  created: created(),
  modified: modified(),
  active: on('active'),
});

export const api = mysqlTable('api', {
  apiKey: varchar('api_key', { length: 255 }).primaryKey(),
  allowFrom: varchar('allow_from', { length: 512 }).notNull(),
  skipIpCheck: off('skip_ip_check'),
  created: created(),
  modified: modified(),
  access: mysqlEnum('access', ['ro', 'rw']).notNull().default('rw'),
  active: on('active'),
});
