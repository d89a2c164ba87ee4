// mailcow's rate limits (reference 10.3): what crosses the wire. Shared with the client.
import { z } from 'zod';

/** rspamd's time frames as mailcow offers them: per second, minute, hour, day. */
export const RL_FRAMES = ['s', 'm', 'h', 'd'] as const;
export type RateLimitFrame = (typeof RL_FRAMES)[number];

/** Messages per frame; 0 removes the limit (mailcow: an empty rl_value is an HDEL). */
export const rateLimitInput = z.strictObject({
  value: z.number().int().min(0).max(2_147_483_647),
  frame: z.enum(RL_FRAMES),
});
export type RateLimitInput = z.input<typeof rateLimitInput>;

export interface RateLimit { value: number; frame: RateLimitFrame }

/** The limit rspamd applies to a mailbox: its own, else its domain's (mailcow's mailbox_details rl / rl_scope). */
export interface EffectiveRateLimit extends RateLimit { scope: 'mailbox' | 'domain' }

export interface MailboxRateLimits {
  own: RateLimit | null;
  domain: RateLimit | null;
  effective: EffectiveRateLimit | null;
}
