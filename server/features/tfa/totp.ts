// TOTP exactly as mailcow's RobThree TwoFactorAuth does it: an 80-bit base32 secret, 6 digits, 30 s,
// SHA1, one step of drift either way. A code that verified is spent: the time step it matched is
// marked in Redis per account and secret, so the same code cannot be replayed (two apps set up in
// the same half minute still each take their own code).
import { createHash } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { Deps } from '../../deps.ts';
import { keys } from '../../lib/redis-keys.ts';

const PERIOD = 30;
const params = { algorithm: 'SHA1', digits: 6, period: PERIOD } as const;

/** A new secret as mailcow makes it (createSecret(): 16 base32 characters, 80 bits). */
export const newTotpSecret = () => new Secret({ size: 10 }).base32;

export function totpUri(deps: Deps, username: string, secret: string): string {
  return new TOTP({ ...params, issuer: deps.env.TOTP_ISSUER, label: username, secret: Secret.fromBase32(secret) }).toString();
}

/** The time step `code` belongs to for this secret (within ±1 of now), or null. */
export function matchingStep(secret: string, code: string, now: number): number | null {
  let totp: TOTP;
  try {
    totp = new TOTP({ ...params, secret: Secret.fromBase32(secret) });
  } catch {
    return null; // a row mailcow (or someone) stored with a broken secret matches nothing
  }
  const delta = totp.validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD) + delta;
}

/**
 * Spends the step: true the first time, false when a code of this step was taken already. The mark
 * outlives the window in which the step's codes verify (three steps) by a little.
 */
export async function spendStep(deps: Deps, username: string, secret: string, step: number): Promise<boolean> {
  const tag = createHash('sha256').update(secret).digest('hex').slice(0, 16);
  return (await deps.redis.set(keys.totpUsed(username, tag, step), '1', 'EX', PERIOD * 4, 'NX')) === 'OK';
}

/** Checks `code` against the secrets (any may match, as in mailcow) and spends its step. */
export async function verifyTotp(deps: Deps, username: string, secrets: string[], code: string): Promise<boolean> {
  for (const secret of secrets) {
    const step = matchingStep(secret, code, deps.now());
    if (step !== null) return spendStep(deps, username, secret, step);
  }
  return false;
}
