// Bytes as Chromium receives them: CDP's Network.loadingFinished.encodedDataLength is what came over
// the connection for a response (headers and the body as sent, compressed or not).
import { request } from 'node:http';
import type { BrowserContext, Page } from '@playwright/test';
import { ORIGIN } from '../playwright.config.ts';

export const CHROMIUM_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

export interface WireResponse { url: string; encoding: string; wire: number }

/** Every response that finished loading while `action` ran, with its size on the wire. */
export async function wireBytes(page: Page, context: BrowserContext, action: () => Promise<void>): Promise<WireResponse[]> {
  const cdp = await context.newCDPSession(page);
  const seen = new Map<string, WireResponse & { done: boolean }>();
  const entry = (id: string) => seen.get(id) ?? seen.set(id, { url: '', encoding: 'identity', wire: 0, done: false }).get(id)!;
  cdp.on('Network.responseReceived', (e) => {
    const encoding = Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === 'content-encoding')?.[1];
    Object.assign(entry(e.requestId), { url: e.response.url, encoding: encoding ?? 'identity' });
  });
  cdp.on('Network.loadingFinished', (e) => Object.assign(entry(e.requestId), { wire: e.encodedDataLength, done: true }));
  await cdp.send('Network.enable');
  await action();
  await page.waitForLoadState('networkidle');
  await cdp.detach();
  return [...seen.values()].filter((r) => r.done && r.url).map(({ url, encoding, wire }) => ({ url, encoding, wire }));
}

/** A GET as the server sends it: nothing decoded (fetch would undo the compression). */
export function rawGet(path: string, acceptEncoding: string): Promise<{ encoding: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    request(`${ORIGIN}${path}`, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => { bytes += chunk.length; });
      res.on('end', () => resolve({ encoding: String(res.headers['content-encoding'] ?? 'identity'), bytes }));
    }).on('error', reject).end();
  });
}
