// The dry run of a CSV mailbox import: every row checked the way creating it would check it (the
// mailbox service's own checkNewMailbox), counting the rows above it in the same file against its
// domain's limits, plus what only a file can get wrong (an address twice). Nothing is written; the
// commit runs the same checks again, so what the dry run says is what the commit does.
import { inArray } from 'drizzle-orm';
import { mailbox } from '../../../db/schema/mail.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../lib/authz/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { checkNewMailbox, type MailboxPlan } from '../../mailcow/mailbox.service.ts';
import { batchLookups } from '../../mailcow/mailbox-lookups.ts';
import type { CreateMailboxInput } from '../../mailcow/mailbox.schema.ts';
import type { PlannedUse } from '../../mailcow/mailbox.rules.ts';
import { normaliseAddress } from '../../lib/mailcow/addresses.ts';
import { parseMailboxCsv, type FileProblem, type ImportRow, type ParsedImport } from './csv-file.ts';

export type RowStatus = 'ready' | 'exists' | 'error';

export interface RowOutcome {
  line: number;
  /** As typed in the file (the stored form may differ: lowercase, punycode). */
  address: string;
  status: RowStatus;
  /** Why a row cannot be made, per column where one is to blame. */
  problems: { column?: string; message: string }[];
}

export interface DryRun {
  format: ParsedImport['format'];
  delimiter: ParsedImport['delimiter'];
  /** Problems with the file itself: nothing is imported while there are any. */
  fileProblems: FileProblem[];
  rows: RowOutcome[];
  counts: Record<RowStatus, number>;
}

/** What the mailbox service takes for a row; empty cells are left to its defaults. */
export function rowInput(row: ImportRow): CreateMailboxInput {
  return {
    localPart: row.localPart, domain: row.domain, name: row.name || undefined, password: row.password || undefined,
    ...(row.quotaMiB === null ? {} : { quota: row.quotaMiB }), ...(row.active === null ? {} : { active: row.active }),
    ...(row.forcePwUpdate === null ? {} : { forcePwUpdate: row.forcePwUpdate }),
    ...(row.tlsEnforceIn === null ? {} : { tlsEnforceIn: row.tlsEnforceIn }),
    ...(row.tlsEnforceOut === null ? {} : { tlsEnforceOut: row.tlsEnforceOut }),
    ...(row.sogoAccess === null ? {} : { sogoAccess: row.sogoAccess }),
    ...(row.tags.length === 0 ? {} : { tags: row.tags }),
  };
}

const COLUMN_OF: Record<string, string> = { localPart: 'email', domain: 'email', password: 'password', quota: 'quota', name: 'name', tags: 'tags' };

function problemsOf(e: unknown): RowOutcome['problems'] {
  if (e instanceof AppError) {
    return e.issues.length > 0 ? e.issues.map((i) => ({ column: COLUMN_OF[i.path] ?? i.path, message: i.message })) : [{ message: e.message }];
  }
  throw e;
}

/**
 * Checks every row; `onPlan` receives each row that would be made (the commit writes them). A row
 * whose mailbox exists already is "exists": running the same file twice changes nothing.
 */
export async function checkImport(deps: Deps, actor: Actor, parsed: ParsedImport, onPlan?: (row: ImportRow, plan: MailboxPlan) => void): Promise<DryRun> {
  const rows: RowOutcome[] = [];
  const seen = new Map<string, number>();
  const planned = new Map<string, PlannedUse>();
  const storedOf = (row: ImportRow) => storedAddress(`${row.localPart}@${row.domain}`);
  const addresses = [...new Set(parsed.rows.map(storedOf))];
  const [existing, ask] = await Promise.all([existingMailboxes(deps, addresses), batchLookups(deps, actor, addresses)]);
  for (const row of parsed.rows) {
    const address = `${row.localPart}@${row.domain}`;
    const stored = storedOf(row);
    const earlier = seen.get(stored);
    if (earlier !== undefined) {
      rows.push({ line: row.line, address, status: 'error', problems: [{ column: 'email', message: `The same address is on line ${earlier}.` }] });
      continue;
    }
    seen.set(stored, row.line);
    if (existing.has(stored)) {
      rows.push({ line: row.line, address, status: 'exists', problems: [] });
      continue;
    }
    try {
      const domainKey = stored.slice(stored.lastIndexOf('@') + 1);
      const use = planned.get(domainKey) ?? { mailboxes: 0, quotaMiB: 0 };
      const plan = await checkNewMailbox(deps, actor, rowInput(row), use, ask);
      planned.set(plan.request.domain, { mailboxes: use.mailboxes + 1, quotaMiB: use.quotaMiB + plan.quotaMiB });
      onPlan?.(row, plan);
      rows.push({ line: row.line, address, status: 'ready', problems: [] });
    } catch (e) {
      rows.push({ line: row.line, address, status: 'error', problems: problemsOf(e) });
    }
  }
  // Rows the file itself got wrong (bad quota, too few fields) are errors at their lines too.
  for (const p of parsed.problems) {
    if (p.code === 'invalid') rows.push({ line: p.line, address: '', status: 'error', problems: [{ column: p.column, message: p.message }] });
  }
  rows.sort((a, b) => a.line - b.line);
  const merged = mergeLines(rows);
  const counts: Record<RowStatus, number> = { ready: 0, exists: 0, error: 0 };
  for (const r of merged) counts[r.status]++;
  return { format: parsed.format, delimiter: parsed.delimiter, fileProblems: parsed.problems.filter((p) => p.code !== 'invalid'), rows: merged, counts };
}

/** An address of the file as the mailbox would be stored (lowercase, punycode). */
export const storedAddress = (address: string) => normaliseAddress(address) ?? address.toLowerCase();

/** The addresses that are mailboxes already, a thousand per query. */
async function existingMailboxes(deps: Deps, addresses: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < addresses.length; i += 1000) {
    const rows = await deps.db.select({ u: mailbox.username }).from(mailbox).where(inArray(mailbox.username, addresses.slice(i, i + 1000)));
    for (const r of rows) found.add(r.u.toLowerCase());
  }
  return found;
}

/** A row with several bad cells is one outcome with several problems. */
function mergeLines(rows: RowOutcome[]): RowOutcome[] {
  const out: RowOutcome[] = [];
  for (const r of rows) {
    const last = out.at(-1);
    if (last && last.line === r.line && last.status === 'error' && r.status === 'error') last.problems.push(...r.problems);
    else out.push({ ...r, problems: [...r.problems] });
  }
  return out;
}

export const dryRunImport = (deps: Deps, actor: Actor, file: string | Uint8Array) => checkImport(deps, actor, parseMailboxCsv(file));
