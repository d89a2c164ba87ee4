import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TOAST_MS, UNDO_MS, useToastStore } from './toasts.ts';

beforeEach(() => {
  setActivePinia(createPinia());
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('toasts', () => {
  it('run out on their own, warnings later than news', () => {
    const store = useToastStore();
    store.show('Done.');
    store.show('Half failed.', { tone: 'warning' });
    vi.advanceTimersByTime(TOAST_MS);
    expect(store.toasts.map((t) => t.text)).toEqual(['Half failed.']);
    vi.advanceTimersByTime(TOAST_MS);
    expect(store.toasts).toEqual([]);
  });

  it('keep at most three on screen', () => {
    const store = useToastStore();
    for (const n of [1, 2, 3, 4]) store.show(`t${n}`);
    expect(store.toasts.map((t) => t.text)).toEqual(['t2', 't3', 't4']);
  });

  it('do not run out while paused', () => {
    const store = useToastStore();
    const id = store.show('Read me');
    vi.advanceTimersByTime(TOAST_MS - 1000);
    store.pause(id);
    vi.advanceTimersByTime(60_000);
    expect(store.toasts).toHaveLength(1);
    store.resume(id);
    vi.advanceTimersByTime(999);
    expect(store.toasts).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(store.toasts).toEqual([]);
  });
});

describe('deferred work', () => {
  it('is committed once when its toast runs out', () => {
    const store = useToastStore();
    const commit = vi.fn();
    store.defer('Deleting 1…', 'Undo', { commit });
    vi.advanceTimersByTime(UNDO_MS - 1);
    expect(commit).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(commit).toHaveBeenCalledExactlyOnceWith(false);
    store.flush(true);
    expect(commit).toHaveBeenCalledOnce();
    expect(store.toasts).toEqual([]);
  });

  it('is undone by the toast button and never committed', () => {
    const store = useToastStore();
    const commit = vi.fn();
    const undo = vi.fn();
    store.defer('Deleting 1…', 'Undo', { commit, undo });
    store.toasts[0].action!.run();
    vi.advanceTimersByTime(UNDO_MS * 2);
    store.flush(true);
    expect(undo).toHaveBeenCalledOnce();
    expect(commit).not.toHaveBeenCalled();
    expect(store.toasts).toEqual([]);
  });

  it('is committed at once, as leaving, when flushed', () => {
    const store = useToastStore();
    const commits: boolean[] = [];
    store.defer('a', 'Undo', { commit: (leaving) => commits.push(leaving) });
    store.defer('b', 'Undo', { commit: (leaving) => commits.push(leaving) });
    store.flush(true);
    expect(commits).toEqual([true, true]);
    vi.advanceTimersByTime(UNDO_MS);
    expect(commits).toHaveLength(2);
  });

  it('is not pushed out by newer toasts', () => {
    const store = useToastStore();
    store.defer('waiting', 'Undo', { commit: () => undefined });
    for (const n of [1, 2, 3]) store.show(`t${n}`);
    expect(store.toasts.map((t) => t.text)).toEqual(['waiting', 't2', 't3']);
    store.defer('b', 'Undo', { commit: () => undefined });
    store.defer('c', 'Undo', { commit: () => undefined });
    expect(store.toasts.map((t) => t.text)).toEqual(['waiting', 'b', 'c']);
  });
});
