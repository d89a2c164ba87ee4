// Toasts for every feature, and work that waits behind an Undo toast until the toast runs out.
import { defineStore } from 'pinia';
import { ref } from 'vue';

export type ToastTone = 'info' | 'success' | 'warning' | 'danger';
export interface Toast {
  id: number;
  text: string;
  tone: ToastTone;
  action?: { label: string; run: () => void };
}
/** Work shown as a toast with Undo: `commit` runs when the toast runs out or is flushed, `undo` if it is undone. */
export interface DeferredWork {
  /** `leaving`: the page is going away; requests must outlive it (fetch `keepalive`). */
  commit: (leaving: boolean) => unknown;
  undo?: () => void;
}

export const TOAST_MS = 4000;
/** Long enough to reach Undo, short enough that the action still feels done. */
export const UNDO_MS = 5000;

interface Countdown { timer?: ReturnType<typeof setTimeout>; deadline: number; remaining: number; fire: () => void }

export const useToastStore = defineStore('toasts', () => {
  const toasts = ref<Toast[]>([]);
  const countdowns = new Map<number, Countdown>();
  const waiting = new Map<number, DeferredWork>();
  let nextId = 1;

  function countdown(id: number, ms: number, fire: () => void) {
    countdowns.set(id, { timer: setTimeout(fire, ms), deadline: Date.now() + ms, remaining: ms, fire });
  }

  function dismiss(id: number) {
    clearTimeout(countdowns.get(id)?.timer);
    countdowns.delete(id);
    toasts.value = toasts.value.filter((t) => t.id !== id);
  }

  function add(toast: Omit<Toast, 'id'>, ms: number, fire?: (id: number) => void): number {
    const id = nextId++;
    // At most three on screen: older plain toasts make room; toasts holding back work stay until settled.
    const plain = toasts.value.filter((t) => !waiting.has(t.id));
    plain.slice(0, Math.max(0, toasts.value.length - 2)).forEach((t) => dismiss(t.id));
    toasts.value = [...toasts.value, { ...toast, id }];
    countdown(id, ms, () => (fire ? fire(id) : dismiss(id)));
    return id;
  }

  function show(text: string, options: { tone?: ToastTone; timeout?: number } = {}): number {
    return add({ text, tone: options.tone ?? 'info' }, options.timeout ?? (options.tone === 'danger' || options.tone === 'warning' ? 2 * TOAST_MS : TOAST_MS));
  }

  function settle(id: number, leaving: boolean) {
    const work = waiting.get(id);
    if (!work) return;
    waiting.delete(id);
    dismiss(id);
    work.commit(leaving);
  }

  function undo(id: number) {
    const work = waiting.get(id);
    if (!work) return;
    waiting.delete(id);
    dismiss(id);
    work.undo?.();
  }

  /** Shows `text` with an Undo button; the work is committed when the toast runs out. */
  function defer(text: string, undoLabel: string, work: DeferredWork, timeout = UNDO_MS): number {
    const id = add({ text, tone: 'info', action: { label: undoLabel, run: () => undo(id) } }, timeout, (i) => settle(i, false));
    waiting.set(id, work);
    return id;
  }

  /** Commits all waiting work now: the user left the screen or the app. */
  function flush(leaving: boolean) {
    [...waiting.keys()].forEach((id) => settle(id, leaving));
  }

  /** A toast being read or reached for (hover, focus) does not run out meanwhile. */
  function pause(id: number) {
    const c = countdowns.get(id);
    if (!c || c.timer === undefined) return;
    clearTimeout(c.timer);
    c.timer = undefined;
    c.remaining = Math.max(0, c.deadline - Date.now());
  }

  function resume(id: number) {
    const c = countdowns.get(id);
    if (!c || c.timer !== undefined) return;
    c.deadline = Date.now() + c.remaining;
    c.timer = setTimeout(c.fire, c.remaining);
  }

  return { toasts, show, defer, dismiss, flush, pause, resume };
});
