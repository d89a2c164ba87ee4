// mailcow's `tfa` rows of authmech 'webauthn' (reference 1.10 and 7): the second-factor security keys.
// Stored exactly as set_tfa() writes them: keyHandle = standard base64 (with padding) of the raw
// credential id, publicKey = SPKI PEM, certificate = attestation certificate PEM or NULL, counter 0
// (mailcow never updates it, so nothing may rely on it), active 1. Removing rows is the tfa service's.
import { and, eq } from 'drizzle-orm';
import { tfa } from '../../db/schema/access.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { auditedBy, writeAudit } from '../lib/mailcow/audit-log.ts';

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

export interface NewWebauthnKey {
  keyId: string;
  credentialId: Uint8Array;
  publicKeyPem: string;
  certificate: string | null;
}

/** set_tfa() for webauthn: a plain INSERT, never replacing another row. */
export async function insertWebauthnKey(deps: Deps, actor: Actor & { username: string }, key: NewWebauthnKey): Promise<number> {
  const [result] = await deps.db.insert(tfa).values({
    username: actor.username, keyId: key.keyId, authmech: 'webauthn', keyHandle: Buffer.from(key.credentialId).toString('base64'),
    publicKey: key.publicKeyPem, certificate: key.certificate, counter: 0, active: 1,
  });
  await writeAudit(deps.db, [{ type: 'success', msg: ['object_modified', actor.username],
    call: ['set_tfa', { tfa_method: 'webauthn', key_id: key.keyId, confirm_password: '*' }], ...auditedBy(actor) }], deps.now());
  return result.insertId;
}
