// The digest mail of mailcow's quarantine_notify.py (reference 3.8): per mailbox, on its interval,
// the not-yet-notified items of its category below Q_MAX_SCORE; items are marked notified and
// Q_LAST_NOTIFIED advances only when a mail went out. Safe to run in several Cowbells at once.
import { and, eq, inArray, lt } from 'drizzle-orm';
import { userAcl } from '../../db/schema/access.ts';
import { mailbox } from '../../db/schema/mail.ts';
import { quarantine } from '../../db/schema/quarantine.ts';
import type { Deps } from '../deps.ts';
import { publicUrl } from '../lib/base-path.ts';
import { attrString, parseAttributes } from '../lib/mailcow/attributes.ts';
import { createSmtpTransport, type Transporter } from '../lib/mailer.ts';
import { withLock } from '../lib/redis-lock.ts';
import { keys, mailcowKeys } from '../lib/redis-keys.ts';
import type { DigestItem } from './digest-template.ts';
import { renderDigestBounded } from './digest-render.ts';

const INTERVAL: Record<string, number> = { hourly: 3600, daily: 86400, weekly: 604800 };

export interface DigestRun {
  sent: string[];
}

type Candidate = Awaited<ReturnType<typeof candidates>>[number];

async function candidates(deps: Deps, maxScore: number, only?: string[]) {
  return deps.db.select({ rcpt: quarantine.rcpt, attributes: mailbox.attributes, acl: userAcl.quarantine })
    .from(quarantine).innerJoin(mailbox, eq(mailbox.username, quarantine.rcpt))
    .leftJoin(userAcl, eq(userAcl.username, mailbox.username))
    .where(and(eq(quarantine.notified, 0), lt(quarantine.score, maxScore), only ? inArray(quarantine.rcpt, only) : undefined))
    .groupBy(quarantine.rcpt, mailbox.attributes, userAcl.quarantine);
}

interface Mailer {
  transport: Transporter;
  maxScore: number;
  template: string | null;
  hostname: string;
  from: string;
  subject: string;
  to: (rcpt: string) => string[];
}

// Longer than any honest send (nodemailer gives up connecting after 10 s); if the holder dies, the
// mailbox is simply due again at the next run.
const DIGEST_LOCK_MS = 5 * 60_000;

/**
 * One mailbox's digest, under its lock: whoever holds it re-reads Q_LAST_NOTIFIED and the unnotified
 * items, so a second Cowbell running the same chore finds the mailbox done and sends nothing.
 */
async function digestMailbox(deps: Deps, mailer: Mailer, c: Candidate, nowSeconds: number): Promise<boolean> {
  const rcpt = c.rcpt!;
  const attrs = parseAttributes(c.attributes);
  const interval = INTERVAL[attrString(attrs, 'quarantine_notification', ['never', 'hourly', 'daily', 'weekly'], 'never')];
  if (!interval) return false;
  const locked = await withLock(deps.redis, keys.digestLock(rcpt), { ttlMs: DIGEST_LOCK_MS }, async () => {
    const lastRaw = Number(await deps.redis.hget(mailcowKeys.quarantineLastNotified, rcpt));
    const last = Number.isFinite(lastRaw) && lastRaw > 0 && lastRaw <= nowSeconds ? lastRaw : 0;
    if (last !== 0 && last + interval > nowSeconds) return false;
    const category = attrString(attrs, 'quarantine_category', ['reject', 'add_header', 'all'], 'reject');
    const items: DigestItem[] = await deps.db.select({ id: quarantine.id, qhash: quarantine.qhash, subject: quarantine.subject,
      score: quarantine.score, sender: quarantine.sender, created: quarantine.created, action: quarantine.action })
      .from(quarantine).where(and(eq(quarantine.notified, 0), eq(quarantine.rcpt, rcpt), lt(quarantine.score, mailer.maxScore),
        category === 'all' ? undefined : eq(quarantine.action, category === 'add_header' ? 'add header' : 'reject')))
      .orderBy(quarantine.id);
    if (items.length === 0) return false;
    const { html, text } = await renderDigestBounded(mailer.template, { username: rcpt, items, hostname: mailer.hostname, quarantineAcl: Number(c.acl ?? 0) });
    await mailer.transport.sendMail({ envelope: { from: mailer.from, to: mailer.to(rcpt) }, from: mailer.from, to: rcpt,
      subject: mailer.subject, html, text });
    await deps.db.update(quarantine).set({ notified: 1 }).where(inArray(quarantine.id, items.map((i) => i.id)));
    await deps.redis.hset(mailcowKeys.quarantineLastNotified, rcpt, String(nowSeconds));
    return true;
  });
  return locked.ran && locked.value;
}

/** `only` limits a run to some mailboxes (tests share one database). */
export async function sendDigests(deps: Deps, nowSeconds = Math.floor(deps.now() / 1000), only?: string[]): Promise<DigestRun> {
  const [maxScoreRaw, sender, subject, bcc, redirect, template] = await deps.redis.mget(mailcowKeys.quarantineMaxScore,
    mailcowKeys.quarantineSender, mailcowKeys.quarantineSubject, mailcowKeys.quarantineBcc, mailcowKeys.quarantineRedirect,
    mailcowKeys.quarantineHtml);
  const site = new URL(publicUrl(deps.env));
  const mailer: Mailer = {
    transport: createSmtpTransport({ host: deps.env.RELEASE_SMTP_HOST, port: deps.env.RELEASE_SMTP_PORT,
      secure: false, ignoreTLS: true, name: 'quarantine', connectionTimeout: 10_000, greetingTimeout: 10_000,
      // Well inside the per-mailbox digest lease, so a stalled mail server cannot outlast the lock.
      socketTimeout: 60_000 }),
    maxScore: maxScoreRaw && Number.isFinite(Number(maxScoreRaw)) ? Number(maxScoreRaw) : 9999,
    template,
    // mailcow's template links to https://{{ hostname }}/qhandler/…: Cowbell's host with its base path
    // makes those links reach Cowbell's own digest-link pages.
    hostname: site.host + site.pathname.replace(/\/$/, ''),
    from: (sender || 'quarantine@localhost').replace(/[^\x20-\x7e]/g, ''),
    subject: subject || 'Spam Quarantine Notification',
    to: (rcpt) => [redirect || rcpt, ...(bcc ? [bcc] : [])],
  };
  const sent: string[] = [];
  try {
    for (const c of await candidates(deps, mailer.maxScore, only)) {
      if (await digestMailbox(deps, mailer, c, nowSeconds)) sent.push(c.rcpt!);
    }
  } finally {
    mailer.transport.close();
  }
  return { sent };
}

/** Whether this Cowbell should send digests at all. */
export const digestEnabled = (deps: Deps) =>
  deps.env.QUARANTINE_DIGEST === 'on' || (deps.env.QUARANTINE_DIGEST === 'auto' && deps.env.COWBELL_DB_MODE === 'standalone');

