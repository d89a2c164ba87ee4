// Committing a CSV mailbox import: the dry run's checks again (so it does what the dry run said), then
// the mailboxes written through the mailbox service, keeping every hashing thread busy.
// `all`: nothing is written when any row has an error, and a row failing on the way (another admin
// took the last mailbox of a domain meanwhile) takes the rows made before it back out. `valid`:
// every good row is made and the others are said.
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { deleteMailbox, type MailboxPlan } from '../../mailcow/mailbox.service.ts';
import { hashPlan, storeMailboxes } from '../../mailcow/mailbox-store.ts';
import { syncSogoStaticView } from '../../mailcow/sogo-static-view.service.ts';
import { refreshMailboxSort } from '../../mailcow/mailbox-sort-copy.ts';
import type { ImportRow, ParsedImport } from './csv-file.ts';
import { checkImport, storedAddress, type RowOutcome } from './dry-run.ts';

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

const SOGO_BATCH = 500;
/** Rows per transaction: at most this many, and few enough that progress moves in about PROGRESS_STEPS steps. */
const BATCH_MAX = 100;
const PROGRESS_STEPS = 50;

type Progress = (done: number, total: number) => void | Promise<void>;

type Settled<R> = { value: R } | { error: unknown };

/**
 * Starts `work` for each item, at most `width` at a time, in the items' order; each promise settles
 * (never rejects: an error is awaited by whoever reads it). Once `stopped()`, items not yet started
 * are never started.
 */
function startInOrder<T, R>(items: T[], width: number, work: (item: T) => Promise<R>, stopped: () => boolean): Promise<Settled<R> | null>[] {
  let running = 0;
  const waiting: (() => void)[] = [];
  // A finished item hands its slot straight to the next one waiting.
  const release = () => { const next = waiting.shift(); if (next) next(); else running--; };
  return items.map(async (item) => {
    if (running < width) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return stopped() ? null : { value: await work(item) };
    } catch (error) {
      return { error };
    } finally {
      release();
    }
  });
}

const valueOf = <R>(s: Settled<R> | null): R => {
  if (!s) throw new Error('an import row was read after the import stopped');
  if ('error' in s) throw s.error;
  return s.value;
};

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
  // SOGo's view is brought up to date a few hundred mailboxes at a time rather than per row (each
  // update reads the whole alias table); rows that exist already are included, so running a file
  // again repairs a view an interrupted import left behind.
  let unsynced = rows.filter((r) => r.status === 'exists').map((r) => storedAddress(r.address));
  const syncView = async (min: number) => {
    if (unsynced.length < min || unsynced.length === 0) return;
    const all = unsynced;
    unsynced = [];
    for (let i = 0; i < all.length; i += SOGO_BATCH) await syncSogoStaticView(deps, all.slice(i, i + SOGO_BATCH));
  };
  // Passwords are hashed ahead on every hashing thread (twice as many in flight as threads, so none
  // waits) while the rows already hashed are written a batch per transaction: the database work
  // overlaps the hashing (npm run bench: commit rate against raw bcrypt).
  // After an all-or-nothing import fails, no further hash starts; those under way finish unread.
  const hashes = startInOrder(todo, deps.env.HASH_THREADS * 2, (row) => hashPlan(deps, plans.get(row.line)!), () => failed && mode === 'all');
  const size = Math.min(BATCH_MAX, Math.max(1, Math.ceil(todo.length / PROGRESS_STEPS)));
  for (let i = 0; i < todo.length && !(failed && mode === 'all'); i += size) {
    const batch = todo.slice(i, i + size);
    const outcomes = await storeMailboxes(deps, actor, (await Promise.all(hashes.slice(i, i + size))).map(valueOf));
    outcomes.forEach((o, k) => {
      const row = batch[k];
      if (o.ok) {
        const { username } = plans.get(row.line)!;
        created.push(username);
        unsynced.push(username);
        Object.assign(row, { status: 'created', ...(o.generatedPassword ? { generatedPassword: o.generatedPassword } : {}) });
      } else {
        failed = true;
        Object.assign(row, { status: 'error', problems: [{ message: o.error.message }] });
      }
    });
    await syncView(SOGO_BATCH);
    await refreshMailboxSort(deps.db, outcomes.flatMap((o, k) => (o.ok ? [plans.get(batch[k].line)!.username] : [])));
    done += batch.length;
    await progress?.(done, todo.length);
  }
  await syncView(1);
  if (!(failed && mode === 'all')) return result(mode, rows);
  // All or nothing: what was made goes again, and says why.
  for (const username of created) await deleteMailbox(deps, actor, username);
  for (const r of rows.filter((x) => x.status === 'created' || x.status === 'skipped')) {
    Object.assign(r, { status: 'skipped', generatedPassword: undefined, problems: [{ message: 'Taken back: another row failed while writing, and this import is all or nothing.' }] });
  }
  return result(mode, rows, [], true);
}
