import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { cowbellQuarantineItems } from '../../../db/schema/cowbell.ts';
import { quarantine } from '../../../db/schema/quarantine.ts';
import { createTestClient, seedWorld, useTestApp } from '../../test/helpers.ts';
import { enableQuarantine, quarantineItem } from '../../test/quarantine-helpers.ts';

const ctx = useTestApp({ QUARANTINE_SYNC_MS: '0' }, 4);
beforeAll(() => enableQuarantine(ctx));

async function signedIn(name: string) {
  const client = createTestClient(ctx);
  expect((await client.signIn(name)).status).toBe(200);
  return client;
}

describe('quarantine list', () => {
  it('shows a user their own items, newest first, in keyset pages', async () => {
    const w = await seedWorld(ctx);
    const other = await seedWorld(ctx);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await quarantineItem(ctx, w.user, { subject: `s${i}` })).id);
    await quarantineItem(ctx, other.user);
    const client = await signedIn(w.user);
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await (await client.api.quarantine.$get({ query: { limit: '2', ...(cursor ? { cursor } : {}) } })).json();
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ? String(page.nextCursor) : undefined;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const first = await (await client.api.quarantine.$get({ query: {} })).json();
    expect(first.unreviewed).toBe(5);
    expect(first.items[0]).toMatchObject({ subject: 's4', rcpt: w.user, action: 'reject', reviewed: false,
      reasons: ['MAILSTACK_TEST_SPAM', 'BAYES_SPAM'], virus: false });
  });

  it('counts the unreviewed items with every page, an empty one included', async () => {
    const w = await seedWorld(ctx);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await quarantineItem(ctx, w.user, { subject: `count ${i}` })).id);
    await ctx.deps.db.update(cowbellQuarantineItems).set({ reviewed: 1 }).where(eq(cowbellQuarantineItems.id, ids[0]));
    const client = await signedIn(w.user);
    const list = async (query: Record<string, string>) => (await client.api.quarantine.$get({ query })).json();
    const first = await list({ limit: '2' });
    expect(first.unreviewed).toBe(2);
    expect((await list({ limit: '2', cursor: String(first.nextCursor) })).unreviewed).toBe(2);
    expect(await list({ q: 'matches nothing at all' })).toEqual({ items: [], nextCursor: null, unreviewed: 2 });
  });

  it('shows a domain admin their domains only, and an admin everything', async () => {
    const w = await seedWorld(ctx);
    const other = await seedWorld(ctx);
    const mine = await quarantineItem(ctx, w.user);
    const theirs = await quarantineItem(ctx, other.user);
    const da = await (await (await signedIn(w.domainAdmin)).api.quarantine.$get({ query: { limit: '100' } })).json();
    expect(da.items.map((i) => i.id)).toContain(mine.id);
    expect(da.items.map((i) => i.id)).not.toContain(theirs.id);
    const admin = await (await (await signedIn(w.admin)).api.quarantine.$get({ query: { limit: '100' } })).json();
    expect(admin.items.map((i) => i.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
  });

  it("runs one user's prepared statement for every user with their own values, and filters never reach past the mailbox", async () => {
    const a = await seedWorld(ctx);
    const b = await seedWorld(ctx);
    await quarantineItem(ctx, a.user, { subject: 'for a, older' });
    const aNew = await quarantineItem(ctx, a.user, { subject: 'for a' });
    await quarantineItem(ctx, b.user, { subject: 'for b' });
    const [clientA, clientB] = [await signedIn(a.user), await signedIn(b.user)];
    const subjects = async (client: typeof clientA, query: Record<string, string>) =>
      (await (await client.api.quarantine.$get({ query })).json()).items.map((i) => i.subject);
    // The same combination of filters (so the same prepared statement), alternately.
    for (let i = 0; i < 2; i++) {
      expect(await subjects(clientA, { q: 'for', action: 'reject' })).toEqual(['for a', 'for a, older']);
      expect(await subjects(clientB, { q: 'for', action: 'reject' })).toEqual(['for b']);
    }
    expect(await subjects(clientA, { q: 'for', cursor: String(aNew.id) })).toEqual(['for a, older']);
    expect(await subjects(clientA, { mailbox: b.user })).toEqual([]);
    expect(await subjects(clientA, { domain: b.domain })).toEqual([]);
    expect(await subjects(clientA, { mailbox: a.user, domain: a.domain })).toEqual(['for a', 'for a, older']);
  });

  it('searches sender and subject (wildcards taken literally) and filters by action', async () => {
    const w = await seedWorld(ctx);
    await quarantineItem(ctx, w.user, { subject: 'Invoice 100% paid', sender: 'billing@shop.example' });
    await quarantineItem(ctx, w.user, { subject: 'Hello', sender: 'friend@mail.example', action: 'add header' });
    const client = await signedIn(w.user);
    const q = async (query: Record<string, string>) => (await (await client.api.quarantine.$get({ query })).json()).items.map((i) => i.subject);
    expect(await q({ q: 'shop.example' })).toEqual(['Invoice 100% paid']);
    expect(await q({ q: '100%' })).toEqual(['Invoice 100% paid']);
    expect(await q({ q: '%' })).toEqual(['Invoice 100% paid']);
    expect(await q({ action: 'add header' })).toEqual(['Hello']);
  });

  it('picks up rows mailcow wrote itself, and forgets rows mailcow deleted', async () => {
    const w = await seedWorld(ctx);
    const [res] = await ctx.deps.db.insert(quarantine).values({ qid: 'MAILCOW1', subject: 'from pipe.php', rcpt: w.user,
      sender: 'x@example.net', action: 'add header', symbols: '[]', msg: 'Subject: hi\r\n\r\nbody' });
    const client = await signedIn(w.user);
    const list = async () => (await (await client.api.quarantine.$get({ query: {} })).json()).items.map((i) => i.id);
    expect(await list()).toEqual([res.insertId]);
    await ctx.deps.db.delete(quarantine).where(eq(quarantine.id, res.insertId));
    expect(await list()).toEqual([]);
  });

  it('answers bad query input with validation_failed', async () => {
    const w = await seedWorld(ctx);
    const client = await signedIn(w.user);
    const bad: Record<string, string>[] = [{ cursor: 'abc' }, { limit: '1000' }, { action: 'drop' }];
    for (const query of bad) {
      const res = await client.api.quarantine.$get({ query });
      expect(res.status).toBe(400);
    }
  });

  it('refuses anonymous and half-signed-in callers', async () => {
    expect((await createTestClient(ctx).api.quarantine.$get({ query: {} })).status).toBe(401);
  });
});

