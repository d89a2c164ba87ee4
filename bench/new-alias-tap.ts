// From tapping "New alias" to the address on the clipboard, in a phone's Chromium (issue 8). The
// Aliases tab's button opens /aliases/new, which POSTs /api/aliases/time-limited and copies the
// address it is given. The server's share: that POST as the browser timed it (Resource Timing,
// requestStart → responseEnd) and the server's own time (the route's Server-Timing header).
import { chromium, devices, type Page } from '@playwright/test';
import { percentile } from './measure.ts';
import { CHROMIUM_ARGS, cookiesFor } from './wire-bytes.ts';

const CREATE_PATH = '/api/aliases/time-limited';
const TAP_TIMEOUT_MS = 15_000;

interface Tap { address: string; total: number; request: number; server: number }
export interface Spread { p50: number; p99: number }
export interface TapToClipboard { taps: number; total: Spread; request: Spread; server: Spread }

interface TimedRequest { initiatorType: string; requestStart: number; responseEnd: number; serverTiming: { name: string; duration: number }[] }

/** The little of the page the probe touches (the bench's TypeScript has no DOM types). */
interface PageGlobals {
  addEventListener(type: 'pointerdown', listener: () => void, options: { capture: boolean; once: boolean }): void;
  document: { body: object; querySelector(selector: string): { textContent: string | null } | null };
  MutationObserver: new (callback: () => void) => { observe(target: object, options: Record<string, boolean>): void; disconnect(): void };
  navigator: { clipboard: { readText(): Promise<string> } };
  performance: { now(): number; clearResourceTimings(): void; getEntriesByName(name: string): TimedRequest[] };
  benchTap?: Promise<Tap>;
  /** How far the probe got, for the error when a tap never ends. */
  benchStage?: string;
}

/**
 * Runs in the page just before the tap, sent as source by Playwright: self-contained, and with no
 * named inner functions (tsx would wrap them in its `__name` helper, which the page lacks). From the
 * tap's pointerdown it waits for the address to show, then reads the clipboard back to back until it
 * holds that address; `benchTap` resolves with the times.
 */
function armProbe(createUrl: string) {
  const w = globalThis as unknown as PageGlobals;
  w.performance.clearResourceTimings();
  w.benchStage = 'armed';
  w.benchTap = new Promise<Tap>((resolve, reject) => {
    w.addEventListener('pointerdown', () => {
      const tapped = w.performance.now();
      w.benchStage = 'tapped';
      new Promise<string>((shown) => {
        const observer = new w.MutationObserver(() => {
          const address = w.document.querySelector('[data-testid="new-alias-address"]')?.textContent?.trim();
          if (address) {
            observer.disconnect();
            shown(address);
          }
        });
        observer.observe(w.document.body, { childList: true, subtree: true, characterData: true });
      }).then(async (address) => {
        w.benchStage = `showing ${address}`;
        // Each read is a round trip to the browser process, so this loop yields to the page between reads.
        while ((await w.navigator.clipboard.readText()) !== address) { /* read again */ }
        const total = w.performance.now() - tapped;
        w.benchStage = `${address} on the clipboard`;
        let entry: TimedRequest | undefined;
        while (!(entry = w.performance.getEntriesByName(createUrl).find((e) => e.initiatorType === 'fetch'))) await new Promise((r) => setTimeout(r, 1));
        return { address, total, request: entry.responseEnd - entry.requestStart,
          server: entry.serverTiming.find((t) => t.name === 'total')?.duration ?? Number.NaN };
      }).then(resolve, reject);
    }, { capture: true, once: true });
  });
}

/** What the probe measured, or an error naming how far it got (a page evaluation has no timeout of its own). */
async function tapResult(page: Page, i: number): Promise<Tap> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no address on the clipboard after ${TAP_TIMEOUT_MS / 1000} s`)), TAP_TIMEOUT_MS);
  });
  try {
    return await Promise.race([page.evaluate(() => (globalThis as unknown as PageGlobals).benchTap!), late]);
  } catch (e) {
    const stage = await page.evaluate(() => (globalThis as unknown as PageGlobals).benchStage).catch(() => 'unknown');
    throw new Error(`tap ${i}: ${(e as Error).message} (probe: ${stage})`);
  } finally {
    clearTimeout(timer);
  }
}

const spread = (values: number[]): Spread => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
};

/** `taps` taps on a Pixel 7 (touch, clipboard permission granted), each from the Aliases tab with its list loaded. */
export async function tapToClipboard(origin: string, cookie: string, taps: number): Promise<TapToClipboard> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    // No service worker: it never touches /api/, and the pages' code is in the memory cache after the first tap either way.
    const context = await browser.newContext({ ...devices['Pixel 7'], serviceWorkers: 'block', permissions: ['clipboard-read', 'clipboard-write'] });
    await context.addCookies(cookiesFor(origin, cookie));
    const page = await context.newPage();
    await page.goto(`${origin}/aliases`, { waitUntil: 'networkidle' });
    const times: Tap[] = [];
    // The first tap also fetches the new-alias page's chunk: a warm-up, not counted.
    for (let i = 0; i <= taps; i++) {
      await page.evaluate(armProbe, `${origin}${CREATE_PATH}`);
      await page.getByTestId('new-alias').tap();
      const tap = await tapResult(page, i);
      if (i > 0) times.push(tap);
      await page.goBack();
      // The list has loaded again (newest first) before the next tap, so its request is not in the way.
      await page.getByTestId('time-limited-alias').filter({ hasText: tap.address }).waitFor();
    }
    await context.close();
    return { taps: times.length, total: spread(times.map((t) => t.total)), request: spread(times.map((t) => t.request)),
      server: spread(times.map((t) => t.server)) };
  } finally {
    await browser.close();
  }
}
