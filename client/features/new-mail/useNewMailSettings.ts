// The signed-in user's new-mail push rules: the saved settings, a draft the screen edits, and a save
// that checks the draft with the shared schema first. The draft survives a refused save untouched.
import { computed, onMounted, onUnmounted, ref, watch } from 'vue';
import type { NewMailSettings } from '../../../server/features/new-mail-push/rules.schema.ts';
import { useAsync } from '../../composables/useAsync.ts';
import { useMutation } from '../../composables/useMutation.ts';
import { api, call } from '../../lib/api.ts';
import { ApiError } from '../../lib/errors.ts';
import { checkSettings, issueKeys, type IssueAt } from './newMailRules.ts';

const copy = (s: NewMailSettings): NewMailSettings => JSON.parse(JSON.stringify(s)) as NewMailSettings;
const same = (a: NewMailSettings | null, b: NewMailSettings | null) => JSON.stringify(a) === JSON.stringify(b);

export function useNewMailSettings() {
  const view = useAsync(() => call(api['new-mail'].settings.$get()));
  const mutation = useMutation();
  const draft = ref<NewMailSettings | null>(null);
  /** Issues found here before sending (the server's come back in mutation.error). */
  const localIssues = ref<IssueAt[]>([]);

  /** Once a save was refused, the form is checked again as it changes: an issue goes as soon as it is mended. */
  const refused = ref(false);

  watch(view.data, (v) => { if (v) draft.value = copy(v.settings); });
  watch(draft, (d) => {
    if (!refused.value || !d) return;
    const checked = checkSettings(d);
    localIssues.value = checked.ok ? [] : checked.issues;
    // The server's issues name entries by position, which an edit may have moved.
    if (mutation.error.value instanceof ApiError && mutation.error.value.code === 'validation_failed') mutation.error.value = null;
  }, { deep: true });
  const dirty = computed(() => view.data.value !== null && !same(draft.value, view.data.value.settings));

  /** Each field's first issue as an i18n key ("vip.2", "quiet.timeZone", …), from here or from the server. */
  const issues = computed<Record<string, string>>(() => {
    if (!draft.value) return {};
    const e = mutation.error.value;
    const server = e instanceof ApiError && e.code === 'validation_failed' ? e.issues : [];
    return issueKeys([...localIssues.value, ...server], draft.value);
  });

  async function save(): Promise<boolean> {
    if (!draft.value) return false;
    mutation.error.value = null;
    const checked = checkSettings(draft.value);
    localIssues.value = checked.ok ? [] : checked.issues;
    refused.value = !checked.ok;
    if (!checked.ok) return false;
    // The revision it was read at: a save over a change made meanwhile (another device, Mute on a
    // notification) is refused as stale instead of undoing that change.
    const revision = view.data.value?.revision ?? 0;
    const saved = await mutation.run(() => call(api['new-mail'].settings.$put({ json: checked.settings, header: { 'if-match': `"${revision}"` } })));
    refused.value = saved === null;
    if (saved) view.data.value = saved;
    return saved !== null;
  }

  /**
   * A sender muted from a notification while this screen is open: the saved settings are read again,
   * and an unsaved draft takes the same change, so saving it does not bring the sender back.
   */
  async function senderMuted(address: string | undefined) {
    const pending = dirty.value && draft.value ? copy(draft.value) : null;
    await view.reload();
    if (!pending || !draft.value) return;
    if (address && !pending.muted.includes(address)) pending.muted.push(address);
    pending.vip = pending.vip.filter((a) => a !== address);
    draft.value = pending;
  }

  // The service worker says when a notification's "Mute sender" worked (client/sw/push-handlers.ts).
  const onWorkerMessage = (event: MessageEvent) => {
    const m = event.data as { type?: string; action?: string; ok?: boolean; address?: string } | null;
    if (m?.type === 'push-action' && m.action === 'mute_sender' && m.ok) void senderMuted(m.address);
  };
  onMounted(() => navigator.serviceWorker?.addEventListener('message', onWorkerMessage));
  onUnmounted(() => navigator.serviceWorker?.removeEventListener('message', onWorkerMessage));

  return {
    view: view.data, loadError: view.error, draft, dirty, issues, saving: mutation.pending,
    /** A failure that is not about a field (offline, signed out, …). */
    saveError: computed(() => (mutation.error.value instanceof ApiError && mutation.error.value.code === 'validation_failed' ? null : mutation.error.value)),
    save, senderMuted,
    /** The saved settings read again (after a stale save: this screen's changes give way to the newer ones). */
    reload: async () => { mutation.error.value = null; await view.reload(); },
  };
}