describe('quarantine detail', () => {
  it('keeps every hostile part of the HTML inert and holds back remote images', async () => {
    const w = await seedWorld(ctx);
    const item = await quarantineItem(ctx, w.user, { file: 'hostile-html.eml' });
    const client = await signedIn(w.user);
    const detail = await (await client.api.quarantine[':id'].$get({ param: { id: String(item.id) }, query: {} })).json();
    const html = detail.html!;
    for (const bad of ['<script', 'onload', 'onerror', 'javascript:', '<iframe', '<form', '<input', '<svg', '<meta', '<style', 'tracker.example.net']) {
      expect(html.toLowerCase()).not.toContain(bad);
    }
    expect(detail.blockedRemote).toBeGreaterThanOrEqual(1);
    expect(html).toContain('title="https://phish.example.net/login"');
    expect(detail.text).toContain('Your invoice is ready.');
    expect(detail.headerFrom).toContain('billing@phish.example.net');
    expect(detail.subject).toBe('Cheap meds');
    expect(detail.symbols[0]).toEqual({ name: 'MAILSTACK_TEST_SPAM', score: 50, options: [] });
    expect(detail.headers.find((h) => h.name === 'subject')?.value).toContain('\ufffd');
    const remote = await (await client.api.quarantine[':id'].$get({ param: { id: String(item.id) }, query: { remote: '1' } })).json();
    expect(remote.html).toContain('https://tracker.example.net/pixel.gif');
    expect(remote.html).not.toContain('<script');
  });

  it('lists attachments by name and size with names made safe to show', async () => {
    const w = await seedWorld(ctx);
    const item = await quarantineItem(ctx, w.user, { file: 'attachments.eml' });
    const detail = await (await (await signedIn(w.user)).api.quarantine[':id'].$get({ param: { id: String(item.id) }, query: {} })).json();
    const names = detail.attachments.map((a) => a.filename);
    expect(names).toContain('label.pdf');
    expect(names).toContain('../../etc/passwd');
    expect(names.some((n) => n.includes('\ufffd'))).toBe(true);
    expect(names.join('')).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(detail.attachments.every((a) => a.size > 0)).toBe(true);
    expect(detail.recipients.length).toBeGreaterThanOrEqual(2);
  });

  it.each(['legacy-charsets.eml', 'malformed.eml'])('shows %s without failing', async (file) => {
    const w = await seedWorld(ctx);
    const item = await quarantineItem(ctx, w.user, { file });
    const res = await (await signedIn(w.user)).api.quarantine[':id'].$get({ param: { id: String(item.id) }, query: {} });
    expect(res.status).toBe(200);
  });

  it("marks an item reviewed when its recipient opens it, not when an admin does", async () => {
    const w = await seedWorld(ctx);
    const item = await quarantineItem(ctx, w.user);
    const reviewed = async () => (await ctx.deps.db.select().from(cowbellQuarantineItems).where(eq(cowbellQuarantineItems.id, item.id)))[0].reviewed;
    await (await signedIn(w.admin)).api.quarantine[':id'].$get({ param: { id: String(item.id) }, query: {} });
    expect(await reviewed()).toBe(0);
    await (await signedIn(w.user)).api.quarantine[':id'].$get({ param: { id: String(item.id) }, query: {} });
    expect(await reviewed()).toBe(1);
  });

  it("answers not_found for someone else's item, whoever asks", async () => {
    const w = await seedWorld(ctx);
    const other = await seedWorld(ctx);
    const item = await quarantineItem(ctx, other.user);
    for (const name of [w.user, w.domainAdmin]) {
      const res = await (await signedIn(name)).api.quarantine[':id'].$get({ param: { id: String(item.id) }, query: {} });
      expect(res.status).toBe(404);
    }
    expect((await (await signedIn(w.user)).api.quarantine[':id'].$get({ param: { id: 'abc' }, query: {} })).status).toBe(400);
  });
});

