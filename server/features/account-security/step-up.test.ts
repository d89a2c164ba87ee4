// Step-up: a change that mints a credential needs a proof of identity from the last few minutes.
import { describe, expect, it } from 'vitest';
import { createTestClient, PASSWORD, seedWorld, useTestApp } from '../../test/helpers.ts';

const ctx = useTestApp({ STEP_UP_MINUTES: '5' });
const MINUTE = 60_000;

async function signedIn() {
  const w = await seedWorld(ctx);
  const client = createTestClient(ctx);
  expect((await client.signIn(w.user)).status).toBe(200);
  return { client, w };
}
const newToken = (client: ReturnType<typeof createTestClient>) => client.api['alias-tokens'].$post({ json: { name: 'Bitwarden' } });

describe('step-up', () => {
  it('lets a change through right after sign-in, and asks again once the proof is older than the window', async () => {
    const { client } = await signedIn();
    expect((await newToken(client)).status).toBe(201);
    ctx.clock.advance(5 * MINUTE + 1);
    const stale = await newToken(client);
    expect(stale.status).toBe(403);
    expect((await stale.json() as unknown as { error: { code: string } }).error.code).toBe('step_up_required');
    // Reading and revoking are not held back: only minting a credential is.
    expect((await client.api['alias-tokens'].$get()).status).toBe(200);
  });

  it('takes the password as a fresh proof, and refuses a wrong one without freshening anything', async () => {
    const { client } = await signedIn();
    ctx.clock.advance(6 * MINUTE);
    const wrong = await client.api.account.confirm.$post({ json: { password: 'not-it' } });
    expect(wrong.status).toBe(401);
    expect((await newToken(client)).status).toBe(403);
    const right = await client.api.account.confirm.$post({ json: { password: PASSWORD } });
    expect(right.status).toBe(200);
    const body = await right.json();
    expect(Date.parse(body.freshUntil) - Date.parse(body.provedAt)).toBe(5 * MINUTE);
    expect((await newToken(client)).status).toBe(201);
  });

  it('counts wrong confirmations towards the sign-in limiter', async () => {
    const { client, w } = await signedIn();
    let last = 0;
    for (let i = 0; i < 12 && last !== 429; i++) last = (await client.api.account.confirm.$post({ json: { password: `wrong-${i}` } })).status;
    expect(last).toBe(429);
    // The same account counter as sign-in: even the right password is held back now, from anywhere.
    expect((await createTestClient(ctx).signIn(w.user)).status).toBe(429);
  });

  it('refuses bad input with the field named', async () => {
    const { client } = await signedIn();
    const res = await client.api.account.confirm.$post({ json: { password: '' } });
    expect(res.status).toBe(400);
    expect((await res.json() as unknown as { error: { issues: { path: string }[] } }).error.issues[0].path).toBe('password');
  });
});
