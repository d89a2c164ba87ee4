// Send-as rights, one case per rule of reference 5.1 (and its quirks), each proven three ways: the
// listing (send-as.service.ts), mailcow's own query run as Postfix expands it (maySendAs), and —
// where Postfix with MySQL maps is installed — Postfix's own client (`postmap -q`) on the same rows.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { alias, aliasDomain, mailbox, senderAcl } from '../../db/schema/mail.ts';
import { insertDomain, insertMailbox } from '../lib/mailcow/provision.ts';
import { uid, useTestApp } from '../test/helpers.ts';
import { usePrivateDatabase } from '../test/private-database.ts';
import { lookupSenderOwners, MAILCOW_SENDER_ACL_QUERY, maySendAs, stripExtension } from './postfix-sender-login.ts';
import { listSendAs, type SendAs } from './send-as.service.ts';

// A database of its own: a `*` grant, or a catch-all, of another file would change what Postfix
// finds for plus addresses here.
const databaseUrl = usePrivateDatabase();
const ctx = useTestApp({ DATABASE_URL: databaseUrl });
const db = () => ctx.deps.db;

interface World {
  /** The user's domain, and the user alice@d (bob@d is someone else). */
  d: string; user: string; bob: string;
  /** A fresh name for a domain of the case's own. */
  fresh: (prefix: string) => string;
}

const addDomain = (name: string, active = 1) => insertDomain(db(), name, { active });
const addMailbox = (localPart: string, domain: string, active: 0 | 1 | 2 = 1) => insertMailbox(db(), { localPart, domain, passwordHash: 'x', active });
const addAlias = (address: string, goto: string, o: { active?: number; senderAllowed?: number; domain?: string } = {}) =>
  db().insert(alias).values({ address, goto, domain: o.domain ?? address.slice(address.lastIndexOf('@') + 1), active: o.active ?? 1,
    senderAllowed: o.senderAllowed ?? 1, sogoVisible: 1, internal: 0 });
const addAliasDomain = (name: string, target: string, active = 1) => db().insert(aliasDomain).values({ aliasDomain: name, targetDomain: target, active });
const grant = (user: string, sendAs: string, external = 0) => db().insert(senderAcl).values({ loggedInAs: user, sendAs, external });

interface Probe {
  address: string;
  allowed: boolean;
  /** Plus addresses are decided by Postfix's second lookup; the listing names only whole addresses. */
  plus?: true;
}

interface Case {
  name: string;
  setup?: (w: World) => Promise<void>;
  probes: (w: World) => Probe[];
  /** Entries the listing must hold. */
  lists?: (w: World) => Partial<SendAs>[];
  cleanup?: (w: World) => Promise<void>;
}

const yes = (address: string): Probe => ({ address, allowed: true });
const no = (address: string): Probe => ({ address, allowed: false });

