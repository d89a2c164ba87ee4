// mailcow's dkim(): details and a new key in the actor's domains (hasDomainAccess); import,
// duplicate, delete and the list with blind keys for admins only.
import { generateKeyPairSync } from 'node:crypto';
import { addDkimKey, removeDkimKey } from '../../mailcow/dkim.ts';
import { ctx, json, only, signedInAnd, uid, world, type RouteCase } from './kit.ts';

const hasKey = async (domain: string) => (await ctx.deps.redis.hexists('DKIM_PUB_KEYS', domain)) === 1;
const PEM = generateKeyPairSync('rsa', { modulusLength: 1024, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
const blindName = () => `blind-${uid()}.test`;

export const routes: Record<string, RouteCase> = {
  'GET /api/admin/dkim': {
    request: () => ({ path: '/api/admin/dkim' }),
    expect: only(['admin']),
  },
  'GET /api/admin/dkim/:domain': {
    request: () => ({ path: `/api/admin/dkim/${world.domainOfA}` }),
    expect: signedInAnd({ daIn: 200, daOut: 403, admin: 200 }),
  },
  'POST /api/admin/dkim/:domain': {
    prepare: async () => { await removeDkimKey(ctx.deps.redis, world.domainOfA); return {}; },
    request: () => ({ path: `/api/admin/dkim/${world.domainOfA}`, init: json('POST', { keySize: 1024 }) }),
    expect: signedInAnd({ daIn: 201, daOut: 403, admin: 201 }),
    effect: { check: () => hasKey(world.domainOfA), by: ['daIn', 'admin'] },
  },
  'POST /api/admin/dkim/:domain/import': {
    prepare: async () => ({ name: blindName() }),
    request: (p) => ({ path: `/api/admin/dkim/${p.name}/import`, init: json('POST', { selector: 'imp', privateKey: PEM }) }),
    expect: only(['admin']),
    effect: { check: (p) => hasKey(String(p.name)), by: ['admin'] },
  },
  'POST /api/admin/dkim/:domain/duplicate': {
    prepare: async () => { await addDkimKey(ctx.deps.redis, world.domainOfA, 'dkim', 1024); return { name: blindName() }; },
    request: (p) => ({ path: `/api/admin/dkim/${world.domainOfA}/duplicate`, init: json('POST', { to: [p.name] }) }),
    expect: only(['admin']),
    effect: { check: (p) => hasKey(String(p.name)), by: ['admin'] },
  },
  'DELETE /api/admin/dkim/:domain': {
    prepare: async () => { const name = blindName(); await addDkimKey(ctx.deps.redis, name, 'dkim', 1024); return { name }; },
    request: (p) => ({ path: `/api/admin/dkim/${p.name}`, init: { method: 'DELETE' } }),
    expect: only(['admin']),
    effect: { check: async (p) => !(await hasKey(String(p.name))), by: ['admin'] },
  },
};
