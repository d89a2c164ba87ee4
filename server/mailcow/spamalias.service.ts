// PLACEHOLDER for the time-limited alias service being written on another branch: the same
// contract, and only as much of mailcow's rules (reference section 4) as the password-manager API
// needs to create and list a user's own aliases. Drop this file when the real one is merged.
import { randomInt } from 'node:crypto';
import { and, asc, eq, gt, gte, like, ne, or } from 'drizzle-orm';
import { userAcl } from '../../db/schema/access.ts';
import { aliasDomain, mailbox, spamalias } from '../../db/schema/mail.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { AppError } from '../lib/errors.ts';

export type AliasValidity = '1h' | '1d' | '1w' | '1m' | '1y' | '10y' | 'permanent';

export interface TimeLimitedAlias {
  address: string;
  goto: string;
  description: string;
  created: string;
  validity: number | null;
  permanent: boolean;
}

const HOURS: Record<Exclude<AliasValidity, 'permanent'>, number> = { '1h': 1, '1d': 24, '1w': 168, '1m': 744, '1y': 8760, '10y': 87600 };

/** The mailbox the aliases belong to: users act for themselves only. */
async function ownMailbox(deps: Deps, actor: Actor, username?: string): Promise<{ username: string; domain: string }> {
  if (actor.role !== 'user') throw new AppError('forbidden', 'Only mailbox users have time-limited aliases here.');
  if (username !== undefined && username.toLowerCase() !== actor.username.toLowerCase()) {
    throw new AppError('forbidden', 'You may only manage your own aliases.');
  }
  const [row] = await deps.db.select({ username: mailbox.username, domain: mailbox.domain, acl: userAcl.spamAlias })
    .from(mailbox).leftJoin(userAcl, eq(userAcl.username, mailbox.username)).where(eq(mailbox.username, actor.username)).limit(1);
  if (!row) throw new AppError('not_found', 'No such mailbox.');
  if (Number(row.acl ?? 0) !== 1) throw new AppError('forbidden', 'Your administrator does not let you create time-limited aliases.');
  return { username: row.username, domain: row.domain.toLowerCase() };
}

const CONSONANTS = 'bcdfghjklmnprstvwxyz';
const VOWELS = 'aeiou';
const part = () => Array.from({ length: 1 + randomInt(4) }, () => CONSONANTS[randomInt(CONSONANTS.length)] + VOWELS[randomInt(VOWELS.length)]).join('');

const view = (r: typeof spamalias.$inferSelect): TimeLimitedAlias => ({
  address: r.address, goto: r.goto, description: r.description, created: r.created,
  validity: Number(r.permanent) === 1 ? null : r.validity, permanent: Number(r.permanent) === 1,
});

export async function createTimeLimitedAlias(deps: Deps, actor: Actor,
  input: { domain?: string; description?: string; validity?: AliasValidity; username?: string }): Promise<TimeLimitedAlias> {
  const owner = await ownMailbox(deps, actor, input.username);
  const allowed = [owner.domain, ...(await deps.db.select({ d: aliasDomain.aliasDomain }).from(aliasDomain)
    .where(eq(aliasDomain.targetDomain, owner.domain))).map((r) => r.d.toLowerCase())];
  const domain = (input.domain ?? owner.domain).toLowerCase();
  if (!allowed.includes(domain)) {
    throw new AppError('validation_failed', 'Some fields are not valid.', [{ path: 'domain', message: `Aliases can be made at ${allowed.join(', ')}.`, code: 'invalid' }]);
  }
  const validity = input.validity ?? '1y';
  const permanent = validity === 'permanent';
  const expires = permanent ? 0 : Math.floor(deps.now() / 1000) + HOURS[validity] * 3600;
  for (let attempt = 0; ; attempt++) {
    const address = `${part()}.${part()}@${domain}`;
    try {
      await deps.db.insert(spamalias).values({ address, goto: owner.username, description: input.description ?? '', validity: expires, permanent: permanent ? 1 : 0 });
      const [row] = await deps.db.select().from(spamalias).where(eq(spamalias.address, address));
      return view(row);
    } catch (e) {
      const code = (e as { cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
      if (code !== 'ER_DUP_ENTRY' || attempt >= 4) throw e;
    }
  }
}

export async function listTimeLimitedAliases(deps: Deps, actor: Actor,
  input: { username?: string; q?: string; cursor?: string; limit?: number }): Promise<{ items: TimeLimitedAlias[]; nextCursor: string | null }> {
  const owner = await ownMailbox(deps, actor, input.username);
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 100);
  const after = input.cursor ? Buffer.from(input.cursor, 'base64url').toString('utf8') : null;
  const q = input.q ? `%${input.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` : null;
  const rows = await deps.db.select().from(spamalias).where(and(
    eq(spamalias.goto, owner.username),
    or(gte(spamalias.validity, Math.floor(deps.now() / 1000)), ne(spamalias.permanent, 0)),
    after ? gt(spamalias.address, after) : undefined,
    q ? or(like(spamalias.address, q), like(spamalias.description, q)) : undefined,
  )).orderBy(asc(spamalias.address)).limit(limit + 1);
  const items = rows.slice(0, limit).map(view);
  return { items, nextCursor: rows.length > limit ? Buffer.from(items[items.length - 1].address).toString('base64url') : null };
}
