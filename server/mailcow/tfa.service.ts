// mailcow's `tfa` table (reference 1.10 and 7): every read and write of second-factor rows, for all
// kinds (totp, yubi_otp, webauthn), with mailcow's rules: the last active key is not removed alone
// (last_key), force_tfa keeps second factors on (tfa_removal_blocked), "none" deletes every row.
// Rows are keyed by tfa.username (a mailbox's address or an admin's name), so an actor only ever
// reaches its own rows: every function here takes the actor's own stored name.
import { and, eq, like } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { tfa } from '../../db/schema/access.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { AppError } from '../lib/errors.ts';
import { auditedBy, writeAudit } from '../lib/mailcow/audit-log.ts';
import { findAccount } from '../features/session/accounts.ts';

export type Authmech = 'yubi_otp' | 'u2f' | 'hotp' | 'totp' | 'webauthn';

/** A factor as the account's own list shows it: never its secret or key material. */
export interface FactorView {
  id: number;
  keyId: string;
  authmech: Authmech | 'unknown';
  active: boolean;
}

export type NewFactor =
  /** `secret`: base32, as mailcow's RobThree TwoFactorAuth stores it. */
  | { authmech: 'totp'; keyId: string; secret: string }
  /** Stored as `<client id>:<API key>:<12-char modhex public id>`; the same public id replaces its old row. */
  | { authmech: 'yubi_otp'; keyId: string; clientId: string; secretKey: string; publicId: string }
  /** `keyHandle`: base64 credential id; `publicKey`: PEM; `certificate`: attestation certificate (or null). */
  | { authmech: 'webauthn'; keyId: string; keyHandle: string; publicKey: string; certificate: string | null };

export async function listFactors(db: Db, username: string): Promise<FactorView[]> {
  const rows = await db.select({ id: tfa.id, keyId: tfa.keyId, authmech: tfa.authmech, active: tfa.active })
    .from(tfa).where(eq(tfa.username, username)).orderBy(tfa.id);
  return rows.map((r) => ({ id: r.id, keyId: r.keyId, authmech: r.authmech ?? 'unknown', active: Number(r.active) === 1 }));
}

/** Active rows of one kind with what verifying them needs (secret, key handle, public key). */
export function activeFactorsOf(db: Db, username: string, authmech: Authmech) {
  return db.select({ id: tfa.id, keyId: tfa.keyId, secret: tfa.secret, keyHandle: tfa.keyHandle, publicKey: tfa.publicKey, counter: tfa.counter })
    .from(tfa).where(and(eq(tfa.username, username), eq(tfa.authmech, authmech), eq(tfa.active, 1)));
}

/** Whether the account has any tfa row at all, active or not (force_tfa only forces enrolment without one). */
export async function hasAnyFactor(db: Db, username: string): Promise<boolean> {
  const [row] = await db.select({ id: tfa.id }).from(tfa).where(eq(tfa.username, username)).limit(1);
  return row !== undefined;
}

const rowValues = (username: string, f: NewFactor) => {
  const base = { username, keyId: f.keyId, authmech: f.authmech, active: 1 };
  switch (f.authmech) {
    case 'totp': return { ...base, secret: f.secret };
    case 'yubi_otp': return { ...base, secret: `${f.clientId}:${f.secretKey}:${f.publicId}` };
    case 'webauthn': return { ...base, keyHandle: f.keyHandle, publicKey: f.publicKey, certificate: f.certificate, counter: 0 };
  }
};

/** mailcow's $_data_log for set_tfa: the method and label, never a secret. */
const setTfaLog = (f: { authmech: string; keyId: string }) => ['set_tfa', { tfa_method: f.authmech, key_id: f.keyId, confirm_password: '*' }];

