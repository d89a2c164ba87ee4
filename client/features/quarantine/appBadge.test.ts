import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setBadgeSource } from '../../lib/badge-source.ts';
import { showAppBadge } from './appBadge.ts';

describe('the app badge', () => {
  const setAppBadge = vi.fn(() => Promise.resolve());
  const clearAppBadge = vi.fn(() => Promise.resolve());
  beforeEach(() => {
    const stored = new Map<string, string>();
    vi.stubGlobal('navigator', { setAppBadge, clearAppBadge });
    vi.stubGlobal('localStorage', { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => stored.set(k, v),
      removeItem: (k: string) => stored.delete(k) });
    setAppBadge.mockClear();
    clearAppBadge.mockClear();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('counts unreviewed quarantine items, and clears at zero', () => {
    showAppBadge(4);
    showAppBadge(0);
    expect(setAppBadge).toHaveBeenCalledWith(4);
    expect(clearAppBadge).toHaveBeenCalledOnce();
  });

  it("is left to new-mail pushes (the Inbox's unseen count) on a device that takes them", () => {
    setBadgeSource('inbox');
    showAppBadge(4);
    showAppBadge(0);
    expect(setAppBadge).not.toHaveBeenCalled();
    expect(clearAppBadge).not.toHaveBeenCalled();
    setBadgeSource('quarantine');
    showAppBadge(2);
    expect(setAppBadge).toHaveBeenCalledWith(2);
  });
});
