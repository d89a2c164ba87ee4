// Checks a code against the account's own factors: the second step of sign-in and a step-up proof
// both come here. Failed attempts count towards the sign-in limiter (per account and address), as
// wrong passwords do, so a second factor cannot be guessed any faster than a password.
import type { Deps } from '../../deps.ts';
import type { ProofMethod } from '../../lib/auth/step-up.ts';
import { AppError } from '../../lib/errors.ts';
import { writeAudit } from '../../lib/mailcow/audit-log.ts';
import type { Role } from '../../lib/roles.ts';
import { activeFactorsOf } from '../../mailcow/tfa.service.ts';
import type { SigninLimiter } from '../session/signin-limiter.ts';
import { spendRecoveryCode } from './recovery-codes.service.ts';
import type { SecondFactorInput } from './tfa.schema.ts';
import { verifyTotp } from './totp.ts';
import { verifyYubicoOtp } from './yubico-client.ts';

export interface VerifyDeps extends Deps {
  limiter: SigninLimiter;
}

export interface Claimant { username: string; role: Role | 'unauthenticated'; ip: string }

/** `<client id>:<API key>:<public id>` as mailcow stores it (the key is base64, so holds no colon). */
function yubicoRow(secret: string | null) {
  const [clientId, secretKey, publicId] = (secret ?? '').split(':');
  return clientId && secretKey && publicId ? { clientId, secretKey, publicId } : null;
}

async function yubiOtpMatches(deps: Deps, username: string, otp: string): Promise<boolean> {
  const publicId = otp.slice(0, 12);
  const row = (await activeFactorsOf(deps.db, username, 'yubi_otp')).map((r) => yubicoRow(r.secret)).find((r) => r?.publicId === publicId);
  if (!row) return false;
  const result = await verifyYubicoOtp(deps.env, row, otp);
  if (!result.ok && result.reason === 'unavailable') {
    throw new AppError('otp_server_unavailable', 'The YubiKey validation server did not answer. Try again, or use another method.');
  }
  return result.ok;
}

/** Whether the code is right for one of the account's factors (and spends it); nothing counted. */
async function matches(deps: Deps, username: string, input: SecondFactorInput): Promise<boolean> {
  switch (input.method) {
    case 'totp': {
      const rows = (await activeFactorsOf(deps.db, username, 'totp')).filter((r) => input.id === undefined || r.id === input.id);
      return verifyTotp(deps, username, rows.map((r) => r.secret ?? ''), input.code);
    }
    case 'yubi_otp':
      return yubiOtpMatches(deps, username, input.otp);
    case 'recovery':
      return spendRecoveryCode(deps, username, input.code);
  }
}

/**
 * The account's own counter for wrong codes, apart from its password counter: a right password resets
 * that one, and must not wipe the code failures, or password + one guess, again and again, would never
 * lock. (No account name holds a colon, nor starts like the limiter's collation keys, "w:".)
 */
export const secondFactorLimiterKey = (username: string) => `tfa:${username}`;

const FAILED_MSG: Record<SecondFactorInput['method'], string> = {
  totp: 'totp_verification_failed', yubi_otp: 'yotp_verification_failed', recovery: 'recovery_code_failed',
};

/**
 * The proof the code makes, or invalid_code. The attempt is counted before the check (the limiter's
 * reserve), and given back only when it was right.
 */
export async function verifyFactorCode(deps: VerifyDeps, who: Claimant, input: SecondFactorInput): Promise<ProofMethod> {
  const limiterKey = secondFactorLimiterKey(who.username);
  await deps.limiter.reserve(limiterKey, who.ip);
  if (!(await matches(deps, who.username, input))) {
    await writeAudit(deps.db, [{ type: 'danger', msg: FAILED_MSG[input.method], call: ['verify_tfa_login', who.username, '*'],
      user: who.role === 'unauthenticated' ? 'unauthenticated' : who.username, role: who.role, remote: who.ip }], deps.now());
    throw new AppError('invalid_code', 'This code is not correct, or was used already.');
  }
  await deps.limiter.release(limiterKey, who.ip);
  return input.method;
}
