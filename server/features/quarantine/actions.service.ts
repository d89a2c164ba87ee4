// Release, delete, learn and block, single or bulk (reference 3.5). Each item succeeds or fails on
// its own; a row is only deleted once what had to happen before (sending, learning) has happened.
import { and, eq, inArray } from 'drizzle-orm';
import { cowbellQuarantineItems as items } from '../../../db/schema/cowbell.ts';
import { filterconf, quarantine } from '../../../db/schema/quarantine.ts';
import type { Deps } from '../../deps.ts';
import { auditedBy, writeAudit, type AuditEntry } from '../../lib/mailcow/audit-log.ts';
import { decodeHtmlEntities } from '../../lib/mailcow/html-entities.ts';
import { fuzzyAdd, learn } from '../../lib/rspamd-controller.ts';
import { authorize } from '../../lib/authz/policy.ts';
import type { ActionResult, ItemAction } from './quarantine.schema.ts';
import { removeItems } from './quarantine-index.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { scopeCondition } from './quarantine-scope.ts';
import { mailServerUnreachable, releaseMessage } from './release.ts';
import { readQuarantineSettings } from './settings.ts';

export type Item = { id: number; qid: string; sender: string; rcpt: string; msg: string };

const MESSAGE_KEY: Record<ItemAction, string> = {
  release: 'item_released', delete: 'item_deleted', learn_ham: 'item_released', learn_spam: 'qlearn_spam', block_sender: 'object_modified',
};

async function visibleItems(deps: Deps, actor: Actor, ids: number[]): Promise<Item[]> {
  const rows = await deps.db.select({ id: quarantine.id, qid: quarantine.qid, sender: quarantine.sender, rcpt: quarantine.rcpt, msg: quarantine.msg })
    .from(items).innerJoin(quarantine, eq(quarantine.id, items.id))
    .where(and(inArray(items.id, ids), await scopeCondition(deps.db, actor)));
  return rows.map((r) => ({ ...r, rcpt: r.rcpt ?? '', msg: r.msg ?? '' }));
}

// mailcow turns each blacklist_from value into a regex for rspamd (preg_quote, then "*" becomes ".*")
// inside a quoted UCL string: only a plain address may go in, or "*@gmail.com" blocks all of gmail
// and a quote breaks rspamd's settings. The sender is whatever the other side wrote.
const BLOCKABLE_SENDER = /^[a-z0-9_+=-]+(\.[a-z0-9_+=-]+)*@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

/** Adds the sender to the recipient's deny list in filterconf (read by rspamd), once. */
async function blockSender(deps: Deps, item: Item): Promise<ActionResult> {
  const sender = item.sender.trim().toLowerCase();
  if (!sender || sender === 'empty-env-from@localhost' || sender === 'unknown') return { id: item.id, ok: false, error: 'no_sender' };
  if (sender.length > 100 || !BLOCKABLE_SENDER.test(sender)) return { id: item.id, ok: false, error: 'invalid_sender' };
  const [existing] = await deps.db.select({ id: filterconf.prefid }).from(filterconf)
    .where(and(eq(filterconf.object, item.rcpt), eq(filterconf.option, 'blacklist_from'), eq(filterconf.value, sender))).limit(1);
  if (!existing) await deps.db.insert(filterconf).values({ object: item.rcpt, option: 'blacklist_from', value: sender });
  return { id: item.id, ok: true };
}

export async function perform(deps: Deps, action: ItemAction, item: Item, format: 'raw' | 'attachment'): Promise<ActionResult> {
  const controller = { url: deps.env.RSPAMD_CONTROLLER_URL, password: deps.env.RSPAMD_CONTROLLER_PASSWORD };
  let decoded: Buffer | undefined;
  const message = () => (decoded ??= Buffer.from(decodeHtmlEntities(item.msg), 'utf8'));
  switch (action) {
    case 'delete':
      await removeItems(deps.db, [item.id]);
      return { id: item.id, ok: true };
    case 'block_sender':
      return blockSender(deps, item);
    case 'learn_spam':
      try {
        await learn(controller, 'spam', message());
        await fuzzyAdd(controller, 11, message()).catch(() => false);
      } catch {
        return { id: item.id, ok: false, error: 'learn_failed' };
      }
      await removeItems(deps.db, [item.id]);
      return { id: item.id, ok: true };
    case 'release':
    case 'learn_ham': {
      try {
        await releaseMessage({ host: deps.env.RELEASE_SMTP_HOST, port: deps.env.RELEASE_SMTP_PORT }, format,
          { qid: item.qid, sender: item.sender, rcpt: item.rcpt, message: message() });
      } catch (e) {
        return { id: item.id, ok: false, error: mailServerUnreachable(e) ? 'mail_server_unreachable' : 'release_failed' };
      }
      await removeItems(deps.db, [item.id]);
      if (action === 'release') return { id: item.id, ok: true };
      try {
        await learn(controller, 'ham', message());
        await fuzzyAdd(controller, 13, message()).catch(() => false);
        return { id: item.id, ok: true };
      } catch {
        return { id: item.id, ok: true, error: 'learn_failed' };
      }
    }
  }
}

const RELEASE_FAILURES: Partial<Record<NonNullable<ActionResult['error']>, string>> = {
  release_failed: 'the mail server did not take the message',
  mail_server_unreachable: 'the mail server (RELEASE_SMTP_HOST) could not be reached',
};

/** mailcow's `msg` for a failed item: its own key for a failed release, Cowbell's code otherwise. */
const failureMsg = (error: NonNullable<ActionResult['error']>, id: number): unknown[] =>
  RELEASE_FAILURES[error] ? ['release_send_failed', `item ${id}: ${RELEASE_FAILURES[error]}`] : [error, id];

/** What mailcow answers and logs for one item's outcome: its entry type and msg. */
export function actionOutcome(action: ItemAction, result: ActionResult): Pick<AuditEntry, 'type' | 'msg'> {
  return {
    type: result.ok ? (result.error ? 'warning' : 'success') : RELEASE_FAILURES[result.error!] ? 'warning' : 'danger',
    msg: result.ok ? [MESSAGE_KEY[action], result.id] : failureMsg(result.error!, result.id),
  };
}

export async function applyAction(deps: Deps, actor: Actor, action: ItemAction, ids: number[]): Promise<ActionResult[]> {
  await authorize(deps.db, actor, { do: 'quarantine.act', action });
  const found = new Map((await visibleItems(deps, actor, ids)).map((i) => [i.id, i]));
  const { releaseFormat } = await readQuarantineSettings(deps.redis);
  const results: ActionResult[] = [];
  const audit: AuditEntry[] = [];
  for (const id of ids) {
    const item = found.get(id);
    const result = item ? await perform(deps, action, item, releaseFormat).catch((): ActionResult => ({ id, ok: false, error: 'internal' }))
      : { id, ok: false, error: 'not_found' as const };
    results.push(result);
    if (item) {
      audit.push({ ...actionOutcome(action, result), call: ['quarantine', 'edit', { id: [id], action }], ...auditedBy(actor) });
    }
  }
  await writeAudit(deps.db, audit, deps.now());
  return results;
}
