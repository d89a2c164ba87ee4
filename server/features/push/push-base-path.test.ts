// Under BASE_PATH a notification opens the app below its prefix: the payload's URL carries it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPushService } from '../../test/push-service.ts';
import { createTestClient, seedWorld, uid, useTestApp } from '../../test/helpers.ts';
import { enableQuarantine, quarantineItem } from '../../test/quarantine-helpers.ts';
import { prepareQuarantinePush } from './notify.service.ts';
import { deliver } from './deliver.ts';

const push = await startPushService();
const ctx = useTestApp({ BASE_PATH: '/cowbell/', PUBLIC_URL: 'https://mail.example.org', PUSH_LOCAL_SERVICES: push.origin }, 10);
afterAll(() => push.close());
beforeAll(() => enableQuarantine(ctx));

describe('push notifications under /cowbell/', () => {
  it('open pages below the prefix: the test notification and a quarantined message', async () => {
    const w = await seedWorld(ctx);
    const client = createTestClient(ctx, { at: 'http://localhost/cowbell' });
    await client.signIn(w.user);
    const deviceId = `dev${uid()}`;
    const put = await client.api.push.devices[':deviceId'].$put({ param: { deviceId }, json: { ...push.subscription(deviceId), name: 'Pixel', locale: 'en' } });
    expect(put.status).toBe(200);
    expect(await (await client.api.push.devices[':deviceId'].test.$post({ param: { deviceId } })).json()).toEqual({ outcome: 'sent' });
    const item = await quarantineItem(ctx, w.user, { subject: 'Hello' });
    const [job] = await prepareQuarantinePush(ctx.deps, w.user);
    // The job names the app's path; what goes to the device has the prefix.
    expect(job.payload.url).toBe(`/quarantine/${item.id}`);
    await deliver(ctx.deps, job.subscriptionId, job.payload);
    expect(push.received.filter((r) => r.id === deviceId).map((r) => r.payload.url)).toEqual(['/cowbell/settings', `/cowbell/quarantine/${item.id}`]);
  });
});
