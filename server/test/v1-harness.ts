// Test support for /api/v1: make keys of both kinds and call the API the way a script does, from a
// TCP peer of the test's choosing (mailcow's allow_from is checked against it).
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { admin, api } from '../../db/schema/access.ts';
import { cowbellApiKeys } from '../../db/schema/cowbell.ts';
import { fromSocket, type TestContext } from './helpers.ts';
import { hashApiKey, SCOPED_KEY_PREFIX } from '../features/api-v1/key-auth.ts';

/** mailcow's key format: five groups of six upper-case hex digits. */
export const mailcowKeyValue = () => Array.from({ length: 5 }, () => randomBytes(3).toString('hex').toUpperCase()).join('-');

export async function makeMailcowKey(ctx: TestContext, opts: { access?: 'ro' | 'rw'; allowFrom?: string; skipIpCheck?: boolean; active?: boolean } = {}) {
  const key = mailcowKeyValue();
  await ctx.deps.db.insert(api).values({
    apiKey: key, allowFrom: opts.allowFrom ?? '127.0.0.1', skipIpCheck: opts.skipIpCheck ? 1 : 0,
    access: opts.access ?? 'rw', active: opts.active === false ? 0 : 1,
  });
  return key;
}

export async function makeScopedKey(ctx: TestContext, username: string, opts: { access?: 'ro' | 'rw'; allowFrom?: string; expiresAt?: string | null; active?: boolean } = {}) {
  const key = `${SCOPED_KEY_PREFIX}${randomBytes(24).toString('hex')}`;
  const [owner] = await ctx.deps.db.select({ created: admin.created }).from(admin).where(eq(admin.username, username));
  const [row] = await ctx.deps.db.insert(cowbellApiKeys).values({
    username, ownerCreated: owner?.created ?? null, name: 'test', keyHash: hashApiKey(key), keyPrefix: key.slice(0, 14), access: opts.access ?? 'rw',
    allowFrom: opts.allowFrom ?? '', expiresAt: opts.expiresAt ?? null, active: opts.active === false ? 0 : 1,
  }).$returningId();
  return { key, id: row.id };
}

/** One call to /api/v1 as curl would make it. */
export function v1(ctx: TestContext, key: string | null, opts: { peer?: string; headers?: Record<string, string> } = {}) {
  const call = (method: string, path: string, body?: unknown, contentType = 'application/json') => ctx.app.request(`/api/v1/${path}`, {
    method,
    headers: { ...(key !== null ? { 'X-API-Key': key } : {}), ...(body !== undefined ? { 'content-type': contentType } : {}), ...opts.headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  }, fromSocket(opts.peer ?? '127.0.0.1'));
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body),
    form: (path: string, fields: Record<string, string>) => call('POST', path, new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded'),
    call,
  };
}
