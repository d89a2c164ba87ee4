// Second factors in tests: rows written exactly as mailcow's set_tfa writes them, codes computed as an
// authenticator app would, and clients signed in up to the second step.
import { Secret, TOTP } from 'otpauth';
import { expect } from 'vitest';
import { tfa } from '../../db/schema/access.ts';
import { createTestClient, PASSWORD, type ClientOptions, type TestContext } from './helpers.ts';

export const totpCodeAt = (secret: string, ms: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: ms });

/** A TOTP row as mailcow's set_tfa inserts it: (username, key_id, 'totp', base32 secret, active '1'). */
export async function addMailcowTotp(ctx: TestContext, username: string, opts: { keyId?: string; active?: 0 | 1 } = {}) {
  const secret = new Secret({ size: 10 }).base32;
  const [row] = await ctx.deps.db.insert(tfa).values({ username, keyId: opts.keyId ?? 'Phone', authmech: 'totp', secret, active: opts.active ?? 1 }).$returningId();
  return { id: row.id, secret };
}

/** A client whose password was right and who now owes the second factor. */
export async function pendingClient(ctx: TestContext, username: string, opts: ClientOptions = {}) {
  const client = createTestClient(ctx, opts);
  const res = await client.signIn(username, PASSWORD);
  expect(res.status).toBe(200);
  expect((await res.json()).session.state).toBe('tfa_pending');
  return client;
}

export type Client = ReturnType<typeof createTestClient>;

export const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
