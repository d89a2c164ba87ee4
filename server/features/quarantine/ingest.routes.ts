import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Deps } from '../../deps.ts';
import type { AppEnv } from '../../lib/auth/middleware.ts';
import { trustedPeer } from '../../lib/trusted-peer.ts';
import { parseIngest, readBounded } from './ingest.parse.ts';
import { ingestMessage, type IngestResult } from './ingest.service.ts';
import { quarantineOff, readQuarantineSettings } from './settings.ts';

// Multipart framing and metadata ride on top of the message itself.
const ENVELOPE_ALLOWANCE = 1024 * 1024;

/** Only rspamd may post: from a trusted network, and with the shared secret when one is configured (lib/trusted-peer.ts). */
const trustedCaller = (deps: Deps) => trustedPeer({ networks: deps.env.INGEST_ALLOWED_NETWORKS, secret: deps.env.INGEST_SECRET,
  secretRequired: false, what: 'quarantine ingest',
  given: (c) => c.req.header('x-cowbell-ingest-secret') ?? c.req.query('secret') ?? '' });

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
