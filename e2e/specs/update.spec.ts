// Prompt-to-update: a new service worker waits until the user asks, so nothing is swapped mid-typing.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { expect, test } from '../fixtures.ts';

const SW = 'dist/sw.js';
// The server sends the build's precompressed copies: a new release changes them all.
const VARIANTS = [SW, `${SW}.br`, `${SW}.gz`].filter((f) => existsSync(f));

function release(text: string) {
  writeFileSync(SW, text);
  if (VARIANTS.includes(`${SW}.br`)) writeFileSync(`${SW}.br`, brotliCompressSync(text));
  if (VARIANTS.includes(`${SW}.gz`)) writeFileSync(`${SW}.gz`, gzipSync(text));
}

test('a new version waits for the user, then takes over on Reload', async ({ page }) => {
  await page.goto('/sign-in');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const firstUrl = await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL);
  await page.getByLabel('E-mail address or admin name').fill('half-typed@exam');

  const original = readFileSync(SW, 'utf8');
  const originals = VARIANTS.map((f) => [f, readFileSync(f)] as const);
  try {
    release(`${original}\n// release ${Date.now()}\n`);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    await expect(page.getByTestId('update-banner')).toBeVisible();
    // The old worker still controls the page and the half-typed input is untouched.
    expect(await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL)).toBe(firstUrl);
    await expect(page.getByLabel('E-mail address or admin name')).toHaveValue('half-typed@exam');
    const waiting = await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())!.waiting));
    expect(waiting).toBe(true);

    const reloaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    await page.waitForFunction(async () => !(await navigator.serviceWorker.getRegistration())?.waiting);
    await expect(page.getByTestId('update-banner')).toBeHidden();
  } finally {
    for (const [file, bytes] of originals) writeFileSync(file, bytes);
  }
});
