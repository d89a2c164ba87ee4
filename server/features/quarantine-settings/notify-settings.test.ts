import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { userAcl } from '../../../db/schema/access.ts';
import { mailbox } from '../../../db/schema/mail.ts';
import { createTestClient, seedWorld, useTestApp } from '../../test/helpers.ts';

const ctx = useTestApp();

async function user() {
  const w = await seedWorld(ctx);
  const client = createTestClient(ctx);
  await client.signIn(w.user);
  return { w, client };
}

describe('quarantine notification settings', () => {
  it("reads mailcow's attributes and writes them back as strings, keeping the other keys", async () => {
    const { w, client } = await user();
    expect(await (await client.api['quarantine-settings'].$get()).json())
      .toEqual({ notification: 'hourly', category: 'reject', mayChangeNotification: true, mayChangeCategory: true });
    const res = await client.api['quarantine-settings'].$put({ json: { notification: 'weekly', category: 'add_header' } });
    expect((await res.json()).notification).toBe('weekly');
    const [row] = await ctx.deps.db.select().from(mailbox).where(eq(mailbox.username, w.user));
    const attrs = JSON.parse(row.attributes!);
    expect(attrs).toMatchObject({ quarantine_notification: 'weekly', quarantine_category: 'add_header', mailbox_format: 'maildir:' });
  });

  it('treats missing keys as mailcow defaults (never, reject)', async () => {
    const { w, client } = await user();
    await ctx.deps.db.update(mailbox).set({ attributes: '{}' }).where(eq(mailbox.username, w.user));
    expect(await (await client.api['quarantine-settings'].$get()).json()).toMatchObject({ notification: 'never', category: 'reject' });
  });

  it('refuses changes the user ACL forbids, and bad values', async () => {
    const { w, client } = await user();
    await ctx.deps.db.update(userAcl).set({ quarantineCategory: 0 }).where(eq(userAcl.username, w.user));
    expect((await client.api['quarantine-settings'].$put({ json: { category: 'all' } })).status).toBe(403);
    expect((await client.api['quarantine-settings'].$put({ json: { notification: 'daily' } })).status).toBe(200);
    expect((await client.api['quarantine-settings'].$put({ json: { notification: 'sometimes' as 'daily' } })).status).toBe(400);
    expect((await client.api['quarantine-settings'].$put({ json: {} })).status).toBe(400);
  });

  it('is for mailbox users only', async () => {
    const w = await seedWorld(ctx);
    const admin = createTestClient(ctx);
    await admin.signIn(w.admin);
    expect((await admin.api['quarantine-settings'].$get()).status).toBe(403);
  });
});
