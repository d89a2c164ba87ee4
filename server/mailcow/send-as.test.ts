// Send-as rights, one case per rule of reference 5.1 (and its quirks), each proven three ways: the
// listing (send-as.service.ts), mailcow's own query run as Postfix expands it (maySendAs), and —
// where Postfix with MySQL maps is installed — Postfix's own client (`postmap -q`) on the same rows.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { alias } from '../../db/schema/mail.ts';
import { uid, useTestApp } from '../test/helpers.ts';
import { usePrivateDatabase } from '../test/private-database.ts';
import { lookupSenderOwners, MAILCOW_SENDER_ACL_QUERY, maySendAs, stripExtension } from './postfix-sender-login.ts';
import { mailcowRows, sendAsCases, type World } from './send-as.cases.ts';
import { listSendAs, type SendAs } from './send-as.service.ts';

// A database of its own: a `*` grant, or a catch-all, of another file would change what Postfix
// finds for plus addresses here.
const databaseUrl = usePrivateDatabase();
const ctx = useTestApp({ DATABASE_URL: databaseUrl });
const db = () => ctx.deps.db;
const CASES = sendAsCases(db);
const { addDomain, addMailbox } = mailcowRows(db);


async function freshWorld(): Promise<World> {
  const id = uid();
  const d = `d${id}.test`;
  await addDomain(d);
  const user = await addMailbox('alice', d);
  const bob = await addMailbox('bob', d);
  return { d, user, bob, fresh: (prefix) => `${prefix}${id}.test` };
}

async function claimed(address: string): Promise<boolean> {
  const rows = await db().select({ id: alias.id }).from(alias)
    .where(and(eq(alias.address, address), inArray(alias.active, [1, 2]), eq(alias.senderAllowed, 1)));
  return rows.length > 0;
}

/** Does the listing cover this address? (A catch-all only for addresses no row claims.) */
function listingCovers(list: SendAs[], address: string, isClaimed: boolean): boolean {
  const domainOfAddress = address.slice(address.lastIndexOf('@') + 1);
  return list.some((e) => e.kind === 'any' || (e.kind === 'address' && e.address === address)
    || (e.kind === 'domain' && e.domain === domainOfAddress && (!e.unclaimedOnly || !isClaimed)));
}

// Postfix's MySQL client on mailcow's query: one postmap per case, all keys on stdin.
const postmapReady = existsSync('/usr/sbin/postmap') && spawnSync('postconf', ['-m'], { encoding: 'utf8' }).stdout?.includes('mysql');
const cfDir = mkdtempSync(join(tmpdir(), 'cowbell-postfix-'));
afterAll(() => rmSync(cfDir, { recursive: true, force: true }));

let cf = '';
function postmapOwners(keys: string[]): Map<string, string[]> {
  // Written once: postmap takes seconds over a map file it has not read before.
  if (!cf) {
    const url = new URL(databaseUrl);
    cf = join(cfDir, 'mysql_virtual_sender_acl.cf');
    writeFileSync(cf, [`hosts = inet:${url.hostname}:${url.port}`, `user = ${decodeURIComponent(url.username)}`,
      `password = ${decodeURIComponent(url.password)}`, `dbname = ${url.pathname.slice(1)}`,
      `query = ${MAILCOW_SENDER_ACL_QUERY}`].join('\n'));
  }
  const run = spawnSync('postmap', ['-q', '-', `mysql:${cf}`], { input: keys.join('\n'), encoding: 'utf8' });
  if (run.status !== 0 && run.status !== 1) throw new Error(`postmap failed: ${run.stderr}`);
  const found = new Map<string, string[]>();
  for (const line of run.stdout.split('\n').filter(Boolean)) {
    const [key, value] = line.split('\t');
    found.set(key, value.split(/[,\s]+/).filter(Boolean));
  }
  return found;
}

const sorted = (names: string[]) => [...new Set(names.map((n) => n.toLowerCase()))].sort();

describe.each(CASES)('$name', (c) => {
  it('agrees three ways', async () => {
    const w = await freshWorld();
    await c.setup?.(w);
    try {
      const list = await listSendAs(db(), w.user);
      for (const entry of c.lists?.(w) ?? []) expect(list).toContainEqual(expect.objectContaining(entry));
      const probes = c.probes(w);
      for (const p of probes) {
        expect(await maySendAs(db(), w.user, p.address), `Postfix's query: ${p.address}`).toBe(p.allowed);
        if (!p.plus) expect(listingCovers(list, p.address, await claimed(p.address)), `listing: ${p.address}`).toBe(p.allowed);
      }
      if (postmapReady) {
        const keys = [...new Set(probes.flatMap((p) => [p.address, stripExtension(p.address) ?? p.address]))];
        const postfix = postmapOwners(keys);
        for (const key of keys) expect(sorted(postfix.get(key) ?? []), `postmap -q ${key}`).toEqual(sorted(await lookupSenderOwners(db(), key)));
      }
    } finally {
      await c.cleanup?.(w);
    }
  });
});

it('runs the query verbatim: every expansion is bound, nothing of the key reaches the SQL text', async () => {
  const w = await freshWorld();
  // A key that would break out of a quoted literal if it were pasted in.
  expect(await lookupSenderOwners(db(), `x'or'1'='1@${w.d}`)).toEqual([]);
  const [rows] = await db().execute(sql`SELECT COUNT(*) AS n FROM alias WHERE goto = ${w.user}`);
  expect(Number((rows as unknown as { n: number }[])[0].n)).toBe(1);
});

it('reads Postfix lookups that find nothing as nothing: no domain, empty local part', async () => {
  expect(await lookupSenderOwners(db(), 'nodomain')).toEqual([]);
  expect(await lookupSenderOwners(db(), '@example.org')).toEqual([]);
  expect(stripExtension('alice+tag@example.org')).toBe('alice@example.org');
  expect(stripExtension('+tag@example.org')).toBeNull();
  expect(stripExtension('postmaster@example.org')).toBeNull();
});
