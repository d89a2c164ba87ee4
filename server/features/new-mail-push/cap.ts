// The per-user cap is a rolling window over the instants of earlier pushes. The caller keeps those
// instants (in Redis, later); these functions only judge them, so the window's edges are testable.
import type { NewMailSettings } from './rules.schema.ts';

/** At most `count` pushes in any window of `minutes`. */
type PushCap = NewMailSettings['cap'];

/**
 * The pushes still inside the window that ends at `now`. A push exactly `minutes` ago has just left
 * it. Instants after `now` (another server's clock running ahead) are kept: counting them errs
 * towards fewer pushes, never a flood.
 */
export function recentPushes(previous: readonly number[], now: number, cap: PushCap): number[] {
  const start = now - cap.minutes * 60_000;
  return previous.filter((t) => t > start);
}

/** Whether another push now would exceed the cap. */
export function capReached(previous: readonly number[], now: number, cap: PushCap): boolean {
  return recentPushes(previous, now, cap).length >= cap.count;
}
