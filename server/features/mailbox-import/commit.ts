// Committing a CSV mailbox import: the dry run's checks again (so it does what the dry run said), then
// the mailboxes written through the mailbox service, keeping every hashing thread busy.
// `all`: nothing is written when any row has an error, and a row failing on the way (another admin
// took the last mailbox of a domain meanwhile) takes the rows made before it back out. `valid`:
// every good row is made and the others are said.
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { deleteMailbox, writeMailbox, type MailboxPlan } from '../../mailcow/mailbox.service.ts';
import type { ImportRow, ParsedImport } from './csv-file.ts';
import { checkImport, type RowOutcome } from './dry-run.ts';

export type ImportMode = 'all' | 'valid';
export type CommitStatus = 'created' | 'exists' | 'error' | 'skipped';

export interface CommitRow extends Omit<RowOutcome, 'status'> {
  status: CommitStatus;
  /** Only for a mailbox whose password Cowbell made (the file left it empty): shown once. */
  generatedPassword?: string;
}

export interface CommitResult {
  mode: ImportMode;
  /** The file itself could not be read: nothing was done. */
  fileProblems: { line: number; message: string }[];
  /** `all` only: a row failed while writing, and the rows made before it were removed again. */
  rolledBack: boolean;
  rows: CommitRow[];
  counts: Record<CommitStatus, number>;
}

type Progress = (done: number, total: number) => void | Promise<void>;

/** Runs `work` over `items`, `width` at a time, in order of start. */
async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

function result(mode: ImportMode, rows: CommitRow[], fileProblems: CommitResult['fileProblems'] = [], rolledBack = false): CommitResult {
  const counts: Record<CommitStatus, number> = { created: 0, exists: 0, error: 0, skipped: 0 };
  for (const r of rows) counts[r.status]++;
  return { mode, fileProblems, rolledBack, rows: rows.sort((a, b) => a.line - b.line), counts };
}

export async function commitImport(deps: Deps, actor: Actor, parsed: ParsedImport, mode: ImportMode, progress?: Progress): Promise<CommitResult> {
  const plans = new Map<number, MailboxPlan>();
  const dry = await checkImport(deps, actor, parsed, (row: ImportRow, plan) => { plans.set(row.line, plan); });
  if (dry.fileProblems.length > 0) return result(mode, [], dry.fileProblems);
  const rows: CommitRow[] = dry.rows.map((r) => ({ ...r, status: r.status === 'ready' ? 'skipped' : r.status }));
  if (mode === 'all' && dry.counts.error > 0) {
    for (const r of rows.filter((x) => x.status === 'skipped')) r.problems.push({ message: 'Not made: other rows have errors, and this import is all or nothing.' });
    return result(mode, rows);
  }
  const todo = rows.filter((r) => r.status === 'skipped');
  const created: string[] = [];
  let failed = false;
  let done = 0;
  // Twice as many rows in flight as hashing threads: while one row is in the database, another's
  // password is being hashed, so no thread waits (npm run bench: commit rate against raw bcrypt).
  await pool(todo, deps.env.HASH_THREADS * 2, async (row) => {
    if (failed && mode === 'all') return;
    try {
      const made = await writeMailbox(deps, actor, plans.get(row.line)!);
      created.push(made.mailbox.username);
      Object.assign(row, { status: 'created', ...(made.generatedPassword ? { generatedPassword: made.generatedPassword } : {}) });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      failed = true;
      Object.assign(row, { status: 'error', problems: [{ message: e.message }] });
    }
    await progress?.(++done, todo.length);
  });
  if (!(failed && mode === 'all')) return result(mode, rows);
  // All or nothing: what was made goes again, and says why.
  for (const username of created) await deleteMailbox(deps, actor, username);
  for (const r of rows.filter((x) => x.status === 'created' || x.status === 'skipped')) {
    Object.assign(r, { status: 'skipped', generatedPassword: undefined, problems: [{ message: 'Taken back: another row failed while writing, and this import is all or nothing.' }] });
  }
  return result(mode, rows, [], true);
}
