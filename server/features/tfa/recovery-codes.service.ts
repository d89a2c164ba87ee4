// Recovery codes: ten single-use codes that stand in for a second factor (a lost phone, a lost key).
// They are shown once when made; only their SHA-256 is kept, and a code is deleted as it is used, so
// using one is one atomic DELETE that two requests cannot both win.
import { createHash, randomBytes } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import { cowbellTfaRecoveryCodes as codes } from '../../../db/schema/cowbell.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { authorize } from '../../lib/authz/policy.ts';
import { AppError } from '../../lib/errors.ts';
import { hasAnyFactor } from '../../mailcow/tfa.service.ts';
import type { RecoveryCodesView } from './tfa.schema.ts';

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** 16 base32 characters (80 bits) in groups of four: "k3vd-9…" is easy to read out and type. */
function newCode(): string {
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** Case, spaces and dashes do not matter when a code is typed back. */
const hashCode = (code: string) => createHash('sha256').update(code.toLowerCase().replace(/[^a-z2-7]/g, '')).digest('hex');

export async function countRecoveryCodes(deps: Deps, actor: Actor): Promise<RecoveryCodesView> {
  await authorize(deps.db, actor, { do: 'account.factors' });
  const [row] = await deps.db.select({ n: count() }).from(codes).where(eq(codes.username, actor.username));
  return { left: Number(row.n) };
}

/** A new set replaces the old one. Only an account with a second factor has anything to recover. */
export async function generateRecoveryCodes(deps: Deps, actor: Actor): Promise<{ codes: string[] }> {
  await authorize(deps.db, actor, { do: 'account.factors.manage' });
  if (!(await hasAnyFactor(deps.db, actor.username))) {
    throw new AppError('no_second_factor', 'Set up a second factor first: recovery codes stand in for it.');
  }
  const fresh = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  await deps.db.transaction(async (tx) => {
    await tx.delete(codes).where(eq(codes.username, actor.username));
    await tx.insert(codes).values(fresh.map((c) => ({ username: actor.username, codeHash: hashCode(c) })));
  });
  return { codes: fresh };
}

/** Uses up one code of the account; false when it is not one of its unused codes. */
export async function spendRecoveryCode(deps: Deps, username: string, code: string): Promise<boolean> {
  const [res] = await deps.db.delete(codes).where(and(eq(codes.username, username), eq(codes.codeHash, hashCode(code))));
  return res.affectedRows === 1;
}

/** Second factors switched off: the codes that stood in for them go too. */
export async function dropRecoveryCodes(deps: Deps, username: string): Promise<void> {
  await deps.db.delete(codes).where(eq(codes.username, username));
}
