// mailcow's dkim() (functions.dkim.inc.php, reference 10.5) for an actor: details, add, import,
// duplicate, delete and the admin's list with "blind" keys. The one place that changes DKIM keys
// (domain and alias-domain creation go through addDkimKey in dkim.ts). Who may: add and details
// in the actor's domains (mailcow's hasDomainAccess), the rest admins only (mailcow's role checks).
import { aliasDomain, domain } from '../../db/schema/mail.ts';
import type { Deps } from '../deps.ts';
import type { Actor } from '../lib/authz/actor.ts';
import { authorize } from '../lib/authz/policy.ts';
import { AppError } from '../lib/errors.ts';
import { auditedBy, writeAudit } from '../lib/mailcow/audit-log.ts';
import { parseInput } from '../lib/validate.ts';
import {
  duplicateDkimInput, generateDkimInput, importDkimInput,
  type DkimOverview, type DkimRecord, type DuplicateDkimInput, type GenerateDkimInput, type ImportDkimInput,
} from './dkim.schema.ts';
import { DKIM_HASHES, dkimRecord, importedDkimKey, newDkimKey, readDkimKey, removeDkimKey, storeDkimKey } from './dkim.ts';
import { nameTaken } from './domain.rules.ts';

async function audit(deps: Deps, actor: Actor, action: string, data: unknown, msg: unknown[]) {
  await writeAudit(deps.db, [{ type: 'success', msg, call: ['dkim', action, data], ...auditedBy(actor) }], deps.now());
}

/** dkim('details'): the domain's record, or null when it has no key. */
export async function getDkim(deps: Deps, actor: Actor, name: string): Promise<DkimRecord | null> {
  await authorize(deps.db, actor, { do: 'dkim.read', domain: name });
  const key = await readDkimKey(deps.redis, name);
  return key ? dkimRecord(name, key) : null;
}

/** The admin's DKIM page: every domain and alias domain, then keys that belong to neither. */
export async function listDkim(deps: Deps, actor: Actor): Promise<DkimOverview> {
  await authorize(deps.db, actor, { do: 'dkim.manage' });
  const [domains, aliasDomains] = await Promise.all([
    deps.db.select({ d: domain.domain }).from(domain),
    deps.db.select({ d: aliasDomain.aliasDomain }).from(aliasDomain),
  ]);
  const [pubs, selectors] = await Promise.all([deps.redis.hgetall(DKIM_HASHES.pub), deps.redis.hgetall(DKIM_HASHES.selectors)]);
  const record = (name: string) => (pubs[name] ? dkimRecord(name, { pubkey: pubs[name], selector: selectors[name] ?? '' }) : null);
  const named = [
    ...domains.map((r) => ({ domain: r.d.toLowerCase(), kind: 'domain' as const })),
    ...aliasDomains.map((r) => ({ domain: r.d.toLowerCase(), kind: 'alias_domain' as const })),
  ].sort((a, b) => a.domain.localeCompare(b.domain));
  const known = new Set(named.map((n) => n.domain));
  return {
    domains: named.map((n) => ({ ...n, record: record(n.domain) })),
    blind: Object.keys(pubs).filter((d) => !known.has(d)).sort().map((d) => record(d)!),
  };
}

/** dkim('add'): a domain or alias domain that exists and has no key yet. */
export async function generateDkim(deps: Deps, actor: Actor, name: string, input: GenerateDkimInput): Promise<DkimRecord> {
  const data = parseInput(generateDkimInput, input);
  await authorize(deps.db, actor, { do: 'dkim.add', domain: name });
  if (!(await nameTaken(deps.db, name))) throw new AppError('not_found', 'There is no such domain or alias domain.');
  if (await deps.redis.hexists(DKIM_HASHES.pub, name)) {
    throw new AppError('conflict', `${name} has a DKIM key already; delete it first (dkim_domain_or_sel_invalid).`);
  }
  const key = await newDkimKey(data.selector, data.keySize);
  await storeDkimKey(deps.redis, name, key);
  await audit(deps, actor, 'add', { domains: name, dkim_selector: data.selector, key_size: data.keySize }, ['dkim_added', name]);
  return dkimRecord(name, key);
}

/** dkim('import'): any domain name (a key may come before its domain); an existing key only with `overwrite`. */
export async function importDkim(deps: Deps, actor: Actor, name: string, input: ImportDkimInput): Promise<DkimRecord> {
  const data = parseInput(importDkimInput, input);
  await authorize(deps.db, actor, { do: 'dkim.manage' });
  const key = importedDkimKey(data.selector, data.privateKey);
  if ('error' in key) throw new AppError('validation_failed', 'The private key cannot be used.', [{ path: 'privateKey', message: key.error, code: 'invalid' }]);
  if (!data.overwrite && (await deps.redis.hexists(DKIM_HASHES.pub, name))) {
    throw new AppError('conflict', `A DKIM key for ${name} exists and will not be overwritten (dkim_domain_or_sel_exists).`);
  }
  await storeDkimKey(deps.redis, name, key);
  await audit(deps, actor, 'import', { domain: name, dkim_selector: data.selector, private_key_file: '*', overwrite_existing: data.overwrite ? 1 : 0 }, ['dkim_added', name]);
  return dkimRecord(name, key);
}

/** dkim('duplicate'): the source's key, selector and private key, in place of whatever each target had. */
export async function duplicateDkim(deps: Deps, actor: Actor, from: string, input: DuplicateDkimInput): Promise<DkimRecord[]> {
  const data = parseInput(duplicateDkimInput, input);
  await authorize(deps.db, actor, { do: 'dkim.manage' });
  const key = await readDkimKey(deps.redis, from);
  if (!key?.privateKey) throw new AppError('not_found', `${from} has no DKIM key to copy (dkim_domain_or_sel_invalid).`);
  const records: DkimRecord[] = [];
  for (const to of [...new Set(data.to)].filter((d) => d !== from)) {
    await storeDkimKey(deps.redis, to, key);
    await audit(deps, actor, 'duplicate', { from_domain: from, to_domain: data.to }, ['dkim_duplicated', from, to]);
    records.push(dkimRecord(to, key));
  }
  return records;
}

/** dkim('delete'): all three fields; a domain without a key is no error (mailcow says removed either way). */
export async function deleteDkim(deps: Deps, actor: Actor, name: string): Promise<{ removed: boolean }> {
  await authorize(deps.db, actor, { do: 'dkim.manage' });
  const removed = await removeDkimKey(deps.redis, name);
  await audit(deps, actor, 'delete', { domains: [name] }, ['dkim_removed', name]);
  return { removed };
}
