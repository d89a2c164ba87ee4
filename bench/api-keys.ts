// What the X-API-Key check costs per request (issue 11): GET /api/v1/get/status/version with one of
// mailcow's keys and with a domain admin's scoped key, against GET /api/health (the same app, no key,
// no database) as the baseline, in the same run. The keys are made for the run and removed after it,
// and so are the API_LOG lines the load wrote.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../db/client.ts';
import { admin, api } from '../db/schema/access.ts';
import { cowbellApiKeys } from '../db/schema/cowbell.ts';
import { hashApiKey, SCOPED_KEY_PREFIX } from '../server/features/api-v1/key-auth.ts';
import { insertDomain, insertDomainAdmin } from '../server/lib/mailcow/provision.ts';
import { newMailcowKey } from '../server/mailcow/api-key.rules.ts';
import { load, type LoadResult } from './measure.ts';

const DOMAIN = 'keys-bench.test';
const OWNER = 'keys-bench-da';

export interface ApiKeyFigures { health: LoadResult; mailcow: LoadResult; scoped: LoadResult }

async function makeKeys(db: Db, passwordHash: string) {
  if ((await db.select().from(admin).where(eq(admin.username, OWNER))).length === 0) {
    await insertDomain(db, DOMAIN);
    await insertDomainAdmin(db, OWNER, passwordHash, [DOMAIN]);
  }
  const mailcowKey = newMailcowKey();
  await db.insert(api).values({ apiKey: mailcowKey, access: 'ro', allowFrom: '127.0.0.1', active: 1 });
  const scopedKey = `${SCOPED_KEY_PREFIX}${randomBytes(24).toString('hex')}`;
  await db.insert(cowbellApiKeys).values({ username: OWNER, name: 'bench', keyHash: hashApiKey(scopedKey), keyPrefix: scopedKey.slice(0, 14),
    access: 'ro', allowFrom: '127.0.0.1' });
  return { mailcowKey, scopedKey };
}

export async function apiKeyFigures(db: Db, redis: Redis, origin: string, passwordHash: string, seconds: number, connections: number): Promise<ApiKeyFigures> {
  const { mailcowKey, scopedKey } = await makeKeys(db, passwordHash);
  const logged = await redis.llen('API_LOG');
  const version = `${origin}/api/v1/get/status/version`;
  try {
    // Warm the app's JIT and pools on each path, then measure the baseline first.
    for (const [url, headers] of [[`${origin}/api/health`, {}], [version, { 'x-api-key': mailcowKey }], [version, { 'x-api-key': scopedKey }]] as const) {
      await load(url, headers, 2, connections);
    }
    const health = await load(`${origin}/api/health`, {}, seconds, connections);
    const mailcow = await load(version, { 'x-api-key': mailcowKey }, seconds, connections);
    const scoped = await load(version, { 'x-api-key': scopedKey }, seconds, connections);
    return { health, mailcow, scoped };
  } finally {
    await db.delete(api).where(eq(api.apiKey, mailcowKey));
    await db.delete(cowbellApiKeys).where(eq(cowbellApiKeys.keyHash, hashApiKey(scopedKey)));
    // The load's calls went to the head of the list: keep what was there before.
    await redis.ltrim('API_LOG', (await redis.llen('API_LOG')) - logged, -1);
  }
}

const fmt = (n: number, d = 0) => n.toLocaleString('en', { maximumFractionDigits: d });

export function printApiKeyFigures(f: ApiKeyFigures, seconds: number, connections: number) {
  const line = (label: string, r: LoadResult) => console.log(`${label.padEnd(33)}${fmt(r.requestsPerSecond)} req/s  p50 ${fmt(r.p50Ms, 1)} ms  p99 ${fmt(r.p99Ms, 1)} ms  errors ${r.errors + r.non2xx}`);
  const ratio = (label: string, r: LoadResult) => console.log(`${label.padEnd(33)}${fmt(r.requestsPerSecond / f.health.requestsPerSecond, 2)}x throughput, ${fmt(r.p99Ms / Math.max(1, f.health.p99Ms), 2)}x p99`);
  console.log(`\nthe X-API-Key check (${seconds}s per load, ${connections} connections, loopback)`);
  line('GET /api/health (baseline)', f.health);
  line('get/status/version, mailcow key', f.mailcow);
  line('get/status/version, scoped key', f.scoped);
  ratio('ratio mailcow key / health', f.mailcow);
  ratio('ratio scoped key / health', f.scoped);
}
