// Release, delete, learn and block, for one item or many. Delete and block sender (and anything
// swiped) wait behind an Undo toast; the request goes out when the toast runs out, or at once when
// the user leaves the quarantine or the app. Bulk actions ask once. Every action ends in a toast.
import { ref, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { onBeforeRouteLeave } from 'vue-router';
import type { ItemAction } from '../../../server/features/quarantine/quarantine.schema.ts';
import { api, call } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatNumber } from '../../lib/format.ts';
import { useToastStore } from '../../stores/toasts.ts';
import { outcomeTone, summarize, toOutcome, type ActionOutcome } from './actionSummary.ts';
import { useHiddenItemsStore } from './hiddenItems.ts';
import { refreshQuarantineBadge } from '../../stores/quarantineBadge.ts';

const UNDOABLE = new Set<ItemAction>(['delete', 'block_sender']);
/** Actions after which the item is no longer in the quarantine. */
const REMOVES = new Set<ItemAction>(['release', 'learn_ham', 'delete', 'learn_spam']);
const isQuarantineRoute = (name: unknown) => /quarantine(-item)?$/.test(String(name ?? ''));

export interface ConfirmRequest { action: ItemAction; n: number; answer: (yes: boolean) => void }

export function useQuarantineActions() {
  const { t, locale } = useI18n();
  const toasts = useToastStore();
  const hidden = useHiddenItemsStore();
  const pending = ref(false);
  /** A bulk action waiting for the user's yes (the page shows the dialog). */
  const confirming = shallowRef<ConfirmRequest | null>(null);

  // Moving between list and detail keeps the Undo; going anywhere else commits what waits.
  onBeforeRouteLeave((to) => {
    if (!isQuarantineRoute(to.name)) toasts.flush(false);
  });

  function ask(action: ItemAction, n: number): Promise<boolean> {
    return new Promise((resolve) => {
      confirming.value = { action, n, answer: (yes) => { confirming.value = null; resolve(yes); } };
    });
  }

  async function send(action: ItemAction, ids: number[], leaving: boolean): Promise<ActionOutcome | null> {
    pending.value = true;
    try {
      // keepalive: a request started as the page goes away still reaches the server.
      const { results } = await call(api.quarantine.actions.$post({ json: { action, ids } }, leaving ? { init: { keepalive: true } } : undefined));
      const outcome = toOutcome(action, results);
      if (REMOVES.has(action)) {
        hidden.hide(outcome.done);
        hidden.show(outcome.failed.map((f) => f.id));
      }
      toasts.show(summarize(t, locale.value, outcome), { tone: outcomeTone(outcome) });
      // What is left to review changed: the Quarantine tab's badge and the home card follow.
      void refreshQuarantineBadge();
      return outcome;
    } catch (e) {
      hidden.show(ids);
      toasts.show(errorMessage(t, e), { tone: 'danger' });
      return null;
    } finally {
      pending.value = false;
    }
  }

  /**
   * Runs an action: 'deferred' when it waits behind an Undo toast, the outcome when it ran at once,
   * null when the user said no or the request failed.
   */
  async function act(action: ItemAction, ids: number[], via: 'button' | 'swipe' = 'button'): Promise<ActionOutcome | 'deferred' | null> {
    if (ids.length === 0) return null;
    if (ids.length > 1 && !(await ask(action, ids.length))) return null;
    if (!UNDOABLE.has(action) && via !== 'swipe') return send(action, ids, false);
    if (REMOVES.has(action)) hidden.hide(ids);
    toasts.defer(t(`quarantine.pending.${action}`, { n: formatNumber(ids.length, locale.value) }, ids.length), t('shell.undo'), {
      commit: (leaving) => send(action, ids, leaving),
      undo: () => hidden.show(ids),
    });
    return 'deferred';
  }

  return { pending, confirming, act };
}
