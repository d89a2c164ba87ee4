import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { userAcl } from '../../db/schema/access.ts';
import { mailbox } from '../../db/schema/mail.ts';
import { quarantine } from '../../db/schema/quarantine.ts';
import { createDeps } from '../deps.ts';
import { withAttributes } from '../lib/mailcow/attributes.ts';
import { startSmtpSink } from '../test/fakes.ts';
import { seedWorld, useTestApp } from '../test/helpers.ts';
import { enableQuarantine, quarantineItem } from '../test/quarantine-helpers.ts';
import { sendDigests } from './quarantine-digest.ts';

const sink = await startSmtpSink();
afterAll(() => sink.close());
const ctx = useTestApp({ RELEASE_SMTP_PORT: String(sink.port), PUBLIC_URL: 'https://mail.example.test' }, 7);
beforeAll(() => enableQuarantine(ctx));
beforeEach(async () => {
  sink.messages.length = 0;
  await ctx.deps.redis.del('Q_MAX_SCORE', 'Q_REDIRECT', 'Q_BCC', 'Q_SENDER', 'Q_SUBJ', 'Q_HTML');
});

const NOW = 1_800_000_000;

async function userWith(notification: string, category = 'reject') {
  const w = await seedWorld(ctx);
  const [row] = await ctx.deps.db.select().from(mailbox).where(eq(mailbox.username, w.user));
  await ctx.deps.db.update(mailbox).set({ attributes: withAttributes(row.attributes, { quarantine_notification: notification, quarantine_category: category }) })
    .where(eq(mailbox.username, w.user));
  return w.user;
}

const notified = async (id: number) => (await ctx.deps.db.select().from(quarantine).where(eq(quarantine.id, id)))[0].notified;

