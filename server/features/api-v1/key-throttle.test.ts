// Failed X-API-Key checks from one address are refused for a while (429, mailcow's JSON), while a
// right key from there still gets in.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seedWorld, useTestApp } from '../../test/helpers.ts';
import { makeMailcowKey, makeScopedKey, mailcowKeyValue, v1 } from '../../test/v1-harness.ts';

const ctx = useTestApp({ API_KEY_MAX_FAILURES_PER_IP: '3', SIGNIN_LOCK_SECONDS: '600' });
const peer = () => `10.${randomBytes(3).join('.')}`;
const answer = async (res: Response) => ({ status: res.status, body: await res.text() });

describe('failed API keys', () => {
  it('are answered 429 from the fourth on, for wrong keys and wrong addresses alike', async () => {
    const from = peer();
    const listed = await makeMailcowKey(ctx, { allowFrom: '192.0.2.1' });
    for (const key of [mailcowKeyValue(), listed, 'cowbell-00']) {
      expect((await v1(ctx, key, { peer: from }).get('get/status/version')).status).toBe(401);
    }
    expect(await answer(await v1(ctx, mailcowKeyValue(), { peer: from }).get('get/status/version')))
      .toEqual({ status: 429, body: '{"type":"error","msg":"too many failed api key attempts, try again in 10 minutes"}' });
    expect((await v1(ctx, null, { peer: from }).get('get/status/version')).status).toBe(429);
    // Another address is not affected.
    expect((await v1(ctx, mailcowKeyValue(), { peer: peer() }).get('get/status/version')).status).toBe(401);
  });

  it('never refuse a right key, mailcow\'s or a scoped one, from a locked address', async () => {
    const from = peer();
    for (let i = 0; i < 4; i++) await v1(ctx, mailcowKeyValue(), { peer: from }).get('get/status/version');
    expect((await v1(ctx, mailcowKeyValue(), { peer: from }).get('get/status/version')).status).toBe(429);
    const key = await makeMailcowKey(ctx, { allowFrom: from });
    expect((await v1(ctx, key, { peer: from }).get('get/status/version')).status).toBe(200);
    const w = await seedWorld(ctx);
    const scoped = await makeScopedKey(ctx, w.domainAdmin);
    expect((await v1(ctx, scoped.key, { peer: from }).get('get/status/version')).status).toBe(200);
  });

  it('count an IPv6 client by its /64', async () => {
    const net = `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;
    for (let i = 1; i <= 3; i++) await v1(ctx, mailcowKeyValue(), { peer: `${net}::${i}` }).get('get/status/version');
    expect((await v1(ctx, mailcowKeyValue(), { peer: `${net}::99` }).get('get/status/version')).status).toBe(429);
  });
});
