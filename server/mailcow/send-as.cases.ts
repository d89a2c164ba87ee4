// Every case of reference 5.1, as data: what each sets up, which From addresses Postfix must accept or
// refuse for the user, and what the user's send-as listing must hold. send-as.test.ts runs them
// against the listing, mailcow's query and real `postmap`.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { alias, aliasDomain, mailbox, senderAcl } from '../../db/schema/mail.ts';
import { insertDomain, insertMailbox } from '../lib/mailcow/provision.ts';
import type { SendAs } from './send-as.service.ts';

export interface World {
  /** The user's domain, and the user alice@d (bob@d is someone else). */
  d: string; user: string; bob: string;
  /** A fresh name for a domain of the case's own. */
  fresh: (prefix: string) => string;
}

export interface Probe {
  address: string;
  allowed: boolean;
  /** Plus addresses are decided by Postfix's second lookup; the listing names only whole addresses. */
  plus?: true;
}

export interface Case {
  name: string;
  setup?: (w: World) => Promise<void>;
  probes: (w: World) => Probe[];
  /** Entries the listing must hold. */
  lists?: (w: World) => Partial<SendAs>[];
  cleanup?: (w: World) => Promise<void>;
}

/** The rows the cases write, straight into mailcow's tables through `db()`. */
export function mailcowRows(db: () => Db) {
  return {
    addDomain: (name: string, active = 1) => insertDomain(db(), name, { active }),
    addMailbox: (localPart: string, domain: string, active: 0 | 1 | 2 = 1) => insertMailbox(db(), { localPart, domain, passwordHash: 'x', active }),
    addAlias: (address: string, goto: string, o: { active?: number; senderAllowed?: number; domain?: string } = {}) =>
      db().insert(alias).values({ address, goto, domain: o.domain ?? address.slice(address.lastIndexOf('@') + 1), active: o.active ?? 1,
        senderAllowed: o.senderAllowed ?? 1, sogoVisible: 1, internal: 0 }),
    addAliasDomain: (name: string, target: string, active = 1) => db().insert(aliasDomain).values({ aliasDomain: name, targetDomain: target, active }),
    grant: (user: string, sendAs: string, external = 0) => db().insert(senderAcl).values({ loggedInAs: user, sendAs, external }),
  };
}

/** The cases, writing through `db()` (the test file's private database). */
export function sendAsCases(db: () => Db): Case[] {
  const { addAlias, addAliasDomain, addDomain, addMailbox, grant } = mailcowRows(db);
  const yes = (address: string): Probe => ({ address, allowed: true });
  const no = (address: string): Probe => ({ address, allowed: false });

  return [
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
}
