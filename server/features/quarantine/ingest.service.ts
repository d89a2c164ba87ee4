// mailcow's pipe.php processing (reference 3.2), step for step, so mailcow and Cowbell read each
// other's rows: one row per final mailbox, qhash = SHA2(CONCAT(id, qid), 256), retention per mailbox.
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { quarantine } from '../../../db/schema/quarantine.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { encodeHtmlEntities } from '../../lib/mailcow/html-entities.ts';
import type { QuarantineMeta } from './ingest.schema.ts';
import { indexItems, trimRetention, type IndexedItem } from './quarantine-index.ts';
import { resolveMailboxes } from './recipients.ts';
import { quarantineOff, readQuarantineSettings, type QuarantineSettings } from './settings.ts';

export interface IngestResult {
  stored: IndexedItem[];
}

const QID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * mailcow stores "unknown" when rspamd has no queue id, and its digest links are sha256(id . qid):
 * with a known qid, anyone can compute every item's link. A random value shaped like Postfix's long
 * queue ids (20 characters, over 110 bits) keeps the formula (mailcow's own links keep working) and
 * makes the hash unguessable.
 */
export function unguessableQid(): string {
  const bytes = randomBytes(20);
  return Array.from(bytes, (b) => QID_ALPHABET[b % 62]).join('');
}

const clip = (v: string | null | undefined, n: number, fallback: string) => (v && v.length > 0 ? v.slice(0, n) : fallback);

/** rspamd sends symbols as an array; older exporters as an object keyed by name. mailcow stores the array. */
function symbolsJson(symbols: QuarantineMeta['symbols']): string {
  if (!symbols) return '[]';
  return JSON.stringify(Array.isArray(symbols) ? symbols : Object.values(symbols));
}

/** `settings`: pass them when the caller already read them (the route does, for its size limit). */
export async function ingestMessage(deps: Deps, meta: QuarantineMeta, message: Uint8Array, settings?: QuarantineSettings): Promise<IngestResult> {
  settings ??= await readQuarantineSettings(deps.redis);
  if (settings.maxSizeBytes === 0) throw quarantineOff('Q_MAX_SIZE');
  if (message.length > settings.maxSizeBytes) {
    throw new AppError('payload_too_large', `The message is larger than the quarantine allows (Q_MAX_SIZE).`);
  }
  const mailboxes = await resolveMailboxes(deps.db, deps.redis, meta.rcpt, settings.excludeDomains);
  if (mailboxes.length === 0) return { stored: [] };
  if (settings.retention === 0) {
    // Retention 0 means "inactive": mailcow stores the row and trims everything right away (the
    // mailbox's older rows too), so the trim happens here as well before the answer says so.
    for (const rcpt of mailboxes) await trimRetention(deps.db, rcpt, 0);
    throw quarantineOff('Q_RETENTION_SIZE');
  }

  const qid = meta.qid && meta.qid !== 'unknown' ? meta.qid.slice(0, 30) : unguessableQid();
  const row = {
    qid,
    subject: meta.subject ? meta.subject.slice(0, 500) : null,
    score: meta.score ?? null,
    sender: clip(meta.from, 255, 'empty-env-from@localhost'),
    symbols: symbolsJson(meta.symbols),
    fuzzyHashes: JSON.stringify(meta.fuzzy ?? []),
    user: clip(meta.user, 255, 'unknown'),
    ip: clip(meta.ip, 50, 'unknown'),
    action: clip(meta.action, 20, 'unknown'),
    msg: encodeHtmlEntities(message),
  };
  const stored: IndexedItem[] = [];
  for (const rcpt of mailboxes) {
    const item = await deps.db.transaction(async (tx) => {
      const [res] = await tx.insert(quarantine).values({ ...row, rcpt });
      const id = res.insertId;
      await tx.update(quarantine).set({ qhash: sql`SHA2(CONCAT(${quarantine.id}, ${quarantine.qid}), 256)` })
        .where(eq(quarantine.id, id));
      const [{ created }] = await tx.select({ created: quarantine.created }).from(quarantine).where(eq(quarantine.id, id));
      return { id, rcpt, action: row.action, created };
    });
    await indexItems(deps.db, [item]);
    const trimmed = await trimRetention(deps.db, rcpt, settings.retention);
    if (!trimmed.includes(item.id)) stored.push(item);
  }
  return { stored };
}
