import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { timing } from 'hono/timing';
import { passwordChangeGuard } from './lib/auth/password-change-guard.ts';
import { tfaEnrolmentGuard } from './lib/auth/tfa-enrolment-guard.ts';
import { createSessionStore } from './lib/auth/session-store.ts';
import { csrfGuard, loadSession, type AppEnv } from './lib/auth/middleware.ts';
import { anonymousActor } from './lib/authz/actor.ts';
import { compressJson } from './lib/compression.ts';
import { onlyBelowBase, pathBelowBase } from './lib/base-path.ts';
import { AppError, handleError } from './lib/errors.ts';
import { clientIp } from './lib/http.ts';
import { securityHeaders } from './lib/security-headers.ts';
import { staticClient } from './lib/static-files.ts';
import type { Deps } from './deps.ts';
import { accountSecurityRoutes } from './features/account-security/account-security.routes.ts';
import { signInsRoutes } from './features/sign-ins/sign-ins.routes.ts';
import { IMPORT_PATHS, mailboxImportRoutes } from './features/mailbox-import/import.routes.ts';
import { directoryRoutes } from './features/admin-directory/directory.routes.ts';
import { domainRoutes } from './features/admin-domains/domains.routes.ts';
import { dkimRoutes } from './features/admin-dkim/dkim.routes.ts';
import { rateLimitRoutes } from './features/admin-ratelimits/ratelimits.routes.ts';
import { adminAliasRoutes } from './features/admin-aliases/admin-aliases.routes.ts';
import { domainAdminRoutes } from './features/admin-domain-admins/domain-admins.routes.ts';
import { apiKeyRoutes } from './features/admin-api-keys/api-keys.routes.ts';
import { adminLogRoutes } from './features/admin-logs/admin-logs.routes.ts';
import { aliasRoutes } from './features/aliases/aliases.routes.ts';
import { aliasReminderRoutes } from './features/alias-reminders/alias-reminders.routes.ts';
import { overviewRoutes } from './features/admin-overview/overview.routes.ts';
import { appPath, passwordManagerRoutes } from './features/alias-api/alias-api.routes.ts';
import { apiV1Routes } from './features/api-v1/v1.routes.ts';
import { apiDocsRoutes } from './features/api-docs/api-docs.routes.ts';
import { aliasTokenRoutes } from './features/alias-api/alias-tokens.routes.ts';
import { appPasswordRoutes } from './features/app-passwords/app-passwords.routes.ts';
import { mailboxRoutes } from './features/admin-mailboxes/mailboxes.routes.ts';
import { senderAclRoutes } from './features/admin-sender-acl/sender-acl.routes.ts';
import { homeRoutes } from './features/home/home.routes.ts';
import { identitiesRoutes } from './features/identities/identities.routes.ts';
import { ingestRoutes } from './features/quarantine/ingest.routes.ts';
import { newMailIngestRoutes } from './features/new-mail-push/ingest.routes.ts';
import type { QueueSends } from './features/new-mail-push/ingest.service.ts';
import { newMailRoutes } from './features/new-mail-push/new-mail.routes.ts';
import { deliver } from './features/push/deliver.ts';
import { createIndexSyncer, type IndexSyncer } from './features/quarantine/quarantine-index.ts';
import { pushActionRoutes } from './features/push/push-actions.routes.ts';
import { pushRoutes } from './features/push/push.routes.ts';
import { pushoverRoutes } from './features/pushover/pushover.routes.ts';
import { quarantineRoutes } from './features/quarantine/quarantine.routes.ts';
import { qhandlerRoutes } from './features/quarantine/qhandler.routes.ts';
import { notifySettingsRoutes } from './features/quarantine-settings/notify-settings.routes.ts';
import { adminQuarantineSettingsRoutes } from './features/admin-quarantine-settings/quarantine-settings.routes.ts';
import { adminAnnouncementRoutes, announcementRoutes } from './features/announcements/announcement.routes.ts';
import { sessionRoutes } from './features/session/session.routes.ts';
import { factorRoutes, secondFactorRoutes } from './features/tfa/tfa.routes.ts';
import { sessionStillValid } from './features/session/session.service.ts';
import { createSigninLimiter } from './features/session/signin-limiter.ts';
import { webauthnAccountRoutes } from './features/webauthn/webauthn-account.routes.ts';
import { webauthnSessionRoutes } from './features/webauthn/webauthn-session.routes.ts';