describe('image sources in previews', () => {
  it('keeps inline data images, drops relative and cid: sources, and counts remote ones', async () => {
    const { sanitizeMessageHtml } = await import('./html-sanitizer.ts');
    const html = '<img src="x"><img src="cid:logo"><img src="data:image/png;base64,AAAA"><img src="//t.example/p.gif"><img src="https://t.example/q.gif">';
    const { html: out, blockedRemote } = sanitizeMessageHtml(html, false);
    expect(out).toContain('src="data:image/png;base64,AAAA"');
    expect(out.match(/src=/g)).toHaveLength(1);
    expect(blockedRemote).toBe(2);
    expect(sanitizeMessageHtml(html, true).html).toContain('src="https://t.example/q.gif"');
  });
});

describe('the HTML sanitiser', () => {
  it.each([
    '<xmp><img src=x onerror=alert(1)></xmp>', '<textarea><img src=x onerror=alert(1)></textarea>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', '<svg><style><img src=x onerror=alert(1)></style></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">', '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<p style="background:url(https://evil.example/x)">x</p>', '<a href="https://ok.example" onclick="alert(1)">ok</a>',
  ])('leaves nothing that runs or reaches out from %s', async (html) => {
    const { sanitizeMessageHtml } = await import('./html-sanitizer.ts');
    // Text that merely reads like markup is harmless: only what ends up inside a tag counts.
    const tags = (sanitizeMessageHtml(html, false).html.toLowerCase().match(/<[^>]*>/g) ?? []).join(' ');
    for (const bad of ['onerror', 'onclick', 'javascript', 'script', 'iframe', 'meta', 'style', 'evil.example', 'src="x"']) {
      expect(tags).not.toContain(bad);
    }
  });

  it('turns links that are not http(s) or mailto into text, and marks the rest as leaving', async () => {
    const { sanitizeMessageHtml } = await import('./html-sanitizer.ts');
    const { html } = sanitizeMessageHtml('<a href="ftp://x.example/f">file</a> <a href="mailto:a@b.example">mail</a>', false);
    expect(html).toBe('<span>file</span> <a href="mailto:a@b.example" title="mailto:a@b.example" target="_blank" rel="noopener noreferrer">mail</a>');
  });
});

