// The result of an import as a file to keep: each row's outcome and, the one time it is fetched, the
// passwords Cowbell made. Cells a spreadsheet would run as a formula are written as text.
import { stringify } from 'csv-stringify/sync';
import type { CommitResult } from './commit.ts';

const asText = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

export function resultCsv(result: CommitResult): string {
  const rows = result.rows.map((r) => [String(r.line), r.address, r.status, r.problems.map((p) => (p.column ? `${p.column}: ` : '') + p.message).join('; '), r.generatedPassword ?? '']);
  const fileRows = result.fileProblems.map((p) => [String(p.line), '', 'error', p.message, '']);
  return stringify([['line', 'address', 'status', 'message', 'generated_password'], ...fileRows, ...rows].map((row) => row.map(asText)));
}
