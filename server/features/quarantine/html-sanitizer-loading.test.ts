// jsdom (about 50 MB) is loaded by the first message with HTML that is shown, never at start-up: a
// fresh process, since this test runner's workers share modules between files.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const SCRIPT = `
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const jsdomLoaded = () => Object.keys(createRequire(import.meta.url).cache).some((f) => f.includes('/node_modules/jsdom/'));
// Everything server/index.ts starts, without starting it.
await Promise.all(['./server/app.ts', './server/jobs/scheduler.ts', './server/jobs/push-queue.ts'].map((m) => import(m)));
const { viewMessage } = await import('./server/features/quarantine/message-view.ts');
const atStart = jsdomLoaded();
await viewMessage('Subject: plain\\r\\nContent-Type: text/plain\\r\\n\\r\\nJust text.', false);
const afterText = jsdomLoaded();
await viewMessage(readFileSync('server/test/fixtures/mail/hostile-html.eml', 'utf8'), false);
console.log(JSON.stringify({ atStart, afterText, afterHtml: jsdomLoaded() }));
`;

describe('the HTML sanitiser', () => {
  it('loads jsdom only once a message with HTML is shown', { timeout: 60_000 }, () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], { encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ atStart: false, afterText: false, afterHtml: true });
  });
});
