// Config files for a private, loopback-only rspamd + Dovecot + Postfix (Debian 12 packages), written
// into the stack's own directory under .data/ (the mail-stack test's, or the `npm start` demo's).
// Nothing under /etc is changed and no system daemon is used. New-mail push's Dovecot lines: new-mail-conf.ts.
import { mailcowSieve } from './new-mail-conf.ts';
export interface StackPorts {
  rspamdNormal: number;
  rspamdController: number;
  deadDns: number;
  imap: number;
  lmtp: number;
  smtpIn: number;
  smtpRelease: number;
}

export interface StackConfig {
  dir: string;
  ports: StackPorts;
  domain: string;
  ingestUrl: string;
  redisPort: number;
  db: { host: string; port: number; user: string; password: string; name: string };
  /** More rspamd rules (Lua), after the test marker's. */
  extraLua?: string;
  /** Cowbell's new-mail push: Dovecot posts each delivery to `url` (an IP literal, see newMailPushConf). */
  newMail?: { url: string; secret: string };
}

/** The controller's enable password (learning), loopback only like the whole stack. */
export const CONTROLLER_PASSWORD = 'rw-secret';
// rspamadm pw hashes of the loopback-only controller passwords "ro-secret" and "rw-secret".
const RO_HASH = '$2$g9t7s4syfhiqadcjzkzzo1swsb68mhoo$iegyrd1p1iy3w8dk5dms1jbmic9exhzgwxxhcn335arbp6xi5z9b';
const RW_HASH = '$2$8jaszw77exc8unsj1j5ybygeaf4bnoip$mf58phfx89zot5ji8x8bzy8wdd546uwqhsr61om6jsd1wt7om3jb';

// Modules that need the internet or get in a test's way.
export const DISABLED_RSPAMD_MODULES = ('rbl surbl whitelist phishing multimap mime_types mid fuzzy_check asn spf dkim dmarc arc '
  + 'hfilter dkim_signing greylist ratelimit neural reputation replies url_redirector bimi mx_check dcc emails '
  + 'external_services antivirus clickhouse elastic p0f spamassassin trie rspamd_update maillist http_headers '
  + 'external_relay aws_s3 metric_exporter').split(' ');

export function rspamdFiles(c: StackConfig): Record<string, string> {
  const r = `${c.dir}/rspamd`;
  return {
    'rspamd/rspamd.conf': `.include "$CONFDIR/common.conf"
options { pidfile = "$RUNDIR/rspamd.pid"; .include "$CONFDIR/options.inc"
  .include(try=true; priority=1,duplicate=merge) "$LOCAL_CONFDIR/local.d/options.inc" }
logging { type = "file"; filename = "$LOGDIR/rspamd.log"; .include "$CONFDIR/logging.inc" }
worker "normal" { bind_socket = "127.0.0.1:${c.ports.rspamdNormal}"; .include "$CONFDIR/worker-normal.inc"; count = 1; }
worker "controller" { .include "$CONFDIR/worker-controller.inc"
  .include(try=true; priority=1,duplicate=merge) "$LOCAL_CONFDIR/local.d/worker-controller.inc" }
worker "rspamd_proxy" { bind_socket = "${r}/run/milter.sock mode=0666"; .include "$CONFDIR/worker-proxy.inc"
  .include(try=true; priority=1,duplicate=merge) "$LOCAL_CONFDIR/local.d/worker-proxy.inc" }
`,
    // Keys included at priority 1 replace the package's (an inline key would not).
    'rspamd/local.d/worker-proxy.inc': `milter = yes;\ntimeout = 120s;\nupstream "local" {\n  default = yes;\n  hosts = "127.0.0.1:${c.ports.rspamdNormal}";\n}\ncount = 1;\n`,
    // GTUBE stops every module (exporters too), so a scored marker symbol forces "reject" instead.
    'rspamd/rspamd.local.lua': `local function has(task, m) local c = task:get_content(); return c ~= nil and tostring(c):find(m, 1, true) ~= nil end
rspamd_config:register_symbol({ name = 'MAILSTACK_TEST_SPAM', score = 50.0, group = 'mailstack_test',
  callback = function(task) return has(task, 'MAILSTACK-TEST-SPAM') end })
${c.extraLua ?? ''}`,
    // No internet: DNS goes to a loopback port where nothing listens.
    'rspamd/local.d/options.inc': `dns { nameserver = ["127.0.0.1:${c.ports.deadDns}"]; timeout = 0.2s; retransmits = 1; }
local_addrs = []; task_timeout = 10s; disable_monitoring = true;
`,
    'rspamd/local.d/redis.conf': `servers = "127.0.0.1:${c.redisPort}"; db = "15";\n`,
    'rspamd/local.d/actions.conf': 'reject = 15;\nadd_header = 8;\ngreylist = null;\n',
    'rspamd/local.d/worker-controller.inc': `secure_ip = "192.0.2.1";\npassword = "${RO_HASH}";\nenable_password = "${RW_HASH}";
bind_socket = "127.0.0.1:${c.ports.rspamdController}";\n`,
    // rspamd 3.4 has no multipart formatter: this is the raw body + X-Rspamd-* header form mailcow used.
    // mailcow's selection (reference 3.1): rejected mail, and a copy of what goes to Junk.
    'rspamd/local.d/metadata_exporter.conf': `rules { QUARANTINE { backend = "http"; url = "${c.ingestUrl}"; selector = "quarantined";
  formatter = "default"; meta_headers = true; timeout = 5s; } }
custom_select { quarantined = <<EOD
return function(task)
  local action = task:get_metric_action('default')
  return action == 'reject' or action == 'add header' or action == 'rewrite subject'
end
EOD; }
`,
    ...Object.fromEntries(DISABLED_RSPAMD_MODULES.map((m) => [`rspamd/local.d/${m}.conf`, 'enabled = false;\n'])),
  };
}

