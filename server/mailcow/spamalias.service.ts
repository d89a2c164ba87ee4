// mailcow's time-limited aliases (reference 4; `time_limited_alias` in functions.mailbox.inc.php):
// every read and write of `spamalias` goes through here, with mailcow's rules and its audit rows.
import { and, desc, eq, gte, like, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { cowbellAliasDefaults } from '../../db/schema/cowbell.ts';
import { mailbox, spamalias } from '../../db/schema/mail.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { authorize, can } from '../lib/authz/policy.ts';
import { AppError } from '../lib/errors.ts';
import { auditedBy, writeAudit } from '../lib/mailcow/audit-log.ts';
import { decodeCursor, encodeCursor } from '../lib/keyset-cursor.ts';
import { likeContaining } from '../lib/sql-like.ts';
import { parseInput } from '../lib/validate.ts';
import { mailboxRef, targetMailbox } from './mailbox-access.ts';
import { anyAddressTaken, cryptoRandomInt, domainFamily, isDuplicateKey, readableLocalPart, type RandomInt } from './spamalias-address.ts';
import { allowedDomain, effectiveDefaults } from './spamalias-defaults.ts';
import {
  aliasAddressParam, createTimeLimitedAliasInput, DEFAULT_VALIDITY, editTimeLimitedAliasInput, listTimeLimitedAliasesInput,
  VALIDITY_HOURS, type AliasValidity, type EditTimeLimitedAliasInput, type TimeLimitedAlias,
} from './spamalias.schema.ts';

export type { AliasValidity, TimeLimitedAlias } from './spamalias.schema.ts';

/** Fresh addresses tried before giving up; a collision is already unlikely (~10^16 local parts). */
export const ADDRESS_ATTEMPTS = 10;

type Row = typeof spamalias.$inferSelect;

const toView = (r: Row): TimeLimitedAlias => {
  const permanent = Number(r.permanent) !== 0;
  return { address: r.address, goto: r.goto, description: r.description, created: r.created, validity: permanent ? null : r.validity, permanent };
};

const unixNow = (deps: Deps) => Math.floor(deps.now() / 1000);

/** Postfix's condition (mysql_virtual_spamalias_maps.cf): not expired, or permanent. */
const usable = (now: number): SQL => or(gte(spamalias.validity, now), ne(spamalias.permanent, 0))!;

/** mailcow's audit `call` holds the request; a description can be far longer than the log's TEXT column. */
const loggable = (description: string) => {
  const chars = [...description];
  return chars.length > 200 ? `${chars.slice(0, 200).join('')}…` : description;
};

function audit(actor: Actor, action: 'add' | 'edit' | 'delete', goto: string, data: Record<string, unknown>) {
  // mailcow logs [function, action, type, data, $_attr] ($_attr is never set there: null).
  return [{ type: 'success' as const, msg: ['mailbox_modified', goto], call: ['mailbox', action, 'time_limited_alias', data, null], ...auditedBy(actor) }];
}

async function readAlias(deps: Deps, address: string): Promise<Row | undefined> {
  const [row] = await deps.db.select().from(spamalias).where(eq(spamalias.address, address)).limit(1);
  return row;
}

/**
 * A new alias of the mailbox (the actor's own, or `username` for admins and domain admins in scope).
 * mailcow stores an expiry even for a permanent one (the default year); `options.random` is for tests.
 */
export async function createTimeLimitedAlias(deps: Deps, actor: Actor,
  input: { domain?: string; description?: string; validity?: AliasValidity; validityHours?: number; username?: string },
  options: { random?: RandomInt } = {}): Promise<TimeLimitedAlias> {
  const data = parseInput(createTimeLimitedAliasInput, input);
  const owner = await targetMailbox(deps.db, actor, data.username, 'spamalias.write');
  const defaults = await effectiveDefaults(deps.db, owner);
  const domain = data.domain !== undefined ? allowedDomain(data.domain, defaults.domains) : defaults.domain;
  const validity = data.validity ?? defaults.validity;
  const permanent = validity === 'permanent' ? 1 : 0;
  const hours = data.validityHours ?? VALIDITY_HOURS[validity === 'permanent' ? DEFAULT_VALIDITY : validity];
  const description = data.description ?? '';
  const family = await domainFamily(deps.db, domain);
  const random = options.random ?? cryptoRandomInt;
  for (let attempt = 0; attempt < ADDRESS_ATTEMPTS; attempt++) {
    const local = readableLocalPart(random);
    if (await anyAddressTaken(deps.db, family.map((d) => `${local}@${d}`))) continue;
    const address = `${local}@${domain}`;
    try {
      await deps.db.transaction(async (tx) => {
        await tx.insert(spamalias).values({ address, goto: owner.username, description, validity: unixNow(deps) + hours * 3600, permanent });
        await writeAudit(tx, audit(actor, 'add', owner.username,
          // mailcow logs the request alone; the address it made is worth a line in the log too.
          { username: owner.username, domain, description: loggable(description), validity: hours, permanent, address }), deps.now());
      });
    } catch (e) {
      if (isDuplicateKey(e)) continue; // taken between the check and the insert
      throw e;
    }
    return toView((await readAlias(deps, address))!);
  }
  throw new AppError('conflict', `No free address was found in ${ADDRESS_ATTEMPTS} tries. Please try again.`);
}

/** Keyset over (created, address), newest first. */
const cursorOf = (r: Row) => encodeCursor([r.created, r.address]);
const DATETIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

/**
 * A mailbox's usable aliases, newest first, as mailcow's get (goto = mailbox, not expired or permanent).
 * Expired ones are not listed at all: Postfix already refuses them and the daily cleanup deletes them,
 * as mailcow's own list hides them. spamalias has no index but its primary key, so this reads the
 * table, as mailcow's get does; it stays small (one row per alias a user asked for).
 */
export async function listTimeLimitedAliases(deps: Deps, actor: Actor,
  input: { username?: string; q?: string; cursor?: string; limit?: number }): Promise<{ items: TimeLimitedAlias[]; nextCursor: string | null }> {
  const query = parseInput(listTimeLimitedAliasesInput, input);
  const owner = await targetMailbox(deps.db, actor, query.username, 'aliases.read');
  const after = query.cursor ? decodeCursor(query.cursor, 2, ([created]) => DATETIME.test(created)) : null;
  const pattern = query.q ? likeContaining(query.q) : null;
  const rows = await deps.db.select().from(spamalias).where(and(
    eq(spamalias.goto, owner.username),
    usable(unixNow(deps)),
    pattern ? or(like(spamalias.address, pattern), like(spamalias.description, pattern)) : undefined,
    after ? or(lt(spamalias.created, after[0]), and(eq(spamalias.created, after[0]), lt(spamalias.address, after[1]))) : undefined,
  )).orderBy(desc(spamalias.created), desc(spamalias.address)).limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return { items: page.map(toView), nextCursor: rows.length > query.limit ? cursorOf(page[page.length - 1]) : null };
}

/**
 * The alias once the actor may change it: not_found for one they may not even see (another user's,
 * another domain's), forbidden without the spam_alias ACL. As mailcow, ownership is the alias's goto.
 */
async function aliasToChange(deps: Deps, actor: Actor, address: string): Promise<Row> {
  if (actor.role === 'anonymous') throw new AppError('unauthenticated', 'Please sign in.');
  const row = await readAlias(deps, parseInput(aliasAddressParam, { address }).address);
  const owner = row && await mailboxRef(deps.db, row.goto);
  if (!row || !owner || !(await can(deps.db, actor, { do: 'aliases.read', mailbox: owner }))) {
    throw new AppError('not_found', 'There is no such time-limited alias.');
  }
  await authorize(deps.db, actor, { do: 'spamalias.write', mailbox: owner });
  return row;
}

/**
 * A new validity from now (mailcow's edit: 'permanent' stores permanent = 1, validity = 0), and/or a
 * new description, which mailcow's UI cannot change but its column takes. An expired alias that the
 * daily cleanup has not deleted yet may be extended, as in mailcow.
 */
export async function editTimeLimitedAlias(deps: Deps, actor: Actor, input: EditTimeLimitedAliasInput & { address: string }): Promise<TimeLimitedAlias> {
  const change = parseInput(editTimeLimitedAliasInput, { validity: input.validity, validityHours: input.validityHours, description: input.description });
  const row = await aliasToChange(deps, actor, input.address);
  const hours = change.validity === 'permanent' ? undefined : change.validityHours ?? (change.validity ? VALIDITY_HOURS[change.validity] : undefined);
  const set = {
    ...(change.validity === 'permanent' ? { permanent: 1, validity: 0 } : {}),
    ...(hours !== undefined ? { permanent: 0, validity: unixNow(deps) + hours * 3600 } : {}),
    ...(change.description !== undefined ? { description: change.description } : {}),
  };
  await deps.db.transaction(async (tx) => {
    await tx.update(spamalias).set(set).where(eq(spamalias.address, row.address));
    await writeAudit(tx, audit(actor, 'edit', row.goto, {
      address: [row.address],
      ...(change.validity === 'permanent' ? { permanent: 1 } : hours !== undefined ? { validity: hours, permanent: 0 } : {}),
      ...(change.description !== undefined ? { description: loggable(change.description) } : {}),
    }), deps.now());
  });
  return toView((await readAlias(deps, row.address))!);
}

/** Removes the alias; answers what it was (mailcow names its mailbox). */
export async function deleteTimeLimitedAlias(deps: Deps, actor: Actor, input: { address: string }): Promise<TimeLimitedAlias> {
  const row = await aliasToChange(deps, actor, input.address);
  await deps.db.transaction(async (tx) => {
    await tx.delete(spamalias).where(and(eq(spamalias.address, row.address), eq(spamalias.goto, row.goto)));
    await writeAudit(tx, audit(actor, 'delete', row.goto, { address: [row.address] }), deps.now());
  });
  return toView(row);
}

/** Every usable alias of the mailbox as mailcow's get/time_limited_aliases lists them: its columns, in the table's order. */
export async function timeLimitedAliasRows(deps: Deps, actor: Actor, username: string) {
  const owner = await targetMailbox(deps.db, actor, parseInput(aliasAddressParam, { address: username }).address, 'aliases.read');
  return deps.db.select({
    address: spamalias.address, goto: spamalias.goto, description: spamalias.description, validity: spamalias.validity,
    created: spamalias.created, modified: spamalias.modified, permanent: spamalias.permanent,
  }).from(spamalias).where(and(eq(spamalias.goto, owner.username), usable(unixNow(deps)))).orderBy(spamalias.address);
}

/**
 * The daily cleanup: mailcow's MariaDB event clean_spamalias (validity < now AND permanent = 0), and
 * Cowbell's remembered defaults of mailboxes that no longer exist.
 */
export async function cleanUpTimeLimitedAliases(deps: Deps): Promise<{ expired: number; orphanedDefaults: number }> {
  const [expired] = await deps.db.delete(spamalias).where(and(lt(spamalias.validity, unixNow(deps)), eq(spamalias.permanent, 0)));
  const [orphaned] = await deps.db.execute(sql`DELETE d FROM ${cowbellAliasDefaults} d
    LEFT JOIN ${mailbox} m ON m.username = d.username WHERE m.username IS NULL`);
  return { expired: expired.affectedRows, orphanedDefaults: (orphaned as unknown as { affectedRows: number }).affectedRows };
}
