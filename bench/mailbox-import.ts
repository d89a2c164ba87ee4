// The CSV mailbox import (issue 10), in process against the bench's MariaDB: the dry run over
// 10,000 rows, and the commit of a smaller file whose passwords Cowbell makes (bcrypt at cost 10),
// against the raw bcrypt throughput of the same hashing threads measured in the same run.
import { availableParallelism } from 'node:os';
import { randomBytes } from 'node:crypto';
import { eq, like } from 'drizzle-orm';
import { domain, mailbox } from '../db/schema/mail.ts';
import { createDeps } from '../server/deps.ts';
import { loadEnv } from '../server/env.ts';
import type { Actor } from '../server/lib/authz/actor.ts';
import { insertDomain } from '../server/lib/mailcow/provision.ts';
import { deleteMailbox } from '../server/mailcow/mailbox.service.ts';
import { commitImport } from '../server/features/mailbox-import/commit.ts';
import { parseMailboxCsv } from '../server/features/mailbox-import/csv-file.ts';
import { dryRunImport } from '../server/features/mailbox-import/dry-run.ts';

const ADMIN: Actor = { kind: 'session', username: 'bench-admin', role: 'admin', ip: '127.0.0.1', freshProof: true };

export interface ImportBench { dryRows: number; dryPerS: number; commitRows: number; commitPerS: number; rawHashesPerS: number; threads: number }

export async function importBench(dryRows: number, commitRows: number): Promise<ImportBench> {
  const threads = availableParallelism();
  const deps = createDeps(loadEnv({ ...process.env, HASH_THREADS: String(threads), PASSWORD_HASH_COST: '10' }));
  const name = `import-${randomBytes(4).toString('hex')}.bench`;
  try {
    await insertDomain(deps.db, name, { redis: deps.redis });
    await deps.db.update(domain).set({ mailboxes: dryRows + 10, maxquota: 1024, defquota: 1, quota: (dryRows + 10) * 1024 }).where(eq(domain.domain, name));
    const file = (n: number, prefix: string) => `email,name\n${Array.from({ length: n }, (_, i) => `${prefix}${i}@${name},User ${i}`).join('\n')}\n`;

    let t = performance.now();
    const dry = await dryRunImport(deps, ADMIN, file(dryRows, 'd'));
    const dryS = (performance.now() - t) / 1000;
    if (dry.counts.ready !== dryRows) throw new Error(`dry run: ${JSON.stringify(dry.counts)}`);

    // Warm the hashing threads first, so neither measurement pays for starting them.
    await Promise.all(Array.from({ length: threads }, () => deps.hasher.hash('warm-up-password')));
    t = performance.now();
    await Promise.all(Array.from({ length: commitRows }, (_, i) => deps.hasher.hash(`Raw-bcrypt-${i}-password`)));
    const rawS = (performance.now() - t) / 1000;

    t = performance.now();
    const done = await commitImport(deps, ADMIN, parseMailboxCsv(file(commitRows, 'c')), 'all');
    const commitS = (performance.now() - t) / 1000;
    if (done.counts.created !== commitRows) throw new Error(`commit: ${JSON.stringify(done.counts)}`);
    return { dryRows, dryPerS: dryRows / dryS, commitRows, commitPerS: commitRows / commitS, rawHashesPerS: commitRows / rawS, threads };
  } finally {
    for (const { u } of await deps.db.select({ u: mailbox.username }).from(mailbox).where(like(mailbox.username, `%@${name}`))) {
      await deleteMailbox(deps, ADMIN, u);
    }
    await deps.db.delete(domain).where(eq(domain.domain, name));
    await deps.close();
  }
}