/** `ENCRYPT()` is libc crypt(), which knows mailcow's {BLF-CRYPT} ($2y$ bcrypt) once the scheme is cut off. */
const matches = (hash: string) => `ENCRYPT('%w', SUBSTRING_INDEX(${hash}, '}', -1)) = SUBSTRING_INDEX(${hash}, '}', -1)`;

/**
 * mailcow's mailcowauth.php (reference 6.2) as one SQL passdb query (Dovecot wants exactly one row, so
 * the hashes are checked inside MariaDB; %s is Dovecot's service, %w the password, both SQL-escaped).
 * Only an active mailbox (active 1, not 2) of an active domain that is not a resource logs in, then:
 * (b) an active app password with `<service>_access = 1`, or else (c) the mailbox password, where
 * attributes.<service>_access allows it (when set) and, as in mailcow, never for a user with an
 * active TFA entry: those users' mail apps need app passwords.
 */
export const PASSDB_QUERY = `SELECT m.username AS user, NULL AS password, 'Y' AS nopassword FROM mailbox m JOIN domain d ON d.domain = m.domain \
WHERE m.username = '%u' AND m.active = '1' AND d.active = '1' AND m.kind NOT REGEXP 'location|thing|group' AND ( \
EXISTS (SELECT 1 FROM app_passwd a WHERE a.mailbox = m.username AND a.active = '1' \
AND (('%s' = 'imap' AND a.imap_access = '1') OR ('%s' = 'smtp' AND a.smtp_access = '1') OR ('%s' = 'pop3' AND a.pop3_access = '1') OR ('%s' = 'sieve' AND a.sieve_access = '1')) \
AND ${matches('a.password')}) \
OR (NOT EXISTS (SELECT 1 FROM tfa t WHERE t.username = m.username AND t.active = '1') \
AND COALESCE(JSON_UNQUOTE(JSON_EXTRACT(m.attributes, CONCAT('$.', '%s', '_access'))), '1') = '1' \
AND ${matches('m.password')}))`;

export function dovecotFiles(c: StackConfig): Record<string, string> {
  const d = `${c.dir}/dovecot`;
  const connect = `host=${c.db.host} port=${c.db.port} dbname=${c.db.name} user=${c.db.user} password=${c.db.password}`;
  return {
    'dovecot/dovecot.conf': `instance_name = cowbell-mailstack
base_dir = ${d}/run
state_dir = ${d}/state
log_path = ${c.dir}/log/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_cache_size = 0
auth_failure_delay = 0
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = 8
first_valid_gid = 8
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
}
passdb {
  driver = sql
  args = ${d}/sql-passdb.conf.ext
}
userdb {
  driver = sql
  args = ${d}/sql-userdb.conf.ext
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${c.ports.imap}
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${c.ports.lmtp}
  }
}
protocol lmtp {
  lmtp_save_to_detail_mailbox = no
}
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
${c.newMail ? mailcowSieve(c, c.newMail) : ''}`,
    'dovecot/sql-passdb.conf.ext': `driver = mysql
connect = ${connect}
password_query = ${PASSDB_QUERY}
`,
    // Mailboxes with active 1 and 2 both receive mail (mailcow semantics).
    'dovecot/sql-userdb.conf.ext': `driver = mysql
connect = ${connect}
user_query = SELECT username AS user, 8 AS uid, 8 AS gid, CONCAT('${c.dir}/vmail/', domain, '/', local_part) AS home FROM mailbox WHERE username = '%u' AND active IN ('1', '2')
iterate_query = SELECT username AS user FROM mailbox WHERE active IN ('1', '2')
`,
  };
}

