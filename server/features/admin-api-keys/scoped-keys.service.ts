// Cowbell's scoped keys (cowbell_api_keys; checked by api-v1/key-auth.ts): a domain admin lists,
// makes and revokes its own; an admin sees and revokes everyone's. A key is `cowbell-` + 48 hex
// digits, kept only as its SHA-256 (192 random bits leave nothing to guess, so a fast hash serves)
// and shown once, when made. Changes are logged in mailcow's `logs` like its own key changes.
import { randomBytes } from 'node:crypto';
import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import { cowbellApiKeys } from '../../../db/schema/cowbell.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { authorize } from '../../lib/authz/policy.ts';
import { AppError } from '../../lib/errors.ts';
import { auditedBy, writeAudit } from '../../lib/mailcow/audit-log.ts';
import { parseInput } from '../../lib/validate.ts';
import { parseAllowFrom } from '../../mailcow/api-key.rules.ts';
import { hashApiKey, parseUtcDatetime, SCOPED_KEY_PREFIX, utcDatetime } from '../api-v1/key-auth.ts';
import { createScopedKeyInput, MAX_SCOPED_KEYS, type CreatedScopedKey, type CreateScopedKeyInput, type ScopedKeyView } from './scoped-keys.schema.ts';

type Row = typeof cowbellApiKeys.$inferSelect;

/** Characters of a key kept to tell keys apart: the prefix and six hex digits (24 of its 192 bits). */
const PREFIX_CHARS = 14;
const iso = (utc: string | null) => (utc ? new Date(parseUtcDatetime(utc)).toISOString() : null);

const toView = (r: Row): ScopedKeyView => ({
  id: r.id, username: r.username, name: r.name, prefix: r.keyPrefix, access: r.access === 'rw' ? 'rw' : 'ro',
  allowFrom: r.allowFrom.split(',').filter(Boolean), active: r.active === 1, expiresAt: iso(r.expiresAt),
  created: r.created, lastUsedAt: iso(r.lastUsedAt), lastUsedIp: r.lastUsedIp,
});

const audit = (deps: Deps, actor: Actor, action: 'add' | 'delete', msg: unknown[], data: unknown) =>
  writeAudit(deps.db, [{ type: 'success', msg, call: ['cowbell_api_key', action, data], ...auditedBy(actor) }], deps.now());

/** A domain admin reaches its own keys, an admin everyone's (or one domain admin's when `username` is given). */
function reach(actor: Actor, username?: string): SQL | undefined {
  if (actor.role !== 'admin') return eq(cowbellApiKeys.username, actor.username);
  return username ? eq(cowbellApiKeys.username, username) : undefined;
}

export async function listScopedKeys(deps: Deps, actor: Actor, username?: string): Promise<ScopedKeyView[]> {
  await authorize(deps.db, actor, { do: 'scopedKeys.manage' });
  const rows = await deps.db.select().from(cowbellApiKeys).where(reach(actor, username))
    .orderBy(cowbellApiKeys.username, desc(cowbellApiKeys.id)).limit(5000);
  return rows.map(toView);
}

export async function createScopedKey(deps: Deps, actor: Actor, input: CreateScopedKeyInput): Promise<CreatedScopedKey> {
  await authorize(deps.db, actor, { do: 'scopedKeys.create' });
  const data = parseInput(createScopedKeyInput, input);
  const allowFrom = parseAllowFrom(data.allowFrom ?? '').join(',');
  let expiresAt: string | null = null;
  if (data.expiresAt) {
    const at = Date.parse(data.expiresAt);
    if (at <= deps.now()) {
      throw new AppError('validation_failed', 'Some fields are not valid.', [{ path: 'expiresAt', code: 'invalid', message: 'Choose a time in the future.' }]);
    }
    expiresAt = utcDatetime(new Date(at));
  }
  const [{ held }] = await deps.db.select({ held: count() }).from(cowbellApiKeys).where(eq(cowbellApiKeys.username, actor.username));
  if (held >= MAX_SCOPED_KEYS) throw new AppError('conflict', `You hold ${MAX_SCOPED_KEYS} keys already: revoke one first.`);
  const secret = `${SCOPED_KEY_PREFIX}${randomBytes(24).toString('hex')}`;
  const [{ id }] = await deps.db.insert(cowbellApiKeys).values({
    username: actor.username, name: data.name, keyHash: hashApiKey(secret), keyPrefix: secret.slice(0, PREFIX_CHARS),
    access: data.access, allowFrom, expiresAt,
  }).$returningId();
  await audit(deps, actor, 'add', ['cowbell_api_key_added', data.name], { name: data.name, access: data.access, expires_at: expiresAt, allow_from: allowFrom });
  const [row] = await deps.db.select().from(cowbellApiKeys).where(eq(cowbellApiKeys.id, id));
  return { key: toView(row), secret };
}

/** Revoking deletes the row: the key stops working with its next request. Another's key is "not found" to a domain admin. */
export async function revokeScopedKey(deps: Deps, actor: Actor, id: number): Promise<void> {
  await authorize(deps.db, actor, { do: 'scopedKeys.manage' });
  const where = and(eq(cowbellApiKeys.id, id), reach(actor));
  const [row] = await deps.db.select().from(cowbellApiKeys).where(where);
  if (!row) throw new AppError('not_found', 'There is no such key.');
  await deps.db.delete(cowbellApiKeys).where(where);
  await audit(deps, actor, 'delete', ['cowbell_api_key_removed', row.name], { id, username: row.username, name: row.name });
}
