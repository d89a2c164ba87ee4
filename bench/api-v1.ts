// mailcow's /api/v1 for scripts (issue 11): get/mailbox/all over 1,000 and 10,000 mailboxes (a
// handful of set-based queries where mailcow asks a dozen per mailbox), and add/mailbox one after
// another and from 8 clients at once, next to GET /api/health measured in the same run with the same
// clients. `BENCH_ONLY=api-v1 npm run bench` runs this part alone.
import { inArray, like, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { api, userAcl } from '../db/schema/access.ts';
import { logs, saslLog } from '../db/schema/audit.ts';
import { alias, domain, mailbox, quota2, quota2replica } from '../db/schema/mail.ts';
import { defaultMailboxAttributes, insertDomain } from '../server/lib/mailcow/provision.ts';
import { creations, type Creations } from './alias-api.ts';
import { load, type LoadResult } from './measure.ts';

export const V1_KEY = 'BE0C11-BE0C11-BE0C11-BE0C11-BE0C11';
const SIZES = [1_000, 10_000] as const;
const listDomain = (n: number) => `v1-bench-${n}.test`;
const ADD_DOMAIN = 'v1-bench-add.test';
const BATCH = 2000;
/** Scripts ask one at a time, or a few at once: a mailcow admin's sync job, not a crowd. */
const LIST_CONNECTIONS = 4;

/** The key (rw, any address), a domain of 1,000 and one of 10,000 mailboxes with usage, sign-ins and self aliases; kept between runs. */
export async function seedApiV1(db: Db): Promise<void> {
  await db.insert(api).values({ apiKey: V1_KEY, allowFrom: '', skipIpCheck: 1, access: 'rw', active: 1 }).onDuplicateKeyUpdate({ set: { active: 1 } });
  for (const n of SIZES) {
    const name = listDomain(n);
    const [have] = await db.select({ n: sql<number>`COUNT(*)` }).from(mailbox).where(inArray(mailbox.domain, [name]));
    if (Number(have.n) === n) continue;
    await db.delete(mailbox).where(inArray(mailbox.domain, [name]));
    await db.delete(domain).where(inArray(domain.domain, [name]));
    await insertDomain(db, name);
    await db.update(domain).set({ mailboxes: n, quota: 2 ** 40, maxquota: 2 ** 30 }).where(inArray(domain.domain, [name]));
    const attributes = defaultMailboxAttributes(new Date());
    for (let from = 0; from < n; from += BATCH) {
      const users = Array.from({ length: Math.min(BATCH, n - from) }, (_, k) => `u${String(from + k).padStart(5, '0')}@${name}`);
      await db.insert(mailbox).values(users.map((u, i) => ({ username: u, password: '{BLF-CRYPT}unusable', name: `Person ${from + i}`,
        localPart: u.split('@')[0], domain: name, quota: 1024 * 1048576, attributes, active: 1 })));
      await db.insert(quota2).values(users.map((u, i) => ({ username: u, bytes: (from + i) * 40960, messages: i }))).onDuplicateKeyUpdate({ set: { bytes: sql`VALUES(bytes)` } });
      await db.insert(alias).values(users.map((u) => ({ address: u, goto: u, domain: name }))).onDuplicateKeyUpdate({ set: { goto: sql`VALUES(goto)` } });
      await db.insert(saslLog).values(users.filter((_, i) => i % 3 === 0).map((u) => ({ service: 'imap', username: u, realRip: '192.0.2.1' })))
        .onDuplicateKeyUpdate({ set: { datetime: sql`NOW()` } });
    }
  }
  await forgetAdded(db);
}

/** What add/mailbox made in an earlier run goes, so every run adds the same addresses. */
async function forgetAdded(db: Db) {
  const pattern = `%@${ADD_DOMAIN}`;
  await db.delete(mailbox).where(like(mailbox.username, pattern));
  await db.delete(alias).where(like(alias.address, pattern));
  await db.delete(quota2).where(like(quota2.username, pattern));
  await db.delete(quota2replica).where(like(quota2replica.username, pattern));
  await db.delete(userAcl).where(like(userAcl.username, pattern));
  await db.delete(logs).where(or(like(logs.msg, `%${ADD_DOMAIN}%`)));
  await db.delete(domain).where(inArray(domain.domain, [ADD_DOMAIN]));
  await insertDomain(db, ADD_DOMAIN);
  await db.update(domain).set({ mailboxes: 100_000, quota: 2 ** 40 }).where(inArray(domain.domain, [ADD_DOMAIN]));
}

/** `total` add/mailbox calls from `clients` clients, each sending its next when its last is answered with success. */
const adds = (origin: string, prefix: string, total: number, clients: number) => creations((n) => fetch(`${origin}/api/v1/add/mailbox`, {
  method: 'POST', headers: { 'X-API-Key': V1_KEY, 'content-type': 'application/json' },
  body: JSON.stringify({ local_part: `${prefix}${n}`, domain: ADD_DOMAIN, name: `Bench ${n}`, quota: '100', password: 'Bench-pass-123', password2: 'Bench-pass-123', active: '1' }),
}), total, clients, (status, body) => status === 200 && body.includes('mailbox_added'));

export interface ApiV1Figures { health: LoadResult; lists: { n: number; result: LoadResult }[]; sequential: Creations; concurrent: Creations }

export async function apiV1Figures(db: Db, origin: string, seconds: number): Promise<ApiV1Figures> {
  const key = { 'X-API-Key': V1_KEY };
  const list = (n: number) => `${origin}/api/v1/get/mailbox/all/${listDomain(n)}`;
  await load(`${origin}/api/health`, {}, 2, LIST_CONNECTIONS);
  await load(list(SIZES[0]), key, 2, LIST_CONNECTIONS);
  const health = await load(`${origin}/api/health`, {}, seconds, LIST_CONNECTIONS);
  const lists = [];
  for (const n of SIZES) lists.push({ n, result: await load(list(n), key, seconds, LIST_CONNECTIONS) });
  await adds(origin, 'warm', 10, 1);
  const sequential = await adds(origin, 's', 60, 1);
  const concurrent = await adds(origin, 'c', 200, 8);
  await forgetAdded(db);
  return { health, lists, sequential, concurrent };
}

const fmt = (n: number, d = 0) => n.toLocaleString('en', { maximumFractionDigits: d });

export function printApiV1Figures(f: ApiV1Figures): void {
  console.log(`\nmailcow /api/v1 (X-API-Key, ${LIST_CONNECTIONS} clients for the reads)`);
  console.log(`GET /api/health (baseline)           ${fmt(f.health.requestsPerSecond)} req/s  p99 ${f.health.p99Ms} ms`);
  for (const { n, result: r } of f.lists) {
    console.log(`get/mailbox/all, ${fmt(n).padEnd(6)} mailboxes   ${fmt(r.requestsPerSecond, 1)} req/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  errors ${r.errors + r.non2xx}`
      + `  (${fmt(r.requestsPerSecond / f.health.requestsPerSecond, 4)}x health's throughput${n === 1000 ? `; goal ≥ 50 req/s: ${r.requestsPerSecond >= 50 ? 'ok' : 'UNDER'}` : ''})`);
  }
  const { sequential: s, concurrent: c } = f;
  console.log(`add/mailbox, one client              ${fmt(s.perSecond, 1)} /s  p50 ${fmt(s.p50, 1)} ms  p99 ${fmt(s.p99, 1)} ms  (a bcrypt hash each)`);
  console.log(`add/mailbox, 8 clients               ${fmt(c.perSecond, 1)} /s  p50 ${fmt(c.p50, 1)} ms  p99 ${fmt(c.p99, 1)} ms  (${fmt(c.perSecond / s.perSecond, 2)}x one client)`);
}
