// mailcow's API keys (reference 1.14, 9.1; admin_api() in functions.inc.php): the one place that
// writes the `api` table, for Cowbell's admin screens. One key per access level ("the ro key", "the
// rw key"), as mailcow's UI has it. Each change leaves the row admin_api() logs: call
// ['admin_api', <what was posted>], msg admin_api_modified; the key itself is never logged.
import { eq } from 'drizzle-orm';
import { api } from '../../db/schema/access.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { authorize } from '../lib/authz/policy.ts';
import { AppError } from '../lib/errors.ts';
import { auditedBy, writeAudit } from '../lib/mailcow/audit-log.ts';
import { parseInput } from '../lib/validate.ts';
import { newMailcowKey, parseAllowFrom, refuseEmptyList } from './api-key.rules.ts';
import { API_ACCESS, apiKeySettingsInput, type ApiAccess, type ApiKeySettingsInput, type MailcowApiKeys, type MailcowApiKeyView } from './api-key.schema.ts';

type Row = typeof api.$inferSelect;

const toView = (row: Row): MailcowApiKeyView => ({
  access: row.access, key: row.apiKey, allowFrom: row.allowFrom.split(',').filter(Boolean), skipIpCheck: Number(row.skipIpCheck) === 1,
  active: Number(row.active) === 1, created: row.created, modified: row.modified ?? null,
});

const bit = (b: boolean) => (b ? 1 : 0);

async function rowOf(deps: Deps, access: ApiAccess): Promise<Row | undefined> {
  return (await deps.db.select().from(api).where(eq(api.access, access)).orderBy(api.created, api.apiKey).limit(1))[0];
}

async function requireKey(deps: Deps, access: ApiAccess): Promise<Row> {
  const row = await rowOf(deps, access);
  if (!row) throw new AppError('not_found', `There is no ${access} key.`);
  return row;
}

/** What mailcow's form posts, as admin_api() logs it (its `log` is [function, $_POST]). */
function posted(access: ApiAccess, form: string, input: ApiKeySettingsInput = {}) {
  return {
    [form]: { [access]: '' },
    ...(input.allowFrom !== undefined ? { allow_from: input.allowFrom } : {}),
    ...(input.skipIpCheck !== undefined ? { skip_ip_check: String(bit(input.skipIpCheck)) } : {}),
    ...(input.active !== undefined ? { active: String(bit(input.active)) } : {}),
  };
}

async function audit(deps: Deps, actor: Actor, data: unknown) {
  await writeAudit(deps.db, [{ type: 'success', msg: 'admin_api_modified', call: ['admin_api', data], ...auditedBy(actor) }], deps.now());
}

export async function listMailcowKeys(deps: Deps, actor: Actor): Promise<MailcowApiKeys> {
  await authorize(deps.db, actor, { do: 'apiKeys.read' });
  const [ro, rw] = await Promise.all(API_ACCESS.map((access) => rowOf(deps, access)));
  return { ro: ro ? toView(ro) : null, rw: rw ? toView(rw) : null };
}

/**
 * allow_from after a change: with the check skipped it stays as it was (mailcow); otherwise the new
 * list, or the old one when none was sent, and never empty (mailcow's ip_list_empty).
 */
function nextAllowFrom(current: string, skip: boolean, typed: string | undefined): string {
  const list = typed === undefined ? null : parseAllowFrom(typed).join(',');
  if (skip) return current;
  const next = list ?? current;
  if (next === '') refuseEmptyList();
  return next;
}

/** admin_api('edit') for a level that has no key yet: makes one, with a new key value. */
export async function createMailcowKey(deps: Deps, actor: Actor, access: ApiAccess, input: ApiKeySettingsInput): Promise<MailcowApiKeyView> {
  await authorize(deps.db, actor, { do: 'apiKeys.create' });
  const data = parseInput(apiKeySettingsInput, input);
  if (await rowOf(deps, access)) throw new AppError('conflict', `There is a ${access} key already: change or regenerate it.`);
  const skip = data.skipIpCheck ?? false;
  const allowFrom = nextAllowFrom('', skip, data.allowFrom);
  await deps.db.insert(api).values({ apiKey: newMailcowKey(), access, allowFrom, skipIpCheck: bit(skip), active: bit(data.active ?? true) });
  await audit(deps, actor, posted(access, 'admin_api', data));
  return toView(await requireKey(deps, access));
}

/**
 * admin_api('edit') for an existing key. Switching it on or off is a plain change; who may use it
 * (allow_from, skip_ip_check) widens or narrows a credential, so that takes a fresh proof as
 * making one does.
 */
export async function editMailcowKey(deps: Deps, actor: Actor, access: ApiAccess, input: ApiKeySettingsInput): Promise<MailcowApiKeyView> {
  await authorize(deps.db, actor, { do: 'apiKeys.write' });
  const data = parseInput(apiKeySettingsInput, input);
  if (data.allowFrom !== undefined || data.skipIpCheck !== undefined) await authorize(deps.db, actor, { do: 'apiKeys.create' });
  const row = await requireKey(deps, access);
  const skip = data.skipIpCheck ?? Number(row.skipIpCheck) === 1;
  const allowFrom = nextAllowFrom(row.allowFrom, skip, data.allowFrom);
  // By its value, not its level (mailcow's UPDATE … WHERE access): the same row when there is one per
  // level, and a second row (API_KEY from mailcow's environment beside a UI key) is left alone.
  await deps.db.update(api).set({ allowFrom, skipIpCheck: bit(skip), active: bit(data.active ?? Number(row.active) === 1) })
    .where(eq(api.apiKey, row.apiKey));
  await audit(deps, actor, posted(access, 'admin_api', data));
  return toView(await requireKey(deps, access));
}

/** admin_api('regen_key'): a new value; the old one stops working at once. */
export async function regenerateMailcowKey(deps: Deps, actor: Actor, access: ApiAccess): Promise<MailcowApiKeyView> {
  await authorize(deps.db, actor, { do: 'apiKeys.create' });
  const row = await requireKey(deps, access);
  await deps.db.update(api).set({ apiKey: newMailcowKey() }).where(eq(api.apiKey, row.apiKey));
  await audit(deps, actor, posted(access, 'admin_api_regen_key'));
  return toView(await requireKey(deps, access));
}

/** mailcow's UI has no delete (a key is switched off there); Cowbell removes the row, logged as admin_api does. */
export async function deleteMailcowKey(deps: Deps, actor: Actor, access: ApiAccess): Promise<void> {
  await authorize(deps.db, actor, { do: 'apiKeys.write' });
  const row = await requireKey(deps, access);
  await deps.db.delete(api).where(eq(api.apiKey, row.apiKey));
  await audit(deps, actor, posted(access, 'admin_api_delete'));
}
