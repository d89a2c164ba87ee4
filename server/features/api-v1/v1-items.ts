// edit/… and delete/… in mailcow work item by item: each item gets its own success or refusal, and
// one item's refusal does not stop the next. The families give the work for one item and the
// message of its success; refusals are worded by mailcow-msg.ts.
import { dangerEntry, type MsgContext } from './mailcow-msg.ts';
import type { V1Entry } from './v1-types.ts';

export async function eachItem<T>(
  items: T[], log: unknown[], run: (item: T) => Promise<string | unknown[]>, refusal: (item: T) => MsgContext,
): Promise<V1Entry[]> {
  const out: V1Entry[] = [];
  for (const item of items) {
    try {
      out.push({ type: 'success', log, msg: await run(item) });
    } catch (e) {
      out.push(dangerEntry(e, log, refusal(item)));
    }
  }
  return out;
}
