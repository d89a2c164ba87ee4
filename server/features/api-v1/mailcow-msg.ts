// The one place where Cowbell's refusals (AppError code, issues, the services' named reasons) become
// mailcow's answer entries: {type: 'danger', log, msg} with the msg keys of mailcow's
// lang.en-gb.json. Families pass the refusal, what mailcow logs for the call, and the object it
// names; nothing here decides whether something is allowed, only how the refusal is worded.
import { AppError } from '../../lib/errors.ts';
import { TAKEN } from '../../mailcow/alias.rules.ts';
import type { V1Entry } from './v1-types.ts';

/** What a family tells the mapping about the call: the object mailcow's message names, and its own keys where mailcow's differ by object. */
export interface MsgContext {
  /** The address, domain or id mailcow's message names. */
  subject: string;
  /** The domain mailcow names in domain_not_found. */
  domain?: string;
  /** Keys for an address that is taken, where the family's mailcow function uses its own (add/alias: is_alias_or_mailbox). */
  taken?: Partial<Record<keyof typeof TAKEN, string>>;
  /** The msg for an object not found or not valid (mailcow: mailbox_invalid, alias_invalid, ['username_invalid', name] …). */
  invalid?: string | unknown[];
  /** An alias domain's target, which mailcow's target messages name. */
  target?: string;
  /** An alias's targets as sent, which goto_invalid names by position. */
  gotos?: string[];
}

const TAKEN_KEYS: Record<keyof typeof TAKEN, string> = { mailbox: 'object_exists', alias: 'is_alias', spamAlias: 'is_spam_alias' };

const num = (s: string) => Number(s);

/** Keys whose one argument is the object named; keys whose argument is the number a service's message gives. */
const NAMES_SUBJECT = new Set(['domain_exists', 'domain_not_empty', 'is_alias_or_mailbox', 'alias_domain_invalid', 'object_exists']);
const NAMES_TARGET = new Set(['targetd_not_found', 'targetd_relay_domain', 'aliasd_targetd_identical']);
const NAMES_NUMBER = new Set(['max_quota_in_use', 'domain_quota_m_in_use', 'mailboxes_in_use', 'aliases_in_use']);

/** A service that words a refusal after mailcow's message ends it with the key in parentheses: "… (domain_exists)." */
function namedKey(e: AppError, ctx: MsgContext): string | unknown[] | null {
  for (const text of [e.message, ...e.issues.map((i) => i.message)]) {
    const m = /\(([a-z0-9_]+)\)\.?$/.exec(text);
    if (!m) continue;
    const key = m[1];
    if (NAMES_SUBJECT.has(key)) return [key, ctx.subject];
    if (NAMES_TARGET.has(key)) return [key, ctx.target ?? ctx.subject];
    const n = /(\d+)/.exec(text);
    if (NAMES_NUMBER.has(key) && n) return [key, num(n[1])];
    return key;
  }
  return null;
}

/** mailcow's msg for a refusal, with the log mailcow writes for it (password_check logs itself, not the call). */
export function mailcowMsg(e: AppError, ctx: MsgContext): { msg: string | unknown[]; log?: unknown[] } {
  const issue = (path: string) => e.issues.find((i) => i.path === path);
  const named = e.code === 'forbidden' || e.code === 'unauthenticated' ? null : namedKey(e, ctx);
  if (named) return { msg: named };
  switch (e.code) {
    case 'unauthenticated': case 'forbidden': case 'step_up_required': case 'not_found':
      // Not there at all (an admin asked): mailcow's domain_not_found; outside the actor's domains: access_denied.
      if (e.code === 'not_found' && /^There is no such domain\.$/.test(e.message)) return { msg: ['domain_not_found', ctx.domain ?? ctx.subject] };
      return { msg: 'access_denied' };
    case 'conflict': {
      const reason = (Object.keys(TAKEN) as (keyof typeof TAKEN)[]).find((k) => TAKEN[k] === e.message);
      if (reason) return { msg: [ctx.taken?.[reason] ?? TAKEN_KEYS[reason], ctx.subject] };
      let m = /has no mailboxes left \((\d+) of (\d+)\)/.exec(e.message);
      if (m) return { msg: ['max_mailbox_exceeded', num(m[1]), num(m[2])] };
      m = /may have at most (\d+) MiB/.exec(e.message);
      if (m) return { msg: ['mailbox_quota_exceeded', num(m[1])] };
      if (/has no aliases left/.test(e.message)) return { msg: 'max_alias_exceeded' };
      m = /Only (-?\d+) MiB of the domain's quota are left/.exec(e.message);
      if (m) return { msg: ['mailbox_quota_left_exceeded', num(m[1])] };
      return { msg: [ctx.taken?.mailbox ?? 'object_exists', ctx.subject] };
    }
    case 'validation_failed': {
      if (issue('password2')?.code === 'mismatch') return { msg: 'password_mismatch', log: ['password_check', null, null] };
      if (issue('password')) return { msg: 'password_complexity', log: ['password_check', null, null] };
      if (issue('domain')) return { msg: /no such domain/i.test(issue('domain')!.message) ? ['domain_not_found', ctx.domain ?? ctx.subject] : 'domain_invalid' };
      if (issue('tags')) return { msg: ['tag_limit_exceeded', 'limit 25'] };
      if (issue('domains')) return { msg: 'domain_invalid' };
      const address = issue('address');
      if (address) {
        const reason = (Object.keys(TAKEN) as (keyof typeof TAKEN)[]).find((k) => TAKEN[k] === address.message);
        if (reason) return { msg: [ctx.taken?.[reason] ?? TAKEN_KEYS[reason], ctx.subject] };
        if (/No such domain/.test(address.message)) return { msg: ['domain_not_found', ctx.domain ?? ctx.subject] };
        return { msg: [typeof ctx.invalid === 'string' ? ctx.invalid : 'alias_invalid', ctx.subject] };
      }
      const goto = e.issues.find((i) => i.path === 'goto' || i.path.startsWith('goto.'));
      if (goto) return { msg: goto.path === 'goto' ? 'goto_empty' : ['goto_invalid', ctx.gotos?.[Number(goto.path.slice(5))] ?? ctx.subject] };
      if (issue('privateComment') || issue('publicComment')) return { msg: 'comment_too_long' };
      if (issue('quarantineCategory')) return { msg: 'quarantine_category_invalid' };
      return { msg: ctx.invalid ?? 'mailbox_invalid' };
    }
    default:
      return { msg: ctx.invalid ?? 'access_denied' };
  }
}

/** A refusal as mailcow's danger entry; anything that is not a refusal (a bug, the database gone) is thrown on. */
export function dangerEntry(e: unknown, log: unknown[], ctx: MsgContext): V1Entry {
  if (!(e instanceof AppError)) throw e;
  const mapped = mailcowMsg(e, ctx);
  return { type: 'danger', log: mapped.log ?? log, msg: mapped.msg };
}

/** The call's data as mailcow logs it: any key naming a password as "*". */
export function logData(data: Record<string, unknown>): Record<string, unknown> | unknown[] {
  const entries = Object.entries(data);
  // PHP's empty array is a list.
  if (entries.length === 0) return [];
  return Object.fromEntries(entries.map(([k, v]) => [k, /pass/i.test(k) ? '*' : v]));
}
