import { shallowRef } from 'vue';
import { useMutation } from '../../../composables/useMutation.ts';
import { api, call } from '../../../lib/api.ts';
import type { EffectiveRateLimit, RateLimit, RateLimitInput } from '../../../../server/mailcow/ratelimit.schema.ts';

/** What the form shows: the object's own limit, and what rspamd applies (a mailbox's may be its domain's). */
export interface RateLimitState { own: RateLimit | null; effective: EffectiveRateLimit | null }

const mailboxLimit = api.admin.mailboxes[':username']['rate-limit'];
const domainLimit = api.admin.domains[':domain']['rate-limit'];

/** A domain's or mailbox's rate limit (mailcow's ratelimit get/edit), loaded and saved on its own. */
export function useRateLimit(scope: 'domain' | 'mailbox', object: string) {
  const state = shallowRef<RateLimitState | null>(null);
  const save = useMutation();
  const fromDomain = (own: RateLimit | null): RateLimitState => ({ own, effective: own && { ...own, scope: 'domain' } });
  const load = () => save.run(async () => {
    state.value = scope === 'mailbox'
      ? (await call(mailboxLimit.$get({ param: { username: object } }))).rateLimits
      : fromDomain((await call(domainLimit.$get({ param: { domain: object } }))).rateLimit);
  });
  const store = (input: RateLimitInput) => save.run(async () => {
    state.value = scope === 'mailbox'
      ? (await call(mailboxLimit.$put({ param: { username: object }, json: input }))).rateLimits
      : fromDomain((await call(domainLimit.$put({ param: { domain: object }, json: input }))).rateLimit);
    return true;
  });
  void load();
  return { state, save, store };
}
