// Where a new time-limited alias goes and for how long, unless the request says: the mailbox user's
// remembered choice (Cowbell's own table), else mailcow's defaults (the mailbox's domain, one year).
import { domainToASCII } from 'node:url';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { cowbellAliasDefaults } from '../../db/schema/cowbell.ts';
import { aliasDomain } from '../../db/schema/mail.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { authorize, can, type MailboxRef } from '../lib/authz/policy.ts';
import { AppError } from '../lib/errors.ts';
import { parseInput } from '../lib/validate.ts';
import { targetMailbox } from './mailbox-access.ts';
import { ALIAS_VALIDITIES, aliasDefaultsInput, DEFAULT_VALIDITY, type AliasDefaults, type AliasDefaultsInput, type AliasValidity } from './spamalias.schema.ts';

/**
 * The domains a mailbox's new alias may use: its own and every active alias domain on it. mailcow's
 * check (user_get_alias_details) also takes inactive alias domains, which Postfix does not deliver for.
 */
export async function aliasDomainsFor(db: Db, owner: MailboxRef): Promise<string[]> {
  const rows = await db.select({ d: aliasDomain.aliasDomain }).from(aliasDomain)
    .where(and(eq(aliasDomain.targetDomain, owner.domain), eq(aliasDomain.active, 1))).orderBy(aliasDomain.aliasDomain);
  return [...new Set([owner.domain, ...rows.map((r) => r.d.toLowerCase())])];
}

/** A requested domain in mailcow's stored form (punycode), if it is one of `allowed`; else validation_failed. */
export function allowedDomain(requested: string, allowed: string[]): string {
  const ascii = domainToASCII(requested);
  if (ascii && allowed.includes(ascii)) return ascii;
  throw new AppError('validation_failed', 'Some fields are not valid.', [{ path: 'domain', message: 'Not a domain of this mailbox.', code: 'invalid' }]);
}

const isValidity = (v: string | null): v is AliasValidity => (ALIAS_VALIDITIES as readonly (string | null)[]).includes(v);

/** What the mailbox's user last chose; nulls where nothing (or something no longer offered) was kept. */
export async function rememberedDefaults(db: Db, username: string): Promise<{ domain: string | null; validity: AliasValidity | null }> {
  const [row] = await db.select().from(cowbellAliasDefaults).where(eq(cowbellAliasDefaults.username, username)).limit(1);
  return { domain: row?.domain ?? null, validity: row && isValidity(row.validity) ? row.validity : null };
}

/** The domain and validity a new alias gets when the request names neither. */
export async function effectiveDefaults(db: Db, owner: MailboxRef) {
  const [domains, kept] = await Promise.all([aliasDomainsFor(db, owner), rememberedDefaults(db, owner.username)]);
  // A remembered alias domain that was removed or switched off falls back to the mailbox's domain.
  const domain = kept.domain && domains.includes(kept.domain) ? kept.domain : owner.domain;
  return { domain, validity: kept.validity ?? DEFAULT_VALIDITY, domains };
}

export async function getAliasDefaults(deps: Deps, actor: Actor): Promise<AliasDefaults> {
  await authorize(deps.db, actor, { do: 'aliases.defaults' });
  const owner = await targetMailbox(deps.db, actor, undefined, 'aliases.read');
  const [defaults, mayCreate] = await Promise.all([effectiveDefaults(deps.db, owner), can(deps.db, actor, { do: 'spamalias.write', mailbox: owner })]);
  return { ...defaults, mayCreate };
}

export async function setAliasDefaults(deps: Deps, actor: Actor, input: AliasDefaultsInput): Promise<AliasDefaults> {
  await authorize(deps.db, actor, { do: 'aliases.defaults' });
  const data = parseInput(aliasDefaultsInput, input);
  const owner = await targetMailbox(deps.db, actor, undefined, 'aliases.read');
  const change = {
    ...(data.domain !== undefined ? { domain: allowedDomain(data.domain, await aliasDomainsFor(deps.db, owner)) } : {}),
    ...(data.validity !== undefined ? { validity: data.validity } : {}),
  };
  await deps.db.insert(cowbellAliasDefaults).values({ username: owner.username, ...change })
    .onDuplicateKeyUpdate({ set: { ...change, updatedAt: sql`CURRENT_TIMESTAMP` } });
  return getAliasDefaults(deps, actor);
}
