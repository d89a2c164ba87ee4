// Test harness: real MariaDB and Redis, a movable clock, unique data per test, and a typed client
// that keeps cookies and echoes the CSRF token like the browser app does.
import { randomBytes } from 'node:crypto';
import { hc } from 'hono/client';
import { afterAll } from 'vitest';
import { createApp, type AppType } from '../app.ts';
import { createDeps, type OwnedDeps } from '../deps.ts';
import { loadEnv, type Env } from '../env.ts';
import { insertAdmin, insertDomain, insertDomainAdmin, insertMailbox } from '../lib/mailcow/provision.ts';

export const PASSWORD = 'Correct-Horse-9';

export interface TestContext {
  deps: OwnedDeps;
  app: ReturnType<typeof createApp>;
  clock: { now: number; advance(ms: number): void };
}

/** bcrypt at its cheapest: the real cost (10) is measured by `npm run bench`, not paid by every test. */
export function testEnv(overrides: Record<string, string> = {}): Env {
  // Failed /api/v1 keys come from 127.0.0.1 in most tests: unthrottled unless a test asks for a limit.
  return loadEnv({ ...process.env, NODE_ENV: 'test', HASH_THREADS: '1', PASSWORD_HASH_COST: '4', API_KEY_MAX_FAILURES_PER_IP: '1000000', ...overrides });
}

/** One app per test file; closed after the file. */
/**
 * `redisDb` gives a file its own Redis database, for tests that change mailcow's global keys (Q_*).
 */
export function useTestApp(overrides: Record<string, string> = {}, redisDb?: number): TestContext {
  if (redisDb !== undefined) {
    const url = new URL(process.env.REDIS_URL!);
    url.pathname = `/${redisDb}`;
    overrides = { ...overrides, REDIS_URL: url.toString() };
  }
  const clock = { now: Date.now(), advance(ms: number) { clock.now += ms; } };
  const deps = createDeps(testEnv(overrides), { now: () => clock.now });
  const ctx: TestContext = { deps, app: createApp(deps), clock };
  afterAll(() => deps.close());
  return ctx;
}

export const uid = () => randomBytes(5).toString('hex');

/** Bindings as @hono/node-server passes them: the TCP peer's address (third argument of app.request). */
export const fromSocket = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } }) as never;

// Every seeded account has PASSWORD, so one hash per app (per test file) serves them all.
const passwordHashes = new WeakMap<OwnedDeps, Promise<string>>();
function passwordHash(deps: OwnedDeps): Promise<string> {
  let hash = passwordHashes.get(deps);
  if (!hash) passwordHashes.set(deps, hash = deps.hasher.hash(PASSWORD));
  return hash;
}

/** A fresh domain with one mailbox user, one admin and one domain admin, all with PASSWORD. */
export async function seedWorld(ctx: TestContext, opts: { mailboxActive?: 0 | 1 | 2; domainActive?: number } = {}) {
  const id = uid();
  const domainName = `d${id}.test`;
  const hash = await passwordHash(ctx.deps);
  await insertDomain(ctx.deps.db, domainName, { active: opts.domainActive ?? 1, redis: ctx.deps.redis });
  const user = await insertMailbox(ctx.deps.db, { localPart: 'alice', domain: domainName, passwordHash: hash, active: opts.mailboxActive ?? 1 });
  const adminName = `admin${id}`;
  await insertAdmin(ctx.deps.db, adminName, hash);
  const domainAdmin = `da${id}`;
  await insertDomainAdmin(ctx.deps.db, domainAdmin, hash, [domainName]);
  return { domain: domainName, user, admin: adminName, domainAdmin, hash };
}

export interface ClientOptions {
  /** Sent as X-Real-IP: believed only when the app trusts the peer (TRUST_PROXY). */
  ip?: string;
  /** The TCP peer the app sees (in-process clients only; see createTestClient). */
  peer?: string;
  /** Leave out the CSRF header, to prove the guard. */
  omitCsrf?: boolean;
  /** Cookies to start from: a jar shared by two clients is one browser talking to two servers. */
  jar?: Map<string, string>;
  /** Where the app is (in-process clients): "http://localhost/cowbell" for an app under BASE_PATH. */
  at?: string;
}

type Send = (url: string, init: RequestInit) => Response | Promise<Response>;

function cookieClient(send: Send, base: string, opts: ClientOptions) {
  const jar = opts.jar ?? new Map<string, string>();
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    if (jar.size > 0) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const csrf = jar.get('cowbell_csrf') ?? jar.get('__Host-cowbell_csrf') ?? jar.get('__Secure-cowbell_csrf');
    if (csrf && !opts.omitCsrf && !headers.has('x-csrf-token')) headers.set('x-csrf-token', csrf);
    if (opts.ip) headers.set('x-real-ip', opts.ip);
    const res = await send(input instanceof Request ? input.url : String(input), { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const [name, ...value] = pair.split('=');
      if (attrs.some((a) => /max-age=0/i.test(a.trim()))) jar.delete(name.trim());
      else jar.set(name.trim(), value.join('='));
    }
    return res;
  };
  const api = hc<AppType>(`${base}/api`, { fetch });
  return {
    api,
    jar,
    /** GET /api/session first, as the app does, to receive the CSRF cookie. */
    async signIn(username: string, password = PASSWORD) {
      await api.session.$get();
      return api.session.$post({ json: { username, password } });
    },
  };
}

/** A private address per client, so failed sign-ins of one test never count against another's IP. */
const peerIp = () => `10.${randomBytes(3).join('.')}`;

/**
 * An in-process client. Its TCP peer is its own private address, or 127.0.0.1 (the proxy) when it
 * sends X-Real-IP, so tests that trust a loopback proxy see the address they asked for.
 */
export function createTestClient(ctx: TestContext, opts: ClientOptions = {}) {
  const peer = fromSocket(opts.peer ?? (opts.ip ? '127.0.0.1' : peerIp()));
  return cookieClient((url, init) => ctx.app.request(url, init, peer), opts.at ?? 'http://localhost', opts);
}

/** The same typed client against a Cowbell running at `origin`, over real HTTP. */
export function createHttpClient(origin: string, opts: ClientOptions = {}) {
  return cookieClient((url, init) => fetch(url, init), origin, opts);
}

/** An in-process client signed in as `username`; a refused sign-in fails the test here. */
export async function signedInClient(ctx: TestContext, username: string) {
  const client = createTestClient(ctx);
  const res = await client.signIn(username);
  if (res.status !== 200) throw new Error(`sign-in as ${username} answered ${res.status}`);
  return client;
}
export type SignedInClient = Awaited<ReturnType<typeof signedInClient>>;
