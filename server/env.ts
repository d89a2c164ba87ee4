// The only module that reads process.env: everything else receives a parsed Env.
import { z } from 'zod';
import { parseNetworks, PRIVATE_NETWORKS, type NetworkList } from './lib/networks.ts';
import { parseLocalServices } from './lib/outbound.ts';

const bool = z.enum(['1', '0', 'true', 'false', 'yes', 'no', '']).transform((v) => ['1', 'true', 'yes'].includes(v));
const seconds = z.coerce.number().int().positive();

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().default('127.0.0.1'),
  /** 0: any free port (the start-up line names it). */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  DATABASE_URL: z.string().regex(/^mysql:\/\//, 'must be a mysql:// URL'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL'),
  /** standalone: Cowbell creates mailcow's schema itself. attach: a real mailcow database. */
  COWBELL_DB_MODE: z.enum(['standalone', 'attach']).default('standalone'),
  /** Start even when versions.db_schema names a mailcow schema this Cowbell was not built for. */
  COWBELL_ALLOW_UNKNOWN_SCHEMA: bool.default(false),
  /** mailcow's MASTER: quota is read from quota2 on the master, quota2replica elsewhere. */
  MAILCOW_MASTER: bool.default(true),
  /**
   * Reverse proxies whose X-Real-IP / X-Forwarded-* headers are believed: IPs or CIDRs, comma-separated.
   * "1" is short for loopback and private networks; "0" (default) believes no forwarded header.
   */
  TRUST_PROXY: z.string().default('0').transform((v, ctx) => {
    const value = v.trim().toLowerCase();
    if (['', '0', 'false', 'no'].includes(value)) return [] as NetworkList;
    try {
      return parseNetworks(['1', 'true', 'yes'].includes(value) ? PRIVATE_NETWORKS : value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be 0, 1, or a list of IPs/CIDRs' });
      return z.NEVER;
    }
  }),
  /** Secure cookies: "auto" sets them when PUBLIC_URL is https or the request came over HTTPS. */
  COOKIE_SECURE: z.enum(['auto', 'always', 'never']).default('auto'),
  SESSION_IDLE_SECONDS: seconds.default(30 * 60),
  SESSION_ABSOLUTE_SECONDS: seconds.default(12 * 60 * 60),
  SIGNIN_MAX_FAILURES_PER_ACCOUNT: seconds.default(5),
  SIGNIN_MAX_FAILURES_PER_IP: seconds.default(20),
  SIGNIN_LOCK_SECONDS: seconds.default(15 * 60),
  /**
   * Requests one password-manager token may make per minute (aliases created or listed). Unknown
   * tokens count against the caller's IP like failed sign-ins (SIGNIN_MAX_FAILURES_PER_IP, SIGNIN_LOCK_SECONDS).
   */
  ALIAS_TOKEN_MAX_PER_MINUTE: seconds.default(30),
  /**
   * Failed X-API-Key checks on /api/v1 from one client address (an IPv6 /64) before further failures
   * there are answered 429 for SIGNIN_LOCK_SECONDS. A right key is never refused by this.
   */
  API_KEY_MAX_FAILURES_PER_IP: seconds.default(20),
  /** Where the built client lives (vite build output). */
  STATIC_DIR: z.string().default('dist'),
  HASH_THREADS: z.coerce.number().int().min(1).max(64).default(2),
  /** bcrypt cost of the hashes Cowbell writes (mailcow writes 10). Tests use 4, bcrypt's minimum. */
  PASSWORD_HASH_COST: z.coerce.number().int().min(4).max(31).default(10),
  /** Who may post quarantined mail (rspamd's metadata exporter): comma-separated IPs/CIDRs. */
  INGEST_ALLOWED_NETWORKS: z.string().default('127.0.0.0/8,::1/128'),
  /** Where released mail is re-injected: mailcow's milter-less smtpd (postfix-mailcow:590). */
  RELEASE_SMTP_HOST: z.string().default('127.0.0.1'),
  RELEASE_SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(590),
  /** rspamd's controller, for learning: http://host:11334 or unix:/var/lib/rspamd/rspamd.sock. */
  RSPAMD_CONTROLLER_URL: z.string().default('http://127.0.0.1:11334'),
  RSPAMD_CONTROLLER_PASSWORD: z.string().optional(),
  /**
   * The path Cowbell is served under, e.g. /cowbell/ on mailcow's own host name (so security keys
   * registered in mailcow's UI work here: WebAuthn binds them to the host name). Cowbell then answers
   * only below it, with the path passed through by the proxy (not stripped). Written with or without
   * the slashes; kept as "/cowbell/".
   */
  BASE_PATH: z.string().trim().default('/').transform((v) => `/${v.split('/').filter(Boolean).join('/')}/`.replace(/^\/\/$/, '/'))
    .refine((v) => /^\/(?:[A-Za-z0-9._~-]+\/)*$/.test(v) && !/\/\.{1,2}\//.test(v), 'must be a path like /cowbell/ (letters, digits, . _ ~ -)'),
  /**
   * Public URL of Cowbell (for links in digest mails and push notifications): its origin, or the
   * origin with BASE_PATH.
   */
  PUBLIC_URL: z.string().url().default('http://127.0.0.1:8080'),
  /** VAPID subject (mailto: or https:), sent to push services; defaults to PUBLIC_URL. */
  PUSH_SUBJECT: z.string().regex(/^(mailto:|https:)/, 'must start with mailto: or https:').optional(),
  /**
   * Push services on this host or network that may be reached over http and on private addresses
   * (test stand-ins): comma-separated origins, "http://127.0.0.1" (any port) or "http://127.0.0.1:44101".
   * Every other push endpoint must be https on a public address.
   */
  PUSH_LOCAL_SERVICES: z.string().default('').transform((v, ctx) => {
    try {
      return parseLocalServices(v);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list of origins like http://127.0.0.1:44101' });
      return z.NEVER;
    }
  }),
  /** Quarantine digest mails: "auto" sends them in standalone mode only (in attach mode mailcow's dovecot does). */
  QUARANTINE_DIGEST: z.enum(['auto', 'on', 'off']).default('auto'),
  /** How often Cowbell looks for quarantine rows mailcow wrote itself (attach mode), in ms. */
  QUARANTINE_SYNC_MS: z.coerce.number().int().min(0).default(2000),
  /**
   * SOGo's memcached as host:port (beside mailcow: memcached:11211). After changing what SOGo reads
   * (its user view, a user's profile) Cowbell empties it as mailcow does; unset, nothing is sent and
   * SOGo sees the change once its cache expires (SOGoCacheCleanupInterval, 300 s by default).
   */
  SOGO_MEMCACHED: z.string().trim().optional().transform((v, ctx) => {
    if (!v) return undefined;
    const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:[\]]+)):(\d{1,5})$/.exec(v);
    const port = Number(m?.[3]);
    if (!m || port < 1 || port > 65535) {
      ctx.addIssue({ code: 'custom', message: 'must be host:port, e.g. memcached:11211' });
      return z.NEVER;
    }
    return { host: m[1] ?? m[2], port };
  }),
  /**
   * Pushover's API, for "Verify credentials" (mailcow calls https://api.pushover.net). Set by the
   * operator, never by a user, so it is not held to the public-address rule of push endpoints.
   */
  PUSHOVER_API_URL: z.string().url().default('https://api.pushover.net').transform((v) => v.replace(/\/+$/, '')),
  /** How long a Pushover request may take before it is given up, in ms. */
  PUSHOVER_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /**
   * How long a proof of identity (the password, a second factor, a passkey) stays fresh: creating an
   * app password or a password-manager token, or changing factors, asks again once it is older.
   */
  STEP_UP_MINUTES: z.coerce.number().positive().max(24 * 60).default(5),
  /**
   * WebAuthn relying-party id. Unset: the host name of the request, when it is one of the allowed
   * origins' hosts. mailcow uses its own host name, so keys registered there work here only with the
   * same id (serve Cowbell under a path of mailcow's host, or set this to mailcow's host name).
   */
  WEBAUTHN_RP_ID: z.string().trim().toLowerCase().regex(/^[a-z0-9.-]+$/, 'must be a host name').optional(),
  /** Origins a WebAuthn ceremony may come from, comma-separated; unset: PUBLIC_URL's origin. */
  WEBAUTHN_ORIGINS: z.string().default('').transform((v, ctx) => {
    const list = v.split(',').map((s) => s.trim()).filter(Boolean);
    for (const o of list) {
      let ok = false;
      try { ok = new URL(o).origin === o; } catch { /* reported below */ }
      if (!ok) { ctx.addIssue({ code: 'custom', message: `${o} is not an origin (scheme://host[:port], no path)` }); return z.NEVER; }
    }
    return list;
  }),
  /**
   * Yubico OTP validation server (protocol 2.0) for YubiKey second factors; mailcow uses YubiCloud.
   * Each key's row carries its own client id and API key (tfa.secret).
   */
  YUBICO_API_URL: z.string().url().default('https://api.yubico.com/wsapi/2.0/verify'),
  /** How long a Yubico validation request may take before it is given up, in ms. */
  YUBICO_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Issuer named in authenticator apps for new TOTP factors (mailcow's $OTP_LABEL). */
  TOTP_ISSUER: z.string().trim().min(1).max(100).default('mailcow UI'),
  /** Optional shared secret for ingest: header X-Cowbell-Ingest-Secret or query ?secret=. */
  INGEST_SECRET: z.string().min(16, 'use at least 16 characters').optional(),
  /**
   * The secret Dovecot's Lua script sends with each new-mail event (Authorization: Bearer, its
   * cowbell_push_secret). Unset: /ingest/dovecot refuses every event. From INGEST_ALLOWED_NETWORKS only.
   */
  NEW_MAIL_SECRET: z.string().min(16, 'use at least 16 characters').optional(),
  /**
   * Where a tap on a new-mail notification opens the message: the webmail's URL with {user},
   * {folder} and {uid} (SOGo on mailcow: see README). Unset: the tap opens Cowbell.
   */
  WEBMAIL_URL_TEMPLATE: z.string().trim().optional().transform((v) => v || undefined)
    .refine((v) => v === undefined || /^https?:\/\/[^/]/.test(v), 'must be an http(s) URL, e.g. https://mail.example.org/SOGo/so/{user}/Mail/view'),
}).superRefine((env, ctx) => {
  const publicPath = new URL(env.PUBLIC_URL).pathname.replace(/\/?$/, '/');
  if (publicPath !== '/' && publicPath !== env.BASE_PATH) {
    ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: `has the path ${publicPath}, but BASE_PATH is ${env.BASE_PATH}: set BASE_PATH=${publicPath}` });
  }
  // Behind a proxy every request's TCP peer is the proxy, so the network check alone would let the
  // whole internet post quarantine items through it: ingest then needs its secret as well.
  if (env.TRUST_PROXY.length > 0 && env.INGEST_ALLOWED_NETWORKS.trim() !== '' && !env.INGEST_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['INGEST_SECRET'],
      message: 'is required when TRUST_PROXY is set (or set INGEST_ALLOWED_NETWORKS= to switch ingest off)' });
  }
});

export type Env = z.infer<typeof envSchema>;

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