/** Adds a factor to the actor's own account (active, as mailcow's set_tfa inserts it). Returns its id. */
export async function insertFactor(deps: Deps, actor: Actor, factor: NewFactor): Promise<number> {
  return deps.db.transaction(async (tx) => {
    if (factor.authmech === 'yubi_otp') {
      // publicId is 12 letters or digits (checked at the edge): nothing in it is a LIKE wildcard.
      await tx.delete(tfa).where(and(eq(tfa.username, actor.username), eq(tfa.authmech, 'yubi_otp'),
        like(tfa.secret, `%${factor.publicId}`)));
    }
    const [inserted] = await tx.insert(tfa).values(rowValues(actor.username, factor)).$returningId();
    await writeAudit(tx, [{ type: 'success', msg: ['object_modified', actor.username], call: setTfaLog(factor), ...auditedBy(actor) }], deps.now());
    return inserted.id;
  });
}

async function forcedTfa(db: Db, username: string): Promise<boolean> {
  return (await findAccount(db, username))?.forceTfa === true;
}

/**
 * mailcow's unset_tfa_key: one of the actor's own rows (any other id is not_found). The last active
 * key stays (last_key), or with force_tfa set, tfa_removal_blocked: turning second factors off
 * altogether is deleteAllFactors.
 */
export async function deleteFactor(deps: Deps, actor: Actor, id: number): Promise<void> {
  const rows = await listFactors(deps.db, actor.username);
  const target = rows.find((r) => r.id === id);
  if (!target) throw new AppError('not_found', 'There is no such second factor.');
  if (target.active && rows.filter((r) => r.active).length === 1) {
    if (await forcedTfa(deps.db, actor.username)) throw new AppError('tfa_removal_blocked', 'Your administrator requires a second factor.');
    throw new AppError('last_key', 'This is your only second factor. Add another one first, or turn two-factor sign-in off.');
  }
  await deps.db.delete(tfa).where(and(eq(tfa.username, actor.username), eq(tfa.id, id)));
  await writeAudit(deps.db, [{ type: 'success', msg: ['object_modified', actor.username], call: ['unset_tfa_key', { unset_tfa_key: id }],
    ...auditedBy(actor) }], deps.now());
}

/** mailcow's set_tfa with method "none": every row of the actor goes, unless force_tfa says they stay. */
export async function deleteAllFactors(deps: Deps, actor: Actor): Promise<number> {
  if (await forcedTfa(deps.db, actor.username)) throw new AppError('tfa_removal_blocked', 'Your administrator requires a second factor.');
  const [res] = await deps.db.delete(tfa).where(eq(tfa.username, actor.username));
  await writeAudit(deps.db, [{ type: 'success', msg: ['object_modified', actor.username], call: setTfaLog({ authmech: 'none', keyId: '' }),
    ...auditedBy(actor) }], deps.now());
  return res.affectedRows;
}

/** The security keys (authmech webauthn) with their raw credential ids, for WebAuthn ceremonies. */
export interface WebauthnKeyRow {
  id: number;
  keyId: string;
  /** The raw credential id, decoded from keyHandle. */
  credentialId: Buffer;
  publicKey: string;
  active: boolean;
}

/** Every webauthn row of the account (inactive ones too: registration must not make them again). */
export async function webauthnKeysOf(deps: Pick<Deps, 'db'>, username: string): Promise<WebauthnKeyRow[]> {
  const rows = await deps.db.select({ id: tfa.id, keyId: tfa.keyId, keyHandle: tfa.keyHandle, publicKey: tfa.publicKey, active: tfa.active })
    .from(tfa).where(and(eq(tfa.username, username), eq(tfa.authmech, 'webauthn')));
  return rows.filter((r) => r.keyHandle && r.publicKey).map((r) => ({
    id: r.id, keyId: r.keyId, publicKey: r.publicKey!, active: Number(r.active) === 1,
    // Buffer's base64 reads both alphabets, so a keyHandle written URL-safe by some other tool still matches.
    credentialId: Buffer.from(r.keyHandle!, 'base64'),
  }));
}
