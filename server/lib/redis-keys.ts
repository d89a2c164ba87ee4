// Every Redis key Cowbell touches. Cowbell's own keys carry the `cowbell:` prefix; mailcow's keys are
// used verbatim (reference section 12) so both read the same data.
export const keys = {
  session: (idHash: string) => `cowbell:session:${idHash}`,
  /** Set of the session hashes of one account (stored username). */
  accountSessions: (username: string) => `cowbell:account-sessions:${username}`,
  /** Hash of one mailbox: client IP → the device its last web sign-in came from (recent sign-ins). */
  signinDevices: (username: string) => `cowbell:signin-devices:${username}`,
  /** A CSV mailbox import: its uploaded file (until the job took it), its owner and progress, its result. */
  importFile: (id: string) => `cowbell:import:${id}:file`,
  importStatus: (id: string) => `cowbell:import:${id}:status`,
  importResult: (id: string) => `cowbell:import:${id}:result`,
  /** Failed sign-ins of one account: its stored username, or the collation key of a name with no account. */
  signinFailuresAccount: (accountKey: string) => `cowbell:signin-fail:account:${accountKey}`,
  signinFailuresIp: (ip: string) => `cowbell:signin-fail:ip:${ip}`,
  /** Unknown password-manager tokens sent from one client address (its rate-limit key). */
  aliasTokenFailuresIp: (ip: string) => `cowbell:alias-token-fail:ip:${ip}`,
  /** Failed X-API-Key checks on /api/v1 from one client address (its rate-limit key). */
  apiKeyFailuresIp: (ip: string) => `cowbell:api-key-fail:ip:${ip}`,
  /** Requests made with one password-manager token in the current minute. */
  aliasTokenUses: (tokenId: number) => `cowbell:alias-token-uses:${tokenId}`,
  /** Set when a TOTP code of this secret (a short hash of it) and time step was taken: the same code is not taken twice. */
  totpUsed: (username: string, secretTag: string, step: number) => `cowbell:totp-used:${username}:${secretTag}:${step}`,
  /** A TOTP secret offered for enrolment to one session (SHA-256 of its id), until confirmed with a code. */
  totpSetup: (sessionHash: string) => `cowbell:totp-setup:${sessionHash}`,
  pushActionToken: (tokenHash: string) => `cowbell:push-token:${tokenHash}`,
  /** Held while a notification button's action runs, so one token never runs twice at once. */
  pushActionLock: (tokenHash: string) => `cowbell:push-token-lock:${tokenHash}`,
  /** Set while a mailbox's notification went out recently: what follows is coalesced (server/jobs/push-queue.ts). */
  pushRecentlyNotified: (rcpt: string) => `cowbell:push-recent:${rcpt}`,
  /** New-mail events Dovecot sent that pushed nothing before the rules: a hash of reason → count (never per address). */
  newMailDropped: 'cowbell:new-mail:dropped',
  /** Set once per delivered message (folder, uidvalidity, uid), so an event Dovecot repeats pushes once. */
  newMailSeen: (username: string, messageKey: string) => `cowbell:new-mail:seen:${username}:${messageKey}`,
  /** Sorted set of the instants (ms) of a user's recent new-mail pushes: the per-user cap's window. */
  newMailPushes: (username: string) => `cowbell:new-mail:pushes:${username}`,
  /** The hash of the token behind the Mute button of the new-mail notification a device shows now (one per device). */
  newMailMuteSlot: (subscriptionId: number) => `cowbell:new-mail:mute-slot:${subscriptionId}`,
  /** The burst a user's next new-mail notification sums up: count and latest sender/subject, expiring after a quiet spell. */
  newMailBurst: (username: string) => `cowbell:new-mail:burst:${username}`,
  /** Digest-link look-ups per client address, for throttling. */
  qhandlerLookups: (ip: string) => `cowbell:qhandler:${ip}`,
  /** Held by the one process doing a quarantine index sync round (server/lib/redis-lock.ts). */
  quarantineSyncLock: 'cowbell:lock:quarantine-sync',
  /** Where the sync's walk over the index for rows mailcow deleted goes on (an index id; 0: start). */
  quarantineSyncDeletionCursor: 'cowbell:quarantine-sync:deletion-cursor',
  /** The announcement version last seen by the push chore ('off' when none is shown). */
  announcementSeen: 'cowbell:announcement:seen',
  /** Held while one process sends a mailbox's quarantine digest. */
  digestLock: (rcpt: string) => `cowbell:lock:digest:${rcpt}`,
  /** The one open WebAuthn challenge of a ceremony (purpose) for one holder (a hashed session or CSRF token). */
  webauthnChallenge: (purpose: string, holderHash: string) => `cowbell:webauthn-challenge:${purpose}:${holderHash}`,
} as const;

/** mailcow's own keys and channels (reference sections 3.3 and 12). */
export const mailcowKeys = {
  /** Failed UI logins for netfilter (fail2ban-like bans). */
  f2bChannel: 'F2B_CHANNEL',
  /** Hash: every domain and alias domain → 1. */
  domainMap: 'DOMAIN_MAP',
  quarantineMaxSize: 'Q_MAX_SIZE',
  quarantineRetention: 'Q_RETENTION_SIZE',
  /** Days a quarantined row is kept (mailcow's php-fpm sets 365 when unset). */
  quarantineMaxAge: 'Q_MAX_AGE',
  quarantineExcludeDomains: 'Q_EXCLUDE_DOMAINS',
  quarantineReleaseFormat: 'Q_RELEASE_FORMAT',
  quarantineMaxScore: 'Q_MAX_SCORE',
  quarantineSender: 'Q_SENDER',
  quarantineSubject: 'Q_SUBJ',
  quarantineBcc: 'Q_BCC',
  quarantineRedirect: 'Q_REDIRECT',
  /** The digest's Jinja2 template; unset or empty: mailcow's quarantine.tpl. */
  quarantineHtml: 'Q_HTML',
  /** The announcement shown on the sign-in screen and to everyone signed in (reference 10.4), and the other UI texts set with it. */
  announcementText: 'UI_ANNOUNCEMENT_TEXT',
  announcementType: 'UI_ANNOUNCEMENT_TYPE',
  announcementActive: 'UI_ANNOUNCEMENT_ACTIVE',
  titleName: 'TITLE_NAME',
  mainName: 'MAIN_NAME',
  appsName: 'APPS_NAME',
  helpText: 'HELP_TEXT',
  uiFooter: 'UI_FOOTER',
  /** Hash: mailbox → UNIX time of the last digest sent. */
  quarantineLastNotified: 'Q_LAST_NOTIFIED',
  /** Hash: length, chars, special_chars, lowerupper, numbers (password_complexity). */
  passwordPolicy: 'PASSWD_POLICY',
  /** Hash: mailbox or domain → rate limit ("10 / 1h"), mailcow's ratelimit(); a deleted mailbox's entry goes with it. */
  rateLimits: 'RL_VALUE',
  /** Hash: IP → 2-letter country code, mailcow's cache for its last-login list. */
  ipCountry: 'IP_SHORTCOUNTRY',
} as const;