describe('quarantine digest', () => {
  it('mails the due items of the chosen category with links, marks them notified and remembers when', async () => {
    const user = await userWith('hourly');
    const a = await quarantineItem(ctx, user, { subject: '<b>Prize</b> & more' });
    const b = await quarantineItem(ctx, user, { subject: 'Second' });
    const junk = await quarantineItem(ctx, user, { subject: 'Junk', action: 'add header' });
    expect((await sendDigests(ctx.deps, NOW, [user])).sent).toEqual([user]);
    expect(sink.messages).toHaveLength(1);
    const mail = sink.messages[0];
    expect(mail).toMatchObject({ from: 'quarantine@localhost', to: [user] });
    expect(mail.raw).toContain('Subject: Spam Quarantine Notification');
    // mailcow's quarantine.tpl, which escapes subjects with |e.
    expect(mail.raw).toContain('&lt;b&gt;Prize&lt;/b&gt; &amp; more');
    expect(mail.raw).toContain('multipart/alternative');
    expect(mail.raw).toContain('text/plain');
    expect(mail.raw).not.toContain('Junk');
    const [{ qhash }] = await ctx.deps.db.select({ qhash: quarantine.qhash }).from(quarantine).where(eq(quarantine.id, a.id));
    expect(mail.raw.replace(/=\r?\n/g, '')).toContain(`https://mail.example.test/qhandler/release/${qhash}`);
    expect([await notified(a.id), await notified(b.id), await notified(junk.id)]).toEqual([1, 1, 0]);
    expect(await ctx.deps.redis.hget('Q_LAST_NOTIFIED', user)).toBe(String(NOW));
  });

  it('waits for the interval, then sends only what is new', async () => {
    const user = await userWith('daily');
    await quarantineItem(ctx, user);
    await sendDigests(ctx.deps, NOW, [user]);
    await quarantineItem(ctx, user, { subject: 'Later one' });
    expect((await sendDigests(ctx.deps, NOW + 3600, [user])).sent).toEqual([]);
    expect((await sendDigests(ctx.deps, NOW + 86400, [user])).sent).toEqual([user]);
    expect(sink.messages[1].raw).toContain('Later one');
    expect(sink.messages[1].raw).toContain('1 new message');
  });

  it('honours never, category all, Q_MAX_SCORE, the ACL for links, Q_REDIRECT and Q_BCC', async () => {
    const never = await userWith('never');
    await quarantineItem(ctx, never);
    const all = await userWith('hourly', 'all');
    await quarantineItem(ctx, all, { subject: 'Rejected one' });
    await quarantineItem(ctx, all, { subject: 'Junk one', action: 'add header' });
    await quarantineItem(ctx, all, { subject: 'Very spammy', score: 500 });
    await ctx.deps.db.update(userAcl).set({ quarantine: 0 }).where(eq(userAcl.username, all));
    await ctx.deps.redis.mset({ Q_MAX_SCORE: '100', Q_REDIRECT: 'postmaster@example.test', Q_BCC: 'audit@example.test' });
    expect((await sendDigests(ctx.deps, NOW, [never, all])).sent).toEqual([all]);
    const [mail] = sink.messages;
    expect(mail.to).toEqual(['postmaster@example.test', 'audit@example.test']);
    expect(mail.raw).toContain('Rejected one');
    expect(mail.raw).toContain('Junk one');
    expect(mail.raw).not.toContain('Very spammy');
    expect(mail.raw).not.toContain('/qhandler/');
  });

  it('goes out once when two Cowbells run the digest at the same time', async () => {
    const user = await userWith('hourly');
    await quarantineItem(ctx, user);
    // A second process: its own database pool and Redis connection. The slow relay keeps both runs in
    // flight together, so without the mailbox lock both would read Q_LAST_NOTIFIED as unset and send.
    const other = createDeps(ctx.deps.env);
    sink.state.delayMs = 300;
    try {
      const runs = await Promise.all([sendDigests(ctx.deps, NOW, [user]), sendDigests(other, NOW, [user])]);
      expect(runs.flatMap((r) => r.sent)).toEqual([user]);
      expect(sink.messages).toHaveLength(1);
    } finally {
      sink.state.delayMs = 0;
      await other.close();
    }
  });

  it("renders the admin's Q_HTML with Q_SENDER and Q_SUBJ, and mailcow's template when Q_HTML is broken", async () => {
    const user = await userWith('hourly');
    await quarantineItem(ctx, user, { subject: 'Custom one' });
    await ctx.deps.redis.mset({ Q_HTML: '<p>{{ counter }} for {{ username }}: {% for m in meta %}[{{ m.subject|e }}]{% endfor %}</p>',
      Q_SENDER: 'spam-digest@example.test', Q_SUBJ: 'Your digest' });
    expect((await sendDigests(ctx.deps, NOW, [user])).sent).toEqual([user]);
    const [mail] = sink.messages;
    expect(mail.from).toBe('spam-digest@example.test');
    expect(mail.raw).toContain('Subject: Your digest');
    const decoded = Buffer.from(mail.raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
    expect(decoded).toContain(`<p>1 for ${user}: [\u2068Custom one\u2069]</p>`);
    expect(mail.raw).not.toMatch(/^Bcc:/im);
    const broken = await userWith('hourly');
    await quarantineItem(ctx, broken, { subject: 'Broken one' });
    await ctx.deps.redis.set('Q_HTML', '{% for m in meta %}never closed');
    await sendDigests(ctx.deps, NOW, [broken]);
    expect(sink.messages[1].raw).toContain('There is 1 new message waiting in quarantine');
  });

  it('leaves Q_LAST_NOTIFIED alone when nothing qualifies', async () => {
    const user = await userWith('hourly', 'add_header');
    await quarantineItem(ctx, user);
    expect((await sendDigests(ctx.deps, NOW, [user])).sent).toEqual([]);
    expect(await ctx.deps.redis.hget('Q_LAST_NOTIFIED', user)).toBeNull();
  });
});
