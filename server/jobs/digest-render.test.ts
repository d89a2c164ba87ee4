import { describe, expect, it } from 'vitest';
import { renderDigestBounded } from './digest-render.ts';
import type { DigestInput } from './digest-template.ts';

const input: DigestInput = { username: 'a@b.test', hostname: 'mail.example.test', quarantineAcl: 1, items: [
  { id: 1, qhash: 'a'.repeat(64), subject: 'One', score: 9, sender: 'x@evil.test', created: '2024-01-01 10:00:00', action: 'reject' }] };

describe('a Q_HTML bounded in time and memory', () => {
  it('renders a good template off the event loop', async () => {
    const r = await renderDigestBounded('{{ username }}:{{ counter }}', input);
    expect(r).toMatchObject({ html: 'a@b.test:1', usedDefault: false });
  }, 30_000);

  it("stops one that would run for hours or eat the heap, and sends mailcow's template instead", async () => {
    // Each range is within Jinja2's limit; together 10^10 iterations. In the server's thread this never returns.
    const forever = '{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}';
    const started = Date.now();
    let ticks = 0;
    const timer = setInterval(() => { ticks += 1; }, 50);
    const slow = await renderDigestBounded(forever, input, 3_000);
    clearInterval(timer);
    expect(slow.usedDefault).toBe(true);
    expect(slow.html).toContain('There is 1 new message waiting');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(ticks).toBeGreaterThan(10); // the server's own thread kept running meanwhile
    // The next mailbox's digest does not wait for the same template again.
    const again = Date.now();
    expect((await renderDigestBounded(forever, input, 3_000)).usedDefault).toBe(true);
    expect(Date.now() - again).toBeLessThan(1_000);
    const greedy = '{% set s = "xxxxxxxxxxxxxxxx" %}{% for i in range(25) %}{% set s = s ~ s %}{% endfor %}{% for c in s.split("") %}{% endfor %}';
    expect((await renderDigestBounded(greedy, input, 10_000)).usedDefault).toBe(true);
    // The next digest gets a fresh thread.
    expect((await renderDigestBounded('ok {{ counter }}', input)).html).toBe('ok 1');
  }, 60_000);
});
