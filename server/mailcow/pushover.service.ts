// mailcow's Pushover settings (reference 1.12 and 8; `pushover()` in functions.pushover.inc.php):
// a mailbox user's own row of `pushover`, with mailcow's rules, its audit rows and its credential test.
import { eq } from 'drizzle-orm';
import { pushover } from '../../db/schema/quarantine.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { authorize, can } from '../lib/authz/policy.ts';
import { normaliseAddress } from '../lib/mailcow/addresses.ts';
import { attrFlag, attrString, parseAttributes, withAttributes } from '../lib/mailcow/attributes.ts';
import { auditedBy, writeAudit } from '../lib/mailcow/audit-log.ts';
import { parseInput } from '../lib/validate.ts';
import {
  PUSHOVER_SOUNDS, pushoverSettingsInput, pushoverVerifyInput, type PushoverSettings, type PushoverSettingsInput,
  type PushoverVerifyInput, type PushoverVerifyResult, type PushoverView,
} from './pushover.schema.ts';

type Row = typeof pushover.$inferSelect;

const toSettings = (r: Row): PushoverSettings => {
  const attrs = parseAttributes(r.attributes);
  return {
    key: r.key, token: r.token, title: r.title ?? '', text: r.text ?? '', senders: r.senders ?? '', sendersRegex: r.sendersRegex ?? '',
    evaluateXPrio: attrFlag(attrs, 'evaluate_x_prio', false),
    onlyXPrio: attrFlag(attrs, 'only_x_prio', false),
    sound: attrString(attrs, 'sound', PUSHOVER_SOUNDS, 'pushover'),
    active: Number(r.active) === 1,
  };
};

/**
 * mailcow's cleaning of `senders`: split on space, comma, semicolon and newline, drop what is not an
 * address (FILTER_VALIDATE_EMAIL), drop the dots of a @gmail.com local part, join with commas. The
 * addresses keep their case: pushover.php compares the envelope sender exactly (in_array).
 */
export function cleanSenders(raw: string): string {
  return raw.split(/[ ,;\n]/).map((s) => s.trim())
    .filter((s) => s !== '' && normaliseAddress(s) !== null)
    .map((s) => s.replace(/\.(?=.*?@gmail\.com$)/g, ''))
    .join(',');
}

function audit(actor: Actor, action: 'edit' | 'delete', data: Record<string, unknown>) {
  // mailcow logs [function, action, data]; the key and token are credentials, so they go in as "*".
  return [{ type: 'success' as const, msg: ['pushover_settings_edited', actor.username], call: ['pushover', action, data], ...auditedBy(actor) }];
}

async function readRow(deps: Deps, username: string): Promise<Row | undefined> {
  const [row] = await deps.db.select().from(pushover).where(eq(pushover.username, username)).limit(1);
  return row;
}

export async function getPushover(deps: Deps, actor: Actor): Promise<PushoverView> {
  await authorize(deps.db, actor, { do: 'pushover.read' });
  const row = await readRow(deps, actor.username);
  return { settings: row ? toSettings(row) : null, mayEdit: await can(deps.db, actor, { do: 'pushover.edit' }) };
}

/** mailcow's edit: the whole row replaced (REPLACE INTO), attributes as strings. */
export async function savePushover(deps: Deps, actor: Actor, input: PushoverSettingsInput): Promise<PushoverView> {
  await authorize(deps.db, actor, { do: 'pushover.edit' });
  const s = parseInput(pushoverSettingsInput, input);
  const senders = cleanSenders(s.senders);
  const previous = await readRow(deps, actor.username);
  const attributes = withAttributes(previous?.attributes, { evaluate_x_prio: s.evaluateXPrio, only_x_prio: s.onlyXPrio, sound: s.sound });
  const values = { key: s.key, token: s.token, title: s.title, text: s.text, senders, sendersRegex: s.sendersRegex.trim(), attributes, active: s.active ? 1 : 0 };
  await deps.db.transaction(async (tx) => {
    await tx.insert(pushover).values({ username: actor.username, ...values }).onDuplicateKeyUpdate({ set: values });
    await writeAudit(tx, audit(actor, 'edit', {
      username: [actor.username], key: '*', token: '*', title: s.title.slice(0, 200), text: s.text.slice(0, 200), senders,
      senders_regex: values.sendersRegex, evaluate_x_prio: s.evaluateXPrio ? '1' : '0', only_x_prio: s.onlyXPrio ? '1' : '0',
      sound: s.sound, active: String(values.active),
    }), deps.now());
  });
  return getPushover(deps, actor);
}

/** mailcow's `delete: "true"`: the row goes, and nothing is pushed any more. */
export async function deletePushover(deps: Deps, actor: Actor): Promise<void> {
  await authorize(deps.db, actor, { do: 'pushover.edit' });
  await deps.db.transaction(async (tx) => {
    await tx.delete(pushover).where(eq(pushover.username, actor.username));
    await writeAudit(tx, audit(actor, 'delete', { username: [actor.username], delete: 'true' }), deps.now());
  });
}

/**
 * mailcow's test: POST /1/users/validate.json with token and user. Pushover answers status 1, or
 * status 0 with `user: "invalid"` / `token: "invalid"`. Neither its text nor a network error's
 * reaches the caller: only the closed reason.
 */
export async function verifyPushover(deps: Deps, actor: Actor, input: PushoverVerifyInput): Promise<PushoverVerifyResult> {
  await authorize(deps.db, actor, { do: 'pushover.edit' });
  const { key, token } = parseInput(pushoverVerifyInput, input);
  let res: Response;
  try {
    res = await fetch(`${deps.env.PUSHOVER_API_URL}/1/users/validate.json`, {
      method: 'POST', body: new URLSearchParams({ token, user: key }), redirect: 'error',
      signal: AbortSignal.timeout(deps.env.PUSHOVER_TIMEOUT_MS),
    });
  } catch (e) {
    return { ok: false, reason: e instanceof DOMException && e.name === 'TimeoutError' ? 'timeout' : 'unreachable' };
  }
  let body: { status?: unknown; user?: unknown; token?: unknown } = {};
  try {
    body = await res.json() as typeof body;
  } catch (e) {
    if (e instanceof DOMException && e.name === 'TimeoutError') return { ok: false, reason: 'timeout' };
  }
  if (res.ok && Number(body.status) === 1) return { ok: true };
  if (body.token === 'invalid') return { ok: false, reason: 'invalid_token' };
  if (body.user === 'invalid') return { ok: false, reason: 'invalid_user' };
  return { ok: false, reason: res.status >= 400 && res.status < 500 ? 'invalid' : 'unreachable' };
}
