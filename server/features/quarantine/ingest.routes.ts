import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Deps } from '../../deps.ts';
import type { AppEnv } from '../../lib/auth/middleware.ts';
import { AppError } from '../../lib/errors.ts';
import { carriesProxyHeaders, peerIp } from '../../lib/http.ts';
import { inNetworks, parseNetworks } from '../../lib/networks.ts';
import { parseIngest, readBounded } from './ingest.parse.ts';
import { ingestMessage, type IngestResult } from './ingest.service.ts';
import { quarantineOff, readQuarantineSettings } from './settings.ts';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

// Multipart framing and metadata ride on top of the message itself.
const ENVELOPE_ALLOWANCE = 1024 * 1024;

/**
 * Only rspamd may post: from a trusted network, and with the shared secret when one is configured.
 * The network is the TCP peer's, never a forwarded header (those are anyone's to send). A request
 * that carries proxy headers came through a proxy, whose own address would pass the network check
 * for the whole internet: such requests are refused outright (rspamd talks to Cowbell directly).
 */
function trustedCaller(deps: Deps) {
  const networks = parseNetworks(deps.env.INGEST_ALLOWED_NETWORKS);
  const secret = deps.env.INGEST_SECRET;
  return createMiddleware<AppEnv>(async (c, next) => {
    if (carriesProxyHeaders(c)) throw new AppError('forbidden', 'Quarantine ingest is not accepted through a proxy.');
    if (!inNetworks(peerIp(c), networks)) throw new AppError('forbidden', 'This address may not post to the quarantine.');
    if (secret) {
      const given = c.req.header('x-cowbell-ingest-secret') ?? c.req.query('secret') ?? '';
      // Digests have one length whatever was sent: no length leak, no throw on odd bytes.
      if (!timingSafeEqual(digest(given), digest(secret))) {
        throw new AppError('forbidden', 'Wrong or missing ingest secret.');
      }
    }
    await next();
  });
}

export function ingestRoutes(deps: Deps, onStored: (result: IngestResult) => void = () => {}) {
  const handler = createMiddleware<AppEnv>(async (c) => {
    const settings = await readQuarantineSettings(deps.redis);
    // Said before the body is read: with no size allowed, every message would be "too large".
    if (settings.maxSizeBytes === 0) {
      await c.req.raw.body?.cancel();
      throw quarantineOff('Q_MAX_SIZE');
    }
    const declared = c.req.header('content-length');
    const body = await readBounded(c.req.raw.body, declared ? Number(declared) : null, settings.maxSizeBytes + ENVELOPE_ALLOWANCE);
    const { meta, message } = await parseIngest(c.req.header('content-type') ?? '', body, (n) => c.req.header(n));
    const result = await ingestMessage(deps, meta, message, settings);
    onStored(result);
    return c.json({ stored: result.stored.length }, 200);
  });
  const trusted = trustedCaller(deps);
  return new Hono<AppEnv>()
    .post('/ingest/rspamd', trusted, handler)
    // mailcow's own rspamd config posts to /pipe.php; Cowbell answers there too.
    .post('/pipe.php', trusted, handler);
}
