// Every route the app registers, called as each kind of actor, with the status each must get. A route
// added without an entry here fails the first test: who may call it has to be decided, and proven.
// The entries live by feature in route-matrix/; this file joins them and runs them.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { closeImportQueue } from '../../jobs/import-queue.ts';
import { createTestClient, fromSocket, PASSWORD } from '../../test/helpers.ts';
import { ACTORS, ctx, seedMatrixWorld, W, type ActorName, type RouteCase } from '../../test/route-matrix/kit.ts';
import { routes as admin } from '../../test/route-matrix/admin.ts';
import { routes as adminDomains } from '../../test/route-matrix/admin-domains.ts';
import { routes as adminMailboxes } from '../../test/route-matrix/admin-mailboxes.ts';
import { routes as adminAliases } from '../../test/route-matrix/admin-aliases.ts';
import { routes as adminDomainAdmins } from '../../test/route-matrix/admin-domain-admins.ts';
import { routes as adminRateLimits } from '../../test/route-matrix/admin-ratelimits.ts';
import { routes as adminDkim } from '../../test/route-matrix/admin-dkim.ts';
import { routes as adminApiKeys } from '../../test/route-matrix/admin-api-keys.ts';
import { routes as mailboxImport } from '../../test/route-matrix/mailbox-import.ts';
import { routes as aliasApi } from '../../test/route-matrix/alias-api.ts';
import { routes as apiV1 } from '../../test/route-matrix/api-v1.ts';
import { routes as apiDocs } from '../../test/route-matrix/api-docs.ts';
import { routes as aliases } from '../../test/route-matrix/aliases.ts';
import { routes as appPasswords } from '../../test/route-matrix/app-passwords.ts';
import { routes as identities } from '../../test/route-matrix/identities.ts';
import { routes as newMail } from '../../test/route-matrix/new-mail.ts';
import { routes as push } from '../../test/route-matrix/push.ts';
import { routes as pushover } from '../../test/route-matrix/pushover.ts';
import { routes as quarantine } from '../../test/route-matrix/quarantine.ts';
import { newSessionOfA, routes as session } from '../../test/route-matrix/session.ts';
import { routes as settings } from '../../test/route-matrix/settings.ts';
import { routes as tfa } from '../../test/route-matrix/tfa.ts';
import { routes as webauthn } from '../../test/route-matrix/webauthn.ts';

const PARTS = [session, admin, adminDomains, adminMailboxes, adminDomainAdmins, adminRateLimits, adminDkim, adminApiKeys, adminAliases, mailboxImport, quarantine, identities, push, aliasApi, apiV1, apiDocs, aliases, pushover, newMail, appPasswords, tfa, webauthn, settings];
const ROUTES: Record<string, RouteCase> = {};
for (const part of PARTS) {
  for (const [route, spec] of Object.entries(part)) {
    if (route in ROUTES) throw new Error(`${route} is in the matrix twice`);
    ROUTES[route] = spec;
  }
}

// The import routes queue jobs (nothing runs them here): their queue's connection closes with the file.
afterAll(() => closeImportQueue(ctx.deps));

beforeAll(async () => {
  await seedMatrixWorld();
  await newSessionOfA();
});

/** A signed-in client (from an address outside every trusted network), as the app does it. */
async function clientAs(actor: ActorName) {
  const client = createTestClient(ctx, { peer: '192.0.2.10' });
  if (actor === 'anonymous') await client.api.session.$get();
  else {
    const res = await client.signIn(W[actor], PASSWORD);
    expect(res.status).toBe(200);
    expect((await res.json()).session.state).toBe(actor === 'tfaPending' ? 'tfa_pending' : 'active');
  }
  return client;
}

it('has an entry for every route the app registers', () => {
  // The middleware mounts (security headers, body limit, actor; the session and CSRF guard; the
  // Server-Timing header on the time-limited aliases) are not routes; any other entry is, whatever
  // its method, including one added with .all() or .use().
  const MIDDLEWARE = ['ALL /*', 'ALL /api/*', 'ALL /api/aliases/time-limited'];
  const registered = [...new Set(ctx.app.routes.map((r) => `${r.method} ${r.path}`))].filter((r) => !MIDDLEWARE.includes(r));
  expect(registered.filter((r) => !(r in ROUTES))).toEqual([]);
  expect(Object.keys(ROUTES).filter((r) => !registered.includes(r))).toEqual([]);
});

describe.each(Object.entries(ROUTES))('%s', (_route, spec) => {
  it.each(ACTORS)('as %s', async (actor) => {
    const client = await clientAs(actor);
    const params = (await spec.prepare?.()) ?? {};
    onTestFinished(async () => { await spec.cleanup?.(); });
    const { path, init } = spec.request(params);
    const headers = new Headers(init?.headers);
    const csrf = client.jar.get('cowbell_csrf');
    if (csrf) headers.set('x-csrf-token', csrf);
    headers.set('cookie', [...client.jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await ctx.app.request(`http://cowbell.test${path}`, { ...init, headers }, fromSocket('192.0.2.10'));
    const expected = typeof spec.expect === 'number' ? spec.expect : spec.expect[actor];
    expect(res.status, `${actor}: ${await res.clone().text()}`).toBe(expected);
    if (spec.effect) expect(await spec.effect.check(params)).toBe(spec.effect.by.includes(actor));
    if (spec.shows && res.status === 200) expect(spec.shows.check(await res.text(), params), `${actor} sees A's object`).toBe(spec.shows.by.includes(actor));
  });
});
