// WebAuthn challenges live server-side, one open per ceremony and holder, for two minutes, and are
// taken (read and deleted at once) by the answer: a challenge works once, only for the ceremony it was
// made for (a passkey sign-in's challenge is no second factor's, and the other way round), and only
// for the session or browser that asked for it.
import { createHash } from 'node:crypto';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { keys } from '../../lib/redis-keys.ts';

export type CeremonyPurpose = 'tfa-signin' | 'tfa-register' | 'passkey-signin' | 'passkey-register' | 'step-up';

export const CHALLENGE_TTL_MS = 120_000;

const holderHash = (holder: string) => createHash('sha256').update(holder).digest('base64url');

export async function keepChallenge(deps: Deps, purpose: CeremonyPurpose, holder: string, challenge: string): Promise<void> {
  const value = JSON.stringify({ challenge, expiresAt: deps.now() + CHALLENGE_TTL_MS });
  await deps.redis.set(keys.webauthnChallenge(purpose, holderHash(holder)), value, 'PX', CHALLENGE_TTL_MS);
}

/** The open challenge of this ceremony, gone from the store once taken; expired or absent: challenge_expired. */
export async function takeChallenge(deps: Deps, purpose: CeremonyPurpose, holder: string): Promise<string> {
  const raw = await deps.redis.getdel(keys.webauthnChallenge(purpose, holderHash(holder)));
  const kept = raw ? (JSON.parse(raw) as { challenge: string; expiresAt: number }) : null;
  if (!kept || kept.expiresAt < deps.now()) {
    throw new AppError('challenge_expired', 'This request to your security key has expired. Try again.');
  }
  return kept.challenge;
}
