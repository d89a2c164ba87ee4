import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import type { QuarantineList } from '../../server/features/quarantine/quarantine.schema.ts';
import { refreshQuarantineBadge, useQuarantineBadgeStore } from './quarantineBadge.ts';
import { useSessionStore } from './session.ts';

// Each call to the list hands back a promise the test settles, so answers can arrive out of order.
const answers: { resolve: (v: QuarantineList) => void; reject: (e: unknown) => void }[] = [];
vi.mock('../lib/api.ts', () => ({
  api: { quarantine: { $get: () => undefined } },
  call: () => new Promise((resolve, reject) => answers.push({ resolve, reject })),
}));

const page = (unreviewed: number): QuarantineList => ({ items: [], nextCursor: null, unreviewed });

describe('the quarantine badge', () => {
  const setAppBadge = vi.fn(async (_n?: number) => undefined);

  beforeEach(() => {
    answers.length = 0;
    vi.stubGlobal('navigator', { setAppBadge, clearAppBadge: vi.fn(async () => undefined) });
    setActivePinia(createPinia());
    useSessionStore().session = { username: 'a@b.c', role: 'user', state: 'active', tfaMethods: [] };
  });
  afterEach(() => vi.unstubAllGlobals());

  it('keeps the answer to the last refresh asked, whatever order the answers come in, and badges the app', async () => {
    const store = useQuarantineBadgeStore();
    const first = refreshQuarantineBadge();
    const second = refreshQuarantineBadge();
    answers[1].resolve(page(2));
    await second;
    answers[0].resolve(page(5));
    await first;
    expect(store.unreviewed).toBe(2);
    expect(store.loaded).toBe(true);
    expect(store.pending).toBe(false);
    await nextTick();
    expect(setAppBadge).toHaveBeenLastCalledWith(2);
  });

  it('keeps what it showed when a refresh fails, and says so', async () => {
    const store = useQuarantineBadgeStore();
    const ok = store.refresh();
    answers[0].resolve(page(3));
    await ok;
    const failed = store.refresh();
    answers[1].reject(new Error('offline'));
    await failed;
    expect(store.unreviewed).toBe(3);
    expect(store.error).toBeInstanceOf(Error);
  });

  it('asks nothing for an admin, who has no badge', async () => {
    useSessionStore().session = { username: 'admin', role: 'admin', state: 'active', tfaMethods: [] };
    await refreshQuarantineBadge();
    expect(answers).toHaveLength(0);
    expect(useQuarantineBadgeStore().unreviewed).toBeNull();
  });
});