/**
 * mailcow's own Postfix look-ups (data/Dockerfiles/postfix/postfix.sh), against the stack's database:
 * which domains are ours, which mailboxes exist, and the alias maps, time-limited aliases included.
 */
export const POSTFIX_SQL_MAPS = {
  virtual_domains: `SELECT alias_domain from alias_domain WHERE alias_domain='%s' AND active='1'
  UNION
  SELECT domain FROM domain WHERE domain='%s' AND active = '1' AND backupmx = '0'`,
  virtual_mailbox: `SELECT CONCAT(JSON_UNQUOTE(JSON_VALUE(attributes, '$.mailbox_format')), mailbox_path_prefix, '%d/%u/') FROM mailbox WHERE username='%s' AND (active = '1' OR active = '2')`,
  virtual_alias: `SELECT goto FROM alias WHERE address='%s' AND (active='1' OR active='2')`,
  virtual_spamalias: `SELECT goto FROM spamalias WHERE address='%s' AND (validity >= UNIX_TIMESTAMP() OR permanent != 0)`,
  virtual_alias_domain: `SELECT username FROM mailbox, alias_domain WHERE alias_domain.alias_domain = '%d'
  AND mailbox.username = CONCAT('%u', '@', alias_domain.target_domain) AND (mailbox.active = '1' OR mailbox.active = '2')
  AND alias_domain.active='1'`,
} as const;

export function postfixFiles(c: StackConfig): Record<string, string> {
  const p = `${c.dir}/postfix`;
  const map = (name: keyof typeof POSTFIX_SQL_MAPS) => `mysql:${p}/etc/sql/${name}.cf`;
  const maps = Object.fromEntries(Object.entries(POSTFIX_SQL_MAPS).map(([name, query]) => [`postfix/etc/sql/${name}.cf`,
    `hosts = inet:${c.db.host}:${c.db.port}\nuser = ${c.db.user}\npassword = ${c.db.password}\ndbname = ${c.db.name}\nquery = ${query}\n`]));
  return {
    ...maps,
    'postfix/etc/main.cf': `compatibility_level = 3.6
queue_directory = ${p}/spool
data_directory = ${p}/data
mail_owner = postfix
setgid_group = postdrop
maillog_file_prefixes = ${c.dir}
maillog_file = ${c.dir}/log/postfix.log
myhostname = mx.${c.domain}
mydomain = ${c.domain}
myorigin = $myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
biff = no
alias_maps =
alias_database =
local_recipient_maps =
smtputf8_enable = no
default_transport = error:outbound delivery disabled in tests
relay_transport = error:outbound delivery disabled in tests
smtp_dns_support_level = disabled
lmtp_dns_support_level = disabled
virtual_mailbox_domains = ${map('virtual_domains')}
virtual_mailbox_maps = ${map('virtual_mailbox')}
virtual_alias_maps = ${map('virtual_alias')}, ${map('virtual_spamalias')}, ${map('virtual_alias_domain')}
virtual_transport = lmtp:inet:127.0.0.1:${c.ports.lmtp}
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
smtpd_recipient_restrictions =
milter_protocol = 6
milter_default_action = accept
milter_mail_macros = i {mail_addr} {client_addr} {client_name} {auth_authen}
`,
    // Inbound is scanned by rspamd; the release port (mailcow's 590) is not.
    'postfix/etc/master.cf': `127.0.0.1:${c.ports.smtpIn} inet n - n - - smtpd
  -o syslog_name=postfix/smtpd-in
  -o smtpd_milters=unix:${c.dir}/rspamd/run/milter.sock
127.0.0.1:${c.ports.smtpRelease} inet n - n - - smtpd
  -o syslog_name=postfix/smtpd-release
  -o smtpd_milters=
${['pickup unix n - n 60 1 pickup', 'cleanup unix n - n - 0 cleanup', 'qmgr unix n - n 300 1 qmgr',
    'rewrite unix - - n - - trivial-rewrite', 'bounce unix - - n - 0 bounce', 'defer unix - - n - 0 bounce',
    'trace unix - - n - 0 bounce', 'verify unix - - n - 1 verify', 'flush unix n - n 1000? 0 flush',
    'proxymap unix - - n - - proxymap', 'proxywrite unix - - n - 1 proxymap', 'smtp unix - - n - - smtp',
    'relay unix - - n - - smtp', 'showq unix n - n - - showq', 'error unix - - n - - error', 'retry unix - - n - - error',
    'discard unix - - n - - discard', 'local unix - n n - - local', 'virtual unix - n n - - virtual',
    'lmtp unix - - n - - lmtp', 'anvil unix - - n - 1 anvil', 'scache unix - - n - 1 scache',
    'postlog unix-dgram n - n - 1 postlogd'].join('\n')}
`,
  };
}
