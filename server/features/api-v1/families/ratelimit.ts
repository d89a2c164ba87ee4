// get/rl-mbox, get/rl-domain, edit/rl-mbox, edit/rl-domain (json_api.php over ratelimit()), over
// server/mailcow/ratelimit.service.ts. Values come back as strings, as mailcow's explode() leaves them.
import type { Actor } from '../../../lib/authz/actor.ts';
import { AppError } from '../../../lib/errors.ts';
import { domainParam } from '../../../mailcow/domain.schema.ts';
import { mailboxParam } from '../../../mailcow/mailbox.schema.ts';
import type { Deps } from '../../../deps.ts';
import type { RateLimit, RateLimitInput } from '../../../mailcow/ratelimit.schema.ts';
import {
  getDomainRateLimit, getMailboxRateLimits, listDomainRateLimits, listMailboxRateLimits, setDomainRateLimit, setMailboxRateLimit,
} from '../../../mailcow/ratelimit.service.ts';
import { phpIntval, refusalOf } from '../php-values.ts';
import { data, entries, type V1Call, type V1Entry, type V1Family } from '../v1-types.ts';

const asMailcow = (l: RateLimit) => ({ value: String(l.value), frame: l.frame });

/** false (mailcow's answer to no limit, or no access) becomes {}. */
async function orNothing(p: Promise<RateLimit | null>) {
  try {
    const limit = await p;
    return limit ? asMailcow(limit) : null;
  } catch (e) {
    refusalOf(e);
    return null;
  }
}

/** The object as stored (lowercase, punycode); one that is no name at all is out of reach. */
const stored = (scope: 'domain' | 'mailbox', raw: string) => {
  const r = scope === 'domain' ? domainParam.safeParse({ domain: raw }) : mailboxParam.safeParse({ username: raw });
  return r.success ? ('domain' in r.data ? r.data.domain : r.data.username) : null;
};

type Setter = (deps: Deps, actor: Actor, object: string, input: RateLimitInput) => Promise<unknown>;

/**
 * ratelimit('edit'): per object rl_saved, rl_timeframe for a frame other than s/m/h/d, access_denied
 * out of reach. rl_value is PHP's intval ("abc" is 0, which removes the limit); a negative one, which
 * mailcow would store for rspamd to choke on, is refused as invalid form data. Without the ratelimit
 * ACL mailcow answers once and stops.
 */
function edit(scope: 'domain' | 'mailbox', set: Setter) {
  return async ({ deps, actor, attr, items }: V1Call) => {
    const objects = (items ?? []).map(String);
    const logData = { object: items, ...attr };
    const log = ['ratelimit', 'edit', scope, logData];
    const out: V1Entry[] = [];
    for (const object of objects) {
      try {
        const name = stored(scope, object);
        if (!name) throw new AppError('not_found', 'No such object.');
        await set(deps, actor, name, { value: phpIntval(attr.rl_value), frame: attr.rl_frame as RateLimit['frame'] });
        out.push({ type: 'success', log, msg: ['rl_saved', object] });
      } catch (e) {
        const refusal = refusalOf(e);
        if (refusal.code === 'forbidden') return entries([...out, { type: 'danger', log: ['ratelimit', 'edit', null, logData, null], msg: 'access_denied' }]);
        const badFrame = refusal.code === 'validation_failed' && refusal.issues.some((i) => i.path === 'frame');
        out.push({ type: 'danger', log, msg: badFrame ? 'rl_timeframe' : 'access_denied' });
      }
    }
    return entries(out);
  };
}

export const rateLimitFamily: V1Family = {
  get: {
    'rl-domain': async ({ deps, actor, object }) => data(object === 'all'
      ? (await listDomainRateLimits(deps, actor)).map((l) => ({ ...asMailcow(l), domain: l.domain }))
      : await orNothing(getDomainRateLimit(deps, actor, stored('domain', object ?? '') ?? ''))),
    'rl-mbox': async ({ deps, actor, object }) => data(object === 'all'
      ? (await listMailboxRateLimits(deps, actor)).map((l) => ({ ...asMailcow(l), mailbox: l.mailbox }))
      : await orNothing(getMailboxRateLimits(deps, actor, stored('mailbox', object ?? '') ?? '').then((r) => r.own))),
  },
  edit: {
    'rl-domain': edit('domain', setDomainRateLimit),
    'rl-mbox': edit('mailbox', setMailboxRateLimit),
  },
};