const CASES: Case[] = [
  {
    name: 'the own address, through the self alias',
    probes: (w) => [yes(w.user), no(w.bob), no(`nobody@${w.d}`)],
    lists: (w) => [{ kind: 'address', address: w.user, via: ['mailbox'] }],
  },
  {
    name: 'not the own address while the mailbox may not log in (active 2), but its alias-domain twin (part 3 takes 1 or 2)',
    setup: async (w) => {
      await db().update(mailbox).set({ active: 2 }).where(eq(mailbox.username, w.user));
      await db().update(alias).set({ active: 2 }).where(eq(alias.address, w.user));
      await addAliasDomain(w.fresh('ad'), w.d);
    },
    probes: (w) => [no(w.user), yes(`alice@${w.fresh('ad')}`)],
  },
  {
    name: 'an alias whose goto lists the user among others',
    setup: (w) => addAlias(`team@${w.d}`, `${w.bob},${w.user}`).then(() => undefined),
    probes: (w) => [yes(`team@${w.d}`)],
    lists: (w) => [{ kind: 'address', address: `team@${w.d}`, via: ['alias'] }],
  },
  {
    name: 'not an inactive alias',
    setup: (w) => addAlias(`old@${w.d}`, w.user, { active: 0 }).then(() => undefined),
    probes: (w) => [no(`old@${w.d}`)],
  },
  {
    name: 'not an alias with sender_allowed = 0',
    setup: (w) => addAlias(`noreply@${w.d}`, w.user, { senderAllowed: 0 }).then(() => undefined),
    probes: (w) => [no(`noreply@${w.d}`)],
  },
  {
    name: 'not an alias of an inactive domain',
    setup: async (w) => {
      await addDomain(w.fresh('off'), 0);
      await addAlias(`x@${w.fresh('off')}`, w.user);
    },
    probes: (w) => [no(`x@${w.fresh('off')}`)],
  },
  {
    name: 'an alias in an active alias domain, not in an inactive one',
    setup: async (w) => {
      await addAliasDomain(w.fresh('ad'), w.d);
      await addAliasDomain(w.fresh('adoff'), w.d, 0);
      await addAlias(`sales@${w.fresh('ad')}`, w.user);
      await addAlias(`sales@${w.fresh('adoff')}`, w.user);
    },
    probes: (w) => [yes(`sales@${w.fresh('ad')}`), no(`sales@${w.fresh('adoff')}`)],
  },
  {
    name: "the user's local part in every active alias domain of its domain",
    setup: async (w) => {
      await addAliasDomain(w.fresh('ad'), w.d);
      await addAliasDomain(w.fresh('adoff'), w.d, 0);
    },
    probes: (w) => [yes(`alice@${w.fresh('ad')}`), no(`alice@${w.fresh('adoff')}`), no(`bob@${w.fresh('ad')}`), no(`other@${w.fresh('ad')}`)],
    lists: (w) => [{ kind: 'address', address: `alice@${w.fresh('ad')}`, via: ['alias_domain'] }],
  },
  {
    name: 'a catch-all: every address of its domain that no row claims, and falls back past rows that are off',
    setup: async (w) => {
      const c = w.fresh('c');
      await addDomain(c);
      await addAlias(`@${c}`, w.user);
      await addMailbox('carol', c);
      await addAlias(`claimed@${c}`, w.bob);
      // Not picked by the COALESCE (active 0, sender_allowed 0): the catch-all answers for them.
      await addAlias(`sleeping@${c}`, w.bob, { active: 0 });
      await addAlias(`muted@${c}`, w.bob, { senderAllowed: 0 });
      // Picked (active 2), then refused by active='1': no catch-all fallback.
      await addMailbox('dave', c, 2);
    },
    probes: (w) => {
      const c = w.fresh('c');
      return [yes(`anything@${c}`), no(`carol@${c}`), no(`claimed@${c}`), yes(`sleeping@${c}`), yes(`muted@${c}`), no(`dave@${c}`)];
    },
    lists: (w) => [{ kind: 'domain', domain: w.fresh('c'), unclaimedOnly: true, via: ['catch_all'] }],
  },
  {
    name: 'not through a catch-all that is off, not sender-allowed, or of an inactive domain',
    setup: async (w) => {
      for (const [prefix, active] of [['c0', 1], ['c1', 1], ['c2', 0]] as const) await addDomain(w.fresh(prefix), active);
      await addAlias(`@${w.fresh('c0')}`, w.user, { active: 0 });
      await addAlias(`@${w.fresh('c1')}`, w.user, { senderAllowed: 0 });
      await addAlias(`@${w.fresh('c2')}`, w.user);
    },
    probes: (w) => [no(`x@${w.fresh('c0')}`), no(`x@${w.fresh('c1')}`), no(`x@${w.fresh('c2')}`)],
  },
  {
    name: 'sender_acl @domain: any address there and in its alias domains, active or not',
    setup: async (w) => {
      await addDomain(w.fresh('d2'));
      await addMailbox('erin', w.fresh('d2'));
      await addAliasDomain(w.fresh('ad2'), w.fresh('d2'), 0);
      await grant(w.user, `@${w.fresh('d2')}`);
    },
    probes: (w) => [yes(`x@${w.fresh('d2')}`), yes(`erin@${w.fresh('d2')}`), yes(`x@${w.fresh('ad2')}`), no(`x@${w.d}`)],
    lists: (w) => [{ kind: 'domain', domain: w.fresh('d2'), unclaimedOnly: false, via: ['sender_acl'] },
      { kind: 'domain', domain: w.fresh('ad2'), unclaimedOnly: false, via: ['sender_acl'] }],
  },
  {
    name: 'sender_acl address: exactly it, and its twin in every alias domain of its domain',
    setup: async (w) => {
      await addDomain(w.fresh('d2'));
      await addAliasDomain(w.fresh('ad2'), w.fresh('d2'));
      await grant(w.user, `info@${w.fresh('d2')}`);
    },
    probes: (w) => [yes(`info@${w.fresh('d2')}`), no(`other@${w.fresh('d2')}`), yes(`info@${w.fresh('ad2')}`)],
  },
  {
    name: 'the alias-domain twin is lost when an alias there has exactly this user as goto (precedence quirk)',
    setup: async (w) => {
      await addDomain(w.fresh('d2'));
      await addAliasDomain(w.fresh('ad2'), w.fresh('d2'));
      await grant(w.user, `help@${w.fresh('d2')}`);
      await grant(w.user, `desk@${w.fresh('d2')}`);
      await addAlias(`help@${w.fresh('ad2')}`, w.user, { senderAllowed: 0 });
      await addAlias(`desk@${w.fresh('ad2')}`, `${w.user},${w.bob}`, { senderAllowed: 0 });
    },
    probes: (w) => [no(`help@${w.fresh('ad2')}`), yes(`desk@${w.fresh('ad2')}`)],
  },
  {
    name: 'a sender_acl row overrides sender_allowed = 0',
    setup: async (w) => {
      await addAlias(`blocked@${w.d}`, w.user, { senderAllowed: 0 });
      await grant(w.user, `blocked@${w.d}`);
    },
    probes: (w) => [yes(`blocked@${w.d}`)],
    lists: (w) => [{ kind: 'address', address: `blocked@${w.d}`, via: ['sender_acl'] }],
  },
  {
    name: 'external rows count like internal ones',
    setup: async (w) => {
      await grant(w.user, `boss@${w.fresh('x')}.example`, 1);
      await grant(w.user, `@${w.fresh('y')}.example`, 1);
    },
    probes: (w) => [yes(`boss@${w.fresh('x')}.example`), no(`other@${w.fresh('x')}.example`), yes(`anyone@${w.fresh('y')}.example`)],
    lists: (w) => [{ kind: 'address', address: `boss@${w.fresh('x')}.example`, via: ['sender_acl_external'] },
      { kind: 'domain', domain: `${w.fresh('y')}.example`, unclaimedOnly: false, via: ['sender_acl_external'] }],
  },
  {
    name: '* allows any address at all',
    setup: (w) => grant(w.user, '*').then(() => undefined),
    probes: (w) => [yes(`someone@${w.fresh('z')}.example`), yes(w.bob)],
    lists: () => [{ kind: 'any', via: ['sender_acl'] }],
    cleanup: async (w) => { await db().delete(senderAcl).where(and(eq(senderAcl.loggedInAs, w.user), eq(senderAcl.sendAs, '*'))); },
  },
  {
    name: 'plus addresses: allowed while nothing owns the full address (Postfix looks up the bare one second)',
    probes: (w) => [{ ...yes(`alice+news@${w.d}`), plus: true }, { ...no(`bob+news@${w.d}`), plus: true }],
  },
  {
    name: 'plus addresses: not when a catch-all owns the full address',
    setup: (w) => addAlias(`@${w.d}`, w.bob).then(() => undefined),
    probes: (w) => [{ ...no(`alice+news@${w.d}`), plus: true }, yes(w.user)],
  },
];

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
