// What the command palette offers for the typed text: the static actions whose words match, then
// domains, mailboxes and aliases from GET /api/admin/search (asked once typing pauses; only the
// answer to the latest text is kept).
import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import type { SearchHit } from '../../../../server/features/admin-directory/directory.schema.ts';
import { api, call } from '../../../lib/api.ts';

export interface PaletteItem { kind: SearchHit['kind'] | 'action'; id: string; label: string; to: string }

const ACTIONS: { id: string; to: string }[] = [
  { id: 'newMailbox', to: '/admin/mailboxes?new=1' },
  { id: 'importCsv', to: '/admin/import' },
  { id: 'domains', to: '/admin/domains' },
  { id: 'mailboxes', to: '/admin/mailboxes' },
  { id: 'aliases', to: '/admin/aliases' },
  { id: 'quarantine', to: '/admin/quarantine' },
  { id: 'overview', to: '/admin' },
  { id: 'settings', to: '/admin/settings' },
  { id: 'apiKeys', to: '/admin/api-keys' },
  { id: 'logs', to: '/admin/logs' },
];

const placeOf = (hit: SearchHit) => {
  const at = encodeURIComponent(hit.id);
  if (hit.kind === 'domain') return `/admin/mailboxes?domain=${at}`;
  if (hit.kind === 'mailbox') return `/admin/mailboxes?q=${at}&edit=${at}`;
  return `/admin/aliases?q=${at}`;
};

export function usePaletteSearch(text: Ref<string>, actionLabel: (id: string) => string) {
  const hits = shallowRef<SearchHit[]>([]);
  const pending = ref(false);
  let ticket = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  watch(text, (q) => {
    clearTimeout(timer);
    const mine = ++ticket;
    if (!q.trim()) { hits.value = []; pending.value = false; return; }
    pending.value = true;
    timer = setTimeout(async () => {
      const found = await call(api.admin.search.$get({ query: { q: q.trim().slice(0, 200) } })).then((r) => r.hits).catch(() => []);
      if (mine === ticket) { hits.value = found; pending.value = false; }
    }, 150);
  });
  const items = computed<PaletteItem[]>(() => {
    const q = text.value.trim().toLowerCase();
    const actions = ACTIONS.map((a) => ({ kind: 'action' as const, id: a.id, label: actionLabel(a.id), to: a.to }))
      .filter((a) => !q || a.label.toLowerCase().includes(q));
    return [...actions, ...hits.value.map((h) => ({ ...h, to: placeOf(h) }))];
  });
  return { items, pending };
}
