// What an action did, in one sentence for its toast: how many succeeded, and how many failed and why.
import type { ActionResult, ItemAction } from '../../../server/features/quarantine/quarantine.schema.ts';
import { formatNumber } from '../../lib/format.ts';

export interface ActionOutcome {
  action: ItemAction;
  /** Ids the action was done for (a release whose learning failed counts, and is in `partial` too). */
  done: number[];
  failed: ActionResult[];
  partial: ActionResult[];
}

type Translate = (key: string, named?: Record<string, unknown>, plural?: number) => string;

export function toOutcome(action: ItemAction, results: ActionResult[]): ActionOutcome {
  return {
    action,
    done: results.filter((r) => r.ok).map((r) => r.id),
    failed: results.filter((r) => !r.ok),
    partial: results.filter((r) => r.ok && r.error),
  };
}

/** A failure code in words; codes this client does not know yet read as the generic failure. */
export function failureText(t: Translate, code: string | undefined): string {
  const key = `quarantine.error.${code ?? 'internal'}`;
  const text = t(key);
  return text === key ? t('quarantine.error.internal') : text;
}

export function summarize(t: Translate, locale: string, outcome: ActionOutcome): string {
  const count = (n: number) => ({ n: formatNumber(n, locale) });
  const parts: string[] = [];
  if (outcome.done.length) parts.push(t(`quarantine.done.${outcome.action}`, count(outcome.done.length), outcome.done.length));
  if (outcome.failed.length) {
    const byReason = new Map<string, number>();
    for (const f of outcome.failed) byReason.set(failureText(t, f.error), (byReason.get(failureText(t, f.error)) ?? 0) + 1);
    const reasons = [...byReason].map(([text, n]) => (byReason.size > 1 ? `${formatNumber(n, locale)}× ${text}` : text));
    parts.push(`${t('quarantine.failed', count(outcome.failed.length), outcome.failed.length)}: ${reasons.join(' ')}`);
  }
  if (outcome.partial.length) parts.push(t('quarantine.learnFailed', count(outcome.partial.length), outcome.partial.length));
  return parts.join(' ');
}

export const outcomeTone = (o: ActionOutcome) => (o.failed.length === 0 && o.partial.length === 0 ? 'success' : o.done.length ? 'warning' : 'danger');