export interface AppOptions {
  /** Serve the built client from this folder (production); tests and the dev server leave it out. */
  staticDir?: string;
  /** Told which mailboxes got new quarantine items (web push hangs off this). */
  onQuarantined?: (rcpts: string[]) => void;
  /** The quarantine index sync, shared with the server's background loop. */
  syncer?: IndexSyncer;
  /**
   * Queues pushes for delivery with retries (the push queue's queueSends). Without it (tests), each
   * is delivered at once, before the request is answered.
   */
  queueSends?: QueueSends;
}

/** Every JSON body Cowbell takes is small; a route that needs more says so (ingest reads its own, bounded). */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

export const tooLarge = (): never => {
  throw new AppError('payload_too_large', 'The request body is too large.');
};

function apiRoutes(deps: Deps, syncer: IndexSyncer, app: () => Hono<never>) {
  const sessions = createSessionStore(deps.redis, {
    idleMs: deps.env.SESSION_IDLE_SECONDS * 1000,
    absoluteMs: deps.env.SESSION_ABSOLUTE_SECONDS * 1000,
  }, deps.now);
  const limiter = createSigninLimiter(deps.redis, {
    maxPerAccount: deps.env.SIGNIN_MAX_FAILURES_PER_ACCOUNT,
    maxPerIp: deps.env.SIGNIN_MAX_FAILURES_PER_IP,
    lockSeconds: deps.env.SIGNIN_LOCK_SECONDS,
  });
  return new Hono<AppEnv>()
    .use(loadSession(deps, sessions, (s) => sessionStillValid(deps, s)))
    .use(csrfGuard(deps))
    .use(passwordChangeGuard)
    .use(tfaEnrolmentGuard)
    .get('/health', (c) => c.json({ status: 'ok' as const }, 200))
    .route('/', apiDocsRoutes(deps, app))
    .route('/session', sessionRoutes({ ...deps, sessions, limiter }))
    .route('/session', secondFactorRoutes({ ...deps, sessions, limiter }))
    .route('/session', webauthnSessionRoutes({ ...deps, sessions, limiter }))
    .route('/account', accountSecurityRoutes({ ...deps, sessions, limiter }))
    .route('/account', factorRoutes({ ...deps, sessions }))
    .route('/account', webauthnAccountRoutes({ ...deps, sessions, limiter }))
    .route('/account/sign-ins', signInsRoutes(deps))
    .route('/me', homeRoutes(deps))
    .route('/admin/overview', overviewRoutes(deps))
    .route('/admin', directoryRoutes(deps))
    .route('/admin', domainRoutes(deps))
    .route('/admin', adminAliasRoutes(deps))
    .route('/admin', senderAclRoutes(deps))
    .route('/admin', mailboxRoutes(deps))
    .route('/admin', domainAdminRoutes({ ...deps, sessions }))
    .route('/admin', rateLimitRoutes(deps))
    .route('/admin', dkimRoutes(deps))
    .route('/admin', apiKeyRoutes(deps))
    .route('/admin/logs', adminLogRoutes(deps))
    .route('/quarantine', quarantineRoutes(deps, syncer))
    .route('/push', pushRoutes(deps))
    .route('/alias-tokens', aliasTokenRoutes(deps))
    .route('/app-passwords', appPasswordRoutes(deps))
    .route('/admin/mailbox-import', mailboxImportRoutes(deps))
    .route('/qhandler', qhandlerRoutes(deps))
    .route('/quarantine-settings', notifySettingsRoutes(deps))
    .route('/aliases', aliasRoutes(deps))
    .route('/alias-reminders', aliasReminderRoutes(deps))
    .route('/identities', identitiesRoutes(deps))
    .route('/pushover', pushoverRoutes(deps))
    .route('/new-mail', newMailRoutes(deps))
    .route('/admin/quarantine-settings', adminQuarantineSettingsRoutes(deps))
    .route('/admin/announcement', adminAnnouncementRoutes(deps))
    .route('/announcement', announcementRoutes(deps));
}

