// A mailbox user's password-manager tokens: made (and shown) once, listed by name and last use,
// revoked; and, on every call of the password-manager API, turned into an `alias_token` actor.
// Like mailcow's app passwords they are a credential of their own: a password change leaves them
// working, a disabled mailbox or domain (or login disallowed) stops them, revoking ends them at once.
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { cowbellAliasTokens as tokens } from '../../../db/schema/cowbell.ts';
import { domain, mailbox } from '../../../db/schema/mail.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { authorize } from '../../lib/authz/policy.ts';
import { AppError } from '../../lib/errors.ts';
import type { AliasValidity } from '../../mailcow/spamalias.service.ts';
import { mailboxRefusal } from '../session/accounts.ts';
import { ALIAS_VALIDITIES, type AliasTokenView, type CreatedAliasToken } from './alias-tokens.schema.ts';
import type { TokenLimits } from './token-limits.ts';

/** Recognisable in a password manager's settings and to secret scanners. */
export const TOKEN_PREFIX = 'cwb_';
const TOKEN_SHAPE = /^cwb_[A-Za-z0-9_-]{43}$/;
export const MAX_TOKENS_PER_USER = 20;

/**
 * SHA-256, not bcrypt: a token is 256 random bits, so nobody can guess it from its hash however
 * fast the hash is (a slow hash only protects guessable secrets such as passwords), and a fast one
 * lets each request find its token by an index instead of trying every row.
 */
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const asValidity = (v: string): AliasValidity => ((ALIAS_VALIDITIES as readonly string[]).includes(v) ? v as AliasValidity : 'permanent');

const view = (r: Pick<typeof tokens.$inferSelect, 'id' | 'name' | 'validity' | 'created' | 'lastUsedAt'>): AliasTokenView => ({
  id: r.id, name: r.name, validity: asValidity(r.validity), created: r.created, lastUsedAt: r.lastUsedAt,
});

export async function listAliasTokens(deps: Deps, actor: Actor): Promise<AliasTokenView[]> {
  await authorize(deps.db, actor, { do: 'aliasTokens.manage' });
  return (await deps.db.select().from(tokens).where(eq(tokens.username, actor.username)).orderBy(asc(tokens.id))).map(view);
}

export async function createAliasToken(deps: Deps, actor: Actor, input: { name: string; validity: AliasValidity }): Promise<CreatedAliasToken> {
  await authorize(deps.db, actor, { do: 'aliasTokens.create' });
  const [owner] = await deps.db.select({ created: mailbox.created }).from(mailbox)
    .where(and(eq(mailbox.username, actor.username), eq(mailbox.kind, ''))).limit(1);
  if (!owner) throw new AppError('not_found', 'No such mailbox.');
  const [{ n }] = await deps.db.select({ n: count() }).from(tokens).where(eq(tokens.username, actor.username));
  if (n >= MAX_TOKENS_PER_USER) {
    throw new AppError('conflict', `You already have ${MAX_TOKENS_PER_USER} tokens. Revoke one you no longer use first.`);
  }
  const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const [res] = await deps.db.insert(tokens).values({ username: actor.username, name: input.name, tokenHash: hashToken(secret),
    validity: input.validity, mailboxCreated: owner.created });
  const [row] = await deps.db.select().from(tokens).where(eq(tokens.id, res.insertId));
  return { token: view(row), secret };
}

export async function revokeAliasToken(deps: Deps, actor: Actor, input: { id: number }): Promise<void> {
  await authorize(deps.db, actor, { do: 'aliasTokens.manage' });
  const [res] = await deps.db.delete(tokens).where(and(eq(tokens.id, input.id), eq(tokens.username, actor.username)));
  if (res.affectedRows === 0) throw new AppError('not_found', 'No such token.');
}

export interface TokenHolder {
  actor: Actor;
  token: { id: number; validity: AliasValidity };
}

const UNKNOWN = 'This token is unknown or was revoked.';

/**
 * Who is calling with this token, as an `alias_token` actor acting for its owner. Only unknown tokens
 * count against the caller's IP, and only they are refused while it is locked: the endpoints answer
 * any web page (CORS), so a page a user visits could otherwise send a few bad tokens from the user's
 * browser and lock the user's own password manager out. A known token counts against its own
 * per-minute limit, and the first use of each minute writes the last-use time (one UPDATE a minute).
 */
export async function authenticateAliasToken(deps: Deps & { limits: TokenLimits }, ip: string, presented: string | null): Promise<TokenHolder> {
  if (!presented) throw new AppError('unauthenticated', 'Send your Cowbell alias token in the Authentication header or as Authorization: Bearer.');
  const [row] = TOKEN_SHAPE.test(presented)
    ? await deps.db.select({ id: tokens.id, username: tokens.username, validity: tokens.validity, mailboxCreated: tokens.mailboxCreated,
      created: mailbox.created, kind: mailbox.kind, active: mailbox.active, domainActive: domain.active })
      .from(tokens).leftJoin(mailbox, eq(mailbox.username, tokens.username)).leftJoin(domain, eq(domain.domain, mailbox.domain))
      .where(eq(tokens.tokenHash, hashToken(presented))).limit(1)
    : [];
  if (!row) {
    await deps.limits.reserve(ip);
    throw new AppError('unauthenticated', UNKNOWN);
  }
  // The mailbox was deleted, or deleted and made again (maybe for someone else): the token died with it.
  if (row.created !== row.mailboxCreated || row.kind !== '') throw new AppError('unauthenticated', UNKNOWN);
  const refusal = mailboxRefusal(row.active ?? 0, row.domainActive ?? 0);
  if (refusal) throw new AppError(refusal.code, refusal.message);
  if (await deps.limits.use(row.id)) await deps.db.update(tokens).set({ lastUsedAt: sql`NOW()` }).where(eq(tokens.id, row.id));
  return { actor: { kind: 'alias_token', username: row.username, role: 'user', ip }, token: { id: row.id, validity: asValidity(row.validity) } };
}
