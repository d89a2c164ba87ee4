// mailcow's link flow (reference 3.6): /qhandler/release/<qhash> and /qhandler/delete/<qhash> work
// without signing in — the 256-bit hash is the capability. Valid only while the row's rcpt is a
// mailbox whose user_acl.quarantine is 1. A quick release does not learn ham.
import { and, eq } from 'drizzle-orm';
import { userAcl } from '../../../db/schema/access.ts';
import { mailbox } from '../../../db/schema/mail.ts';
import { quarantine } from '../../../db/schema/quarantine.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { writeAudit } from '../../lib/mailcow/audit-log.ts';
import { perform } from './actions.service.ts';
import type { ActionResult, QuarantineListItem } from './quarantine.schema.ts';
import { readQuarantineSettings } from './settings.ts';

/** The reduced detail a digest link shows to anyone holding it. */
export type QuickView = Pick<QuarantineListItem, 'subject' | 'sender' | 'rcpt' | 'score' | 'action' | 'created'>;

async function findByHash(deps: Deps, qhash: string) {
  const [row] = await deps.db.select({ id: quarantine.id, qid: quarantine.qid, sender: quarantine.sender, rcpt: quarantine.rcpt,
    msg: quarantine.msg, subject: quarantine.subject, score: quarantine.score, action: quarantine.action, created: quarantine.created,
    acl: userAcl.quarantine })
    .from(quarantine)
    .innerJoin(mailbox, eq(mailbox.username, quarantine.rcpt))
    .innerJoin(userAcl, eq(userAcl.username, mailbox.username))
    .where(and(eq(quarantine.qhash, qhash), eq(mailbox.kind, ''))).limit(1);
  if (!row || Number(row.acl) !== 1) throw new AppError('not_found', 'This link is no longer valid. The item may have been released or deleted already.');
  return row;
}

export async function quickView(deps: Deps, qhash: string): Promise<QuickView> {
  const r = await findByHash(deps, qhash);
  return { subject: r.subject ?? '', sender: r.sender, rcpt: r.rcpt ?? '', score: r.score, action: r.action.trim(), created: r.created };
}

export async function quickAction(deps: Deps, qhash: string, action: 'release' | 'delete', ip: string): Promise<ActionResult> {
  const r = await findByHash(deps, qhash);
  const { releaseFormat } = await readQuarantineSettings(deps.redis);
  const result = await perform(deps, action, { id: r.id, qid: r.qid, sender: r.sender, rcpt: r.rcpt ?? '', msg: r.msg ?? '' }, releaseFormat);
  await writeAudit(deps.db, [{ type: result.ok ? 'success' : 'danger', msg: result.ok ? [action === 'release' ? 'item_released' : 'item_deleted', r.id] : [result.error, r.id],
    call: ['quarantine', action === 'release' ? 'quick_release' : 'quick_delete', { hash: qhash }], user: 'unauthenticated', role: 'unauthenticated', remote: ip }], deps.now());
  if (!result.ok) throw new AppError('internal', 'The message could not be released right now. Try again later.');
  return result;
}
