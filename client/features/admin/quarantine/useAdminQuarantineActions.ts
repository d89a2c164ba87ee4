import { ref, shallowRef } from 'vue';
import type { ActionResult, ItemAction } from '../../../../server/features/quarantine/quarantine.schema.ts';
import { api, call } from '../../../lib/api.ts';

export interface ActionOutcome {
  action: ItemAction;
  done: number[];
  failed: ActionResult[];
}

/** Release, delete, learn or block, for one item or many; each item succeeds or fails on its own. */
export function useAdminQuarantineActions() {
  const pending = ref(false);
  const error = shallowRef<unknown>(null);
  const outcome = shallowRef<ActionOutcome | null>(null);

  async function run(action: ItemAction, ids: number[]): Promise<ActionOutcome | null> {
    pending.value = true;
    error.value = null;
    try {
      const { results } = await call(api.quarantine.actions.$post({ json: { action, ids } }));
      outcome.value = { action, done: results.filter((r) => r.ok).map((r) => r.id), failed: results.filter((r) => !r.ok) };
      return outcome.value;
    } catch (e) {
      error.value = e;
      return null;
    } finally {
      pending.value = false;
    }
  }

  return { pending, error, outcome, run };
}
