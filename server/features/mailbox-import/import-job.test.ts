// The commit as the app runs it: a BullMQ job with progress, a result file for its owner with the
// generated passwords in it once, and nothing of it for anyone else.
import { afterAll, describe, expect, it } from 'vitest';
import { closeImportQueue, startImportWorker } from '../../jobs/import-queue.ts';
import { createTestClient, seedWorld, useTestApp } from '../../test/helpers.ts';

const ctx = useTestApp();
const worker = startImportWorker(ctx.deps);
afterAll(async () => { await worker.close(); await closeImportQueue(ctx.deps); });

async function as(username: string) {
  const client = createTestClient(ctx);
  expect((await client.signIn(username)).status).toBe(200);
  return client;
}
type Client = Awaited<ReturnType<typeof as>>;
const upload = (client: Client, file: string, mode: 'all' | 'valid' = 'all') =>
  client.api.admin['mailbox-import'].$post({ query: { mode } }, { init: { body: file, headers: { 'content-type': 'text/csv' } } });
const status = (client: Client, id: string) => client.api.admin['mailbox-import'][':id'].$get({ param: { id } });
const resultFile = async (client: Client, id: string) => (await client.api.admin['mailbox-import'][':id']['result.csv'].$get({ param: { id } })).text();

describe('a mailbox import as a job', () => {
  it('runs with progress, and hands out its result with the generated passwords once', async () => {
    const w = await seedWorld(ctx);
    const admin = await as(w.admin);
    const res = await upload(admin, `email,name\none@${w.domain},One\ntwo@${w.domain},Two\n`);
    expect(res.status).toBe(202);
    const { id } = await res.json();
    await expect.poll(async () => (await (await status(admin, id)).json()).state, { timeout: 15_000 }).toBe('done');
    expect(await (await status(admin, id)).json()).toMatchObject({ done: 2, total: 2, counts: { created: 2, exists: 0, error: 0, skipped: 0 }, rolledBack: false });
    const first = (await resultFile(admin, id)).trim().split('\n');
    expect(first[0]).toBe('line,address,status,message,generated_password');
    expect(first.slice(1).map((l) => l.split(','))).toEqual([
      ['2', `one@${w.domain}`, 'created', '', expect.stringMatching(/.{16,}/)],
      ['3', `two@${w.domain}`, 'created', '', expect.stringMatching(/.{16,}/)],
    ]);
    // The second download has the outcomes, no longer the passwords.
    expect((await resultFile(admin, id)).trim().split('\n').slice(1).map((l) => l.split(',').at(-1))).toEqual(['', '']);
  });

  it('is its owner\'s alone, and refuses a mode it does not know', async () => {
    const w = await seedWorld(ctx);
    const admin = await as(w.admin);
    const { id } = await (await upload(admin, `email\nthree@${w.domain}\n`, 'valid')).json();
    const stranger = await as((await seedWorld(ctx)).admin);
    expect((await status(stranger, id)).status).toBe(404);
    expect((await stranger.api.admin['mailbox-import'][':id']['result.csv'].$get({ param: { id } })).status).toBe(404);
    expect((await admin.api.admin['mailbox-import'].$post({ query: { mode: 'some' as never } }, { init: { body: 'email\n', headers: { 'content-type': 'text/csv' } } })).status).toBe(400);
  });
});
