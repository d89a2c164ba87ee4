// The admin mailbox list (issue 10) at 100,000 mailboxes: p99 at a fixed request rate for the first
// page, deep keyset pages, filters, the sorts without an index within one domain and across all
// (along Cowbell's copy), the containing
// search (a scan) and the palette's search,
// against a primary-key lookup of one mailbox (bench/pk-server.ts /mailbox) at the same rate.
import { count, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { saslLog } from '../db/schema/audit.ts';
import { domain, mailbox, quota2 } from '../db/schema/mail.ts';
import { encodeCursor } from '../server/features/admin-directory/mailbox-cursor.ts';
import { insertDomain } from '../server/lib/mailcow/provision.ts';
import { refreshMailboxSort } from '../server/mailcow/mailbox-sort-copy.ts';
import { fixedRate, type LoadResult } from './measure.ts';

/** 100,000 mailboxes over 20 domains of 5,000: the unindexed sorts are offered within one domain. */
export const ADMIN_BENCH_MAILBOXES = 100_000;
const DOMAINS = 20;
export const benchDomain = (n: number) => `admin-bench-${String(n).padStart(2, '0')}.test`;
const BATCH = 2000;
/** A stable shuffle, so names, quotas and usage do not follow the addresses' order. */
const mix = (i: number, m: number) => (i * 7919 + 104_729) % m;
export const benchUser = (i: number) => `u${String(i).padStart(6, '0')}@${benchDomain(i % DOMAINS)}`;

/** 100,000 mailboxes with quota2 rows and, for a third of them, sign-ins; kept between runs. */
export async function seedAdminMailboxes(db: Db): Promise<void> {
  const names = Array.from({ length: DOMAINS }, (_, n) => benchDomain(n));
  const [have] = await db.select({ n: count() }).from(mailbox).where(inArray(mailbox.domain, names));
  if (have && have.n >= ADMIN_BENCH_MAILBOXES) {
    await refreshMailboxSort(db);
    return;
  }
  await db.delete(mailbox).where(inArray(mailbox.domain, names));
  await db.delete(domain).where(inArray(domain.domain, names));
  for (const name of names) await insertDomain(db, name);
  await db.update(domain).set({ mailboxes: ADMIN_BENCH_MAILBOXES, quota: 2 ** 40 }).where(inArray(domain.domain, names));
  const services = ['imap', 'smtp', 'SSO', 'pop3'];
  for (let from = 0; from < ADMIN_BENCH_MAILBOXES; from += BATCH) {
    const ids = Array.from({ length: Math.min(BATCH, ADMIN_BENCH_MAILBOXES - from) }, (_, k) => from + k);
    await db.insert(mailbox).values(ids.map((i) => ({
      username: benchUser(i), password: '{BLF-CRYPT}unusable', name: `Person ${mix(i, ADMIN_BENCH_MAILBOXES)}`, localPart: benchUser(i).split('@')[0],
      domain: benchDomain(i % DOMAINS), quota: (1 + mix(i, 50)) * 1048576 * 100, attributes: '{}', active: i % 20 === 0 ? 2 : i % 33 === 0 ? 0 : 1,
    })));
    await db.insert(quota2).values(ids.map((i) => ({ username: benchUser(i), bytes: mix(i, 1_000_003) * 4096, messages: mix(i, 9973) })))
      .onDuplicateKeyUpdate({ set: { bytes: sql`VALUES(bytes)` } });
    const signedIn = ids.filter((i) => i % 3 === 0);
    await db.insert(saslLog).values(signedIn.flatMap((i) => services.slice(0, 1 + (i % 4)).map((service) => ({
      service, username: benchUser(i), realRip: `192.0.2.${i % 250}`, datetime: sql`NOW() - INTERVAL ${mix(i, 40000)} MINUTE`,
    })))).onDuplicateKeyUpdate({ set: { datetime: sql`VALUES(datetime)` } });
  }
}

export interface AdminListFigures { baseline: LoadResult; rows: { label: string; result: LoadResult }[]; rate: number; domainStatsMs: number[]; refreshMs: number }

/** One request after another: the domains page's statistics read every mailbox, so no fixed rate. */
async function sequential(url: string, headers: Record<string, string>, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

export async function adminMailboxFigures(db: Db, origin: string, pkOrigin: string, cookie: string, seconds: number, rate: number): Promise<AdminListFigures> {
  // The minute's job over every mailbox, with nothing to change: what keeping the copy costs.
  const started = performance.now();
  await refreshMailboxSort(db);
  const refreshMs = performance.now() - started;
  const headers = { cookie, 'accept-encoding': 'gzip, deflate, br, zstd' };
  const list = `${origin}/api/admin/mailboxes?limit=30`;
  const deep = encodeCursor('username', 'asc', { value: benchUser(90_000), username: benchUser(90_000) });
  const deepDomain = encodeCursor('domain', 'asc', { value: benchDomain(17), username: benchUser(90_017) });
  const one = `${list}&domain=${benchDomain(3)}`;
  const deepName = encodeCursor('name', 'asc', { value: 'Person 9', username: benchUser(3) });
  const cases: [string, string][] = [
    ['first page (by address)', list],
    ['deep page (address 90,000)', `${list}&cursor=${deep}`],
    ['sorted by domain, deep page', `${list}&sort=domain&cursor=${deepDomain}`],
    ['filtered: login disallowed', `${list}&state=2`],
    ['one domain (5,000), by address', one],
    ['one domain, by name', `${one}&sort=name`],
    ['one domain, by used bytes desc', `${one}&sort=used&dir=desc`],
    ['one domain, deep page by name', `${one}&sort=name&cursor=${deepName}`],
    ['one domain, search "son 4242"', `${one}&q=son%204242`],
    ['all, by name (Cowbell\'s copy)', `${list}&sort=name`],
    ['all, by used bytes desc (copy)', `${list}&sort=used&dir=desc`],
    ['all, deep page by name (copy)', `${list}&sort=name&cursor=${deepName}`],
    ['palette search "u0999"', `${origin}/api/admin/search?q=u0999`],
    ['domain names (the pickers)', `${origin}/api/admin/domain-names`],
    // Last: a containing search over every mailbox reads them all (mailcow's own search does the same).
    ['all, search "son 4242" (scan)', `${list}&q=son%204242`],
  ];
  await fixedRate(`${pkOrigin}/mailbox`, {}, 1, rate);
  for (const [, url] of cases) await fixedRate(url, headers, 1, rate);
  const baseline = await fixedRate(`${pkOrigin}/mailbox`, {}, seconds, rate);
  const rows: AdminListFigures['rows'] = [];
  for (const [label, url] of cases) rows.push({ label, result: await fixedRate(url, headers, seconds, rate) });
  return { baseline, rows, rate, domainStatsMs: await sequential(`${origin}/api/admin/domains`, headers, 10), refreshMs };
}

export function printAdminFigures(f: AdminListFigures): void {
  const fmt = (n: number, d = 1) => n.toLocaleString('en', { maximumFractionDigits: d });
  console.log(`\nadmin mailbox list with ${ADMIN_BENCH_MAILBOXES.toLocaleString('en')} mailboxes, ${f.rate} requests/s each, evenly spaced`);
  console.log(`${'primary-key lookup (baseline)'.padEnd(34)}p50 ${fmt(f.baseline.p50Ms)} ms  p99 ${fmt(f.baseline.p99Ms)} ms`);
  for (const { label, result: r } of f.rows) {
    console.log(`${label.padEnd(34)}p50 ${fmt(r.p50Ms)} ms  p99 ${fmt(r.p99Ms)} ms  ${fmt(r.p99Ms / Math.max(0.1, f.baseline.p99Ms))}x p99`
      + `  (errors ${r.errors + r.non2xx})`);
  }
  const ms = f.domainStatsMs;
  console.log(`${'copy of the sort keys, refreshed'.padEnd(34)}${fmt(f.refreshMs, 0)} ms for all (the job's minute; nothing changed)`);
  console.log(`${'domains with statistics (20)'.padEnd(34)}median ${fmt(ms[Math.floor(ms.length / 2)])} ms  max ${fmt(ms[ms.length - 1])} ms  (one at a time, ${ms.length} requests)`);
}
