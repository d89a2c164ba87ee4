import { afterAll, expect, it } from 'vitest';
import { useTestApp } from '../test/helpers.ts';
import { startScheduler } from './scheduler.ts';

const standalone = useTestApp({}, 8);
const attached = useTestApp({ COWBELL_DB_MODE: 'attach' }, 9);
const running: { close(): Promise<void> }[] = [];
afterAll(() => Promise.all(running.map((r) => r.close())));

it('schedules the digest in standalone mode and leaves it to mailcow in attach mode', async () => {
  const a = await startScheduler(standalone.deps);
  const b = await startScheduler(attached.deps);
  running.push(a, b);
  const ids = async (s: typeof a) => (await s.queue.getJobSchedulers()).map((j) => j.key).sort();
  expect(await ids(a)).toEqual(['quarantine-digest', 'quarantine-housekeeping']);
  expect(await ids(b)).toEqual(['quarantine-housekeeping']);
});
