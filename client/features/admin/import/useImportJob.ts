// A queued import, read back every half second until it is done or failed. The id lives in the page's
// URL, so a reload picks up the same import; polling stops with the page.
import { onScopeDispose, shallowRef, watch, type Ref } from 'vue';
import { useMutation } from '../../../composables/useMutation.ts';
import { api, call } from '../../../lib/api.ts';
import { appBase } from '../../../lib/base-path.ts';
import { csvBody, type ImportMode } from './useImportDryRun.ts';

const POLL_MS = 500;
type Status = Awaited<ReturnType<typeof readStatus>>;
const readStatus = (id: string) => call(api.admin['mailbox-import'][':id'].$get({ param: { id } }));

export function useImportJob(id: Ref<string | null>) {
  const status = shallowRef<Status | null>(null);
  const polling = useMutation();
  const starting = useMutation();
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function poll(current: string) {
    const next = await polling.run(() => readStatus(current));
    if (id.value !== current) return;
    status.value = next;
    if (next && (next.state === 'waiting' || next.state === 'running')) timer = setTimeout(() => void poll(current), POLL_MS);
  }
  watch(id, (current) => {
    clearTimeout(timer);
    status.value = null;
    if (current) void poll(current);
  }, { immediate: true });
  onScopeDispose(() => clearTimeout(timer));

  /** Queues the file; the caller puts the id where the page keeps it. */
  const start = (file: Blob, mode: ImportMode) =>
    starting.run(async () => (await call(api.admin['mailbox-import'].$post({ query: { mode } }, csvBody(file)))).id);

  /** A plain link: the browser downloads it with the session cookie, as a file. */
  const resultUrl = (current: string) => `${appBase}api/admin/mailbox-import/${encodeURIComponent(current)}/result.csv`;

  return { status, starting: starting.pending, startError: starting.error, pollError: polling.error, start, resultUrl };
}
