// mailcow's `fido2` table (reference 1.11): password-less credentials (passkeys), kept apart from
// the second-factor keys in `tfa`. The table has no primary key: rows are written with a plain INSERT
// and found, renamed and removed by credentialId; outside they are named SHA2(credentialId, 256) in
// hex, as mailcow's fido2() does.
import { and, eq, sql } from 'drizzle-orm';
import { fido2 } from '../../db/schema/access.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { auditedBy, writeAudit } from '../lib/mailcow/audit-log.ts';
import type { AttestationCertificate } from '../lib/auth/webauthn-keys.ts';

type AccountActor = Actor & { username: string };

export interface PasskeyRow {
  username: string;
  credentialId: Buffer;
  publicKey: string;
}

export interface PasskeyListItem {
  /** SHA2(credentialId, 256) in hex. */
  id: string;
  friendlyName: string | null;
  /** mailcow's fallback name: the attestation certificate's subject, or null. */
  subject: string | null;
  created: string;
}

const cidHash = sql<string>`LOWER(SHA2(${fido2.credentialId}, 256))`;

/** `activeOnly`: false to find switched-off rows too (a new registration must not repeat their id). */
export async function findPasskey(deps: Pick<Deps, 'db'>, credentialId: Uint8Array, activeOnly = true): Promise<PasskeyRow | null> {
  const byId = eq(fido2.credentialId, Buffer.from(credentialId));
  const [row] = await deps.db.select({ username: fido2.username, credentialId: fido2.credentialId, publicKey: fido2.credentialPublicKey })
    .from(fido2).where(activeOnly ? and(byId, eq(fido2.active, 1)) : byId).limit(1);
  return row ?? null;
}

export async function passkeyIdsOf(deps: Pick<Deps, 'db'>, username: string): Promise<Buffer[]> {
  const rows = await deps.db.select({ id: fido2.credentialId }).from(fido2).where(eq(fido2.username, username));
  return rows.map((r) => r.id);
}

export async function passkeysOf(deps: Pick<Deps, 'db'>, username: string): Promise<PasskeyRow[]> {
  return deps.db.select({ username: fido2.username, credentialId: fido2.credentialId, publicKey: fido2.credentialPublicKey })
    .from(fido2).where(and(eq(fido2.username, username), eq(fido2.active, 1)));
}

export async function listPasskeys(deps: Pick<Deps, 'db'>, username: string): Promise<PasskeyListItem[]> {
  const rows = await deps.db.select({ id: cidHash, friendlyName: fido2.friendlyName, subject: fido2.certificateSubject, created: fido2.created })
    .from(fido2).where(eq(fido2.username, username)).orderBy(fido2.created);
  return rows.map((r) => ({ id: r.id, friendlyName: r.friendlyName, subject: r.subject || null, created: r.created }));
}

export interface NewPasskey {
  rpId: string;
  credentialId: Uint8Array;
  publicKeyPem: string;
  attestation: AttestationCertificate;
  /** lbuchs keeps a signature counter only when it is above 0. */
  signCount: number;
  aaguid: Uint8Array;
  friendlyName: string | null;
}

/** fido2('register'): a plain INSERT of what lbuchs's processCreate() returns. */
export async function insertPasskey(deps: Deps, actor: AccountActor, p: NewPasskey): Promise<void> {
  await deps.db.insert(fido2).values({
    username: actor.username, friendlyName: p.friendlyName, rpId: p.rpId, credentialPublicKey: p.publicKeyPem,
    certificateChain: p.attestation.chain, certificate: p.attestation.certificate,
    certificateIssuer: p.attestation.issuer, certificateSubject: p.attestation.subject,
    signatureCounter: p.signCount > 0 ? p.signCount : null, aaguid: Buffer.from(p.aaguid), credentialId: Buffer.from(p.credentialId),
  });
  await writeAudit(deps.db, [{ type: 'success', msg: ['object_modified', actor.username], call: ['fido2', 'register'], ...auditedBy(actor) }], deps.now());
}

const ownRow = (username: string, id: string) => and(eq(fido2.username, username), sql`SHA2(${fido2.credentialId}, 256) = ${id}`);

/** fido2('edit_fn'): true when the actor has a passkey of that id. */
export async function renamePasskey(deps: Deps, actor: AccountActor, id: string, friendlyName: string): Promise<boolean> {
  const [result] = await deps.db.update(fido2).set({ friendlyName }).where(ownRow(actor.username, id));
  if (result.affectedRows === 0) return false;
  await writeAudit(deps.db, [{ type: 'success', msg: ['object_modified', actor.username],
    call: ['fido2', { action: 'edit_fn', fido2_attrs: { fido2_cid: id, fido2_fn: friendlyName } }], ...auditedBy(actor) }], deps.now());
  return true;
}

/** fido2('unset_fido2_key'): only the actor's own. */
export async function deletePasskey(deps: Deps, actor: AccountActor, id: string): Promise<boolean> {
  const [result] = await deps.db.delete(fido2).where(ownRow(actor.username, id));
  if (result.affectedRows === 0) return false;
  await writeAudit(deps.db, [{ type: 'success', msg: ['object_modified', actor.username],
    call: ['fido2', { action: 'unset_fido2_key', post_data: { unset_fido2_key: id } }], ...auditedBy(actor) }], deps.now());
  return true;
}