export type AppType = ReturnType<typeof apiRoutes>;

/** Paths that read their body themselves, under their own limit. */
const OWN_BODY_LIMIT = new Set(['/ingest/rspamd', '/pipe.php', ...IMPORT_PATHS]);
const BODYLESS = new Set(['GET', 'HEAD']);

export function createApp(deps: Deps, options: AppOptions = {}) {
  const base = deps.env.BASE_PATH;
  // Under BASE_PATH every route below is matched against the path below it (lib/base-path.ts).
  const app = new Hono<AppEnv>({ getPath: (request) => appPath(pathBelowBase(base, request)) });
  app.onError(handleError);
  if (base !== '/') app.use('*', onlyBelowBase(base));
  app.use('*', securityHeaders(deps.env));
  // Everyone starts as nobody from somewhere; the session middleware under /api may say who.
  app.use('*', async (c, next) => { c.set('actor', anonymousActor(clientIp(c, deps.env))); await next(); });
  const limit = bodyLimit({ maxSize: DEFAULT_BODY_LIMIT, onError: tooLarge });
  // GET and HEAD come without a body (the Node adapter never reads one); asking would build a whole Request.
  app.use('*', async (c, next) => (OWN_BODY_LIMIT.has(c.req.path) || BODYLESS.has(c.req.method) ? next() : limit(c, next)));
  const notify = options.onQuarantined ?? (() => {});
  const syncer = options.syncer ?? createIndexSyncer(deps.db, deps.redis, deps.env.QUARANTINE_SYNC_MS, (rows) => notify(rows.map((r) => r.rcpt)));
  // The server's own time for listing and making time-limited aliases, as Server-Timing (the bench
  // reads it next to the browser's view of the request). Only on this path, the signed-in user's own
  // aliases: on sign-in or token look-ups it would hand out timings free of network noise.
  app.use('/api/aliases/time-limited', timing({ totalDescription: 'Cowbell' }));
  app.use('/api/*', compressJson());
  // Password managers (SimpleLogin's and addy.io's alias APIs): before /api's session and CSRF guard,
  // which they never pass through; a token is their only credential.
  app.route('/', passwordManagerRoutes(deps));
  // mailcow's /api/v1 for existing scripts: an API key is the credential, never a session cookie,
  // so it too comes before /api's session and CSRF guard (addy.io's /api/v1/aliases stays above).
  app.route('/', apiV1Routes(deps));
  app.route('/api', apiRoutes(deps, syncer, () => app as never));
  // Machine-to-machine: rspamd posts here (no session, no CSRF; trusted networks and a secret instead).
  app.route('/', ingestRoutes(deps, (result) => notify(result.stored.map((s) => s.rcpt))));
  // Dovecot posts new-mail events here (trusted networks and a required secret).
  const queueSends: QueueSends = options.queueSends ?? (async (sends) => {
    await Promise.all(sends.map((s) => deliver(deps, s.data.subscriptionId, s.data.payload, s.data.delivery).catch(() => undefined)));
  });
  app.route('/', newMailIngestRoutes(deps, queueSends));
  // Notification buttons, called by the service worker with a single-use token.
  app.route('/', pushActionRoutes(deps));
  app.all('/api/*', () => { throw new AppError('not_found', 'No such API route.'); });
  if (options.staticDir) app.route('/', staticClient(options.staticDir, base));
  return app;
}
