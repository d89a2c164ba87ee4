// mailcow's link flow (reference 3.6): /qhandler/release/<qhash> and /qhandler/delete/<qhash> work
// without signing in — the 256-bit hash is the capability. Valid only while the row's rcpt is a
// mailbox whose user_acl.quarantine is 1. A quick release does not learn ham. Look-ups are throttled
// per client, so nobody can walk the hash space or hammer a guessed one.
import { and, eq } from 'drizzle-orm';
import { userAcl } from '../../../db/schema/access.ts';
import { mailbox } from '../../../db/schema/mail.ts';
import { quarantine } from '../../../db/schema/quarantine.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { auditedBy, writeAudit } from '../../lib/mailcow/audit-log.ts';
import { rateLimitKey } from '../../lib/networks.ts';
import { keys } from '../../lib/redis-keys.ts';
import { perform } from './actions.service.ts';
import type { ActionResult, QuarantineListItem } from './quarantine.schema.ts';
import { readQuarantineSettings } from './settings.ts';

/** The reduced detail a digest link shows to anyone holding it. */
export type QuickView = Pick<QuarantineListItem, 'subject' | 'sender' | 'rcpt' | 'score' | 'action' | 'created'>;

/** Look-ups per client and window: plenty for a person working through a digest, nothing for a scan. */
export const QHANDLER_LIMIT = { perWindow: 60, windowSeconds: 600 };

async function throttle(deps: Deps, ip: string) {
  const key = keys.qhandlerLookups(rateLimitKey(ip));
  const [[, count]] = (await deps.redis.multi().incr(key).expire(key, QHANDLER_LIMIT.windowSeconds, 'NX').exec())! as [[null, number]];
  if (count > QHANDLER_LIMIT.perWindow) {
    const ttl = Math.max(1, await deps.redis.ttl(key));
    throw new AppError('rate_limited', 'Too many quarantine links opened from here. Try again later.', [], ttl);
  }
}

async function findByHash(deps: Deps, actor: Actor, qhash: string) {
  await throttle(deps, actor.ip);
  const [row] = await deps.db.select({ id: quarantine.id, qid: quarantine.qid, sender: quarantine.sender, rcpt: quarantine.rcpt,
    msg: quarantine.msg, subject: quarantine.subject, score: quarantine.score, action: quarantine.action, created: quarantine.created,
    acl: userAcl.quarantine })
    .from(quarantine)
    .innerJoin(mailbox, eq(mailbox.username, quarantine.rcpt))
    .innerJoin(userAcl, eq(userAcl.username, mailbox.username))
    .where(and(eq(quarantine.qhash, qhash), eq(mailbox.kind, ''))).limit(1);
  // mailcow stores qid "unknown" when rspamd had none, which makes the hash sha256(id . "unknown"):
  // anyone could compute it. Such links (rows mailcow's pipe.php wrote, or older ones) are not honoured.
  const guessable = !row || !row.qid || row.qid === 'unknown';
  if (guessable || Number(row.acl) !== 1) throw new AppError('not_found', 'This link is no longer valid. The item may have been released or deleted already.');
  return row;
}

export async function quickView(deps: Deps, actor: Actor, qhash: string): Promise<QuickView> {
  const r = await findByHash(deps, actor, qhash);
  return { subject: r.subject ?? '', sender: r.sender, rcpt: r.rcpt ?? '', score: r.score, action: r.action.trim(), created: r.created };
}

export async function quickAction(deps: Deps, actor: Actor, qhash: string, action: 'release' | 'delete'): Promise<ActionResult> {
  const r = await findByHash(deps, actor, qhash);
  const { releaseFormat } = await readQuarantineSettings(deps.redis);
  const result = await perform(deps, action, { id: r.id, qid: r.qid, sender: r.sender, rcpt: r.rcpt ?? '', msg: r.msg ?? '' }, releaseFormat);
  // mailcow's rows for quick actions: the plain hash as data; a release names the hash, a delete the id.
  const ok = action === 'release' ? ['item_released', qhash] : ['item_deleted', r.id];
  await writeAudit(deps.db, [{ type: result.ok ? 'success' : 'warning',
    msg: result.ok ? ok : ['release_send_failed', 'the mail server did not take the message'],
    call: ['quarantine', action === 'release' ? 'quick_release' : 'quick_delete', qhash], ...auditedBy(actor) }], deps.now());
  // A failed release answers like the signed-in actions do (ok: false and why), not as a 500: the
  // page then tells a mail server that refused the message from one it could not reach.
  return result;
}
