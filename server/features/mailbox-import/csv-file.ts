// The file half of the CSV mailbox import (issue 10): what a file says, row by row, before anything
// is checked against the database. Columns are named in a header row (any order, any case), or the
// file is the header-less `email,name,password,quota` that mailcow bulk scripts use. Comma or
// semicolon, UTF-8 with or without BOM, CRLF or LF, quoted fields (csv-parse does the CSV itself).
// Whether an address may be created is the mailbox service's question, asked of each row later.
import { parse } from 'csv-parse/sync';

export const IMPORT_COLUMNS = ['email', 'local_part', 'domain', 'name', 'password', 'quota', 'active', 'force_pw_update',
  'tls_enforce_in', 'tls_enforce_out', 'sogo_access', 'tags'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
const HEADERLESS: ImportColumn[] = ['email', 'name', 'password', 'quota'];

export interface ImportRow {
  /** The file's line where the row starts (1-based, as an editor shows it). */
  line: number;
  localPart: string;
  domain: string;
  name: string;
  /** Empty: Cowbell generates one. A `{SCHEME}…` value is a hash, stored as it is (mailcow allows it). */
  password: string;
  quotaMiB: number | null;
  active: 0 | 1 | 2 | null;
  forcePwUpdate: boolean | null;
  tlsEnforceIn: boolean | null;
  tlsEnforceOut: boolean | null;
  sogoAccess: boolean | null;
  tags: string[];
}

export interface FileProblem {
  line: number;
  column?: string;
  code: 'empty_file' | 'unknown_column' | 'missing_column' | 'duplicate_column' | 'no_header' | 'bad_csv' | 'invalid';
  message: string;
}

export interface ParsedImport {
  format: 'header' | 'headerless';
  delimiter: ',' | ';';
  columns: ImportColumn[];
  rows: ImportRow[];
  /** Problems with the file, or with single rows (those rows are left out of `rows`). */
  problems: FileProblem[];
}

/** The delimiter of the first line: the one of comma and semicolon that occurs more outside quotes. */
function sniffDelimiter(text: string): ',' | ';' {
  let commas = 0, semicolons = 0, quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

const normalise = (h: string) => h.trim().toLowerCase().replace(/[\s-]+/g, '_');
const looksLikeAddress = (v: string) => /^[^@\s]+@[^@\s]+$/.test(v.trim());

function flag(value: string, column: string, line: number, problems: FileProblem[]): boolean | null {
  const v = value.trim();
  if (v === '') return null;
  if (v === '0' || v === '1') return v === '1';
  problems.push({ line, column, code: 'invalid', message: `${column} must be 0 or 1.` });
  return null;
}

function toRow(cells: Record<string, string>, line: number, problems: FileProblem[]): ImportRow | null {
  const before = problems.length;
  const get = (c: ImportColumn) => (cells[c] ?? '').trim();
  let localPart = get('local_part'), domain = get('domain');
  if (get('email') !== '') {
    const email = get('email');
    const at = email.lastIndexOf('@');
    if (!looksLikeAddress(email)) problems.push({ line, column: 'email', code: 'invalid', message: `"${email}" is not an e-mail address.` });
    else [localPart, domain] = [email.slice(0, at), email.slice(at + 1)];
  } else if (localPart === '' || domain === '') {
    problems.push({ line, column: localPart === '' ? 'local_part' : 'domain', code: 'invalid', message: 'The address is missing (email, or local_part and domain).' });
  }
  const quota = get('quota');
  if (quota !== '' && !/^\d{1,9}$/.test(quota)) problems.push({ line, column: 'quota', code: 'invalid', message: 'quota is a whole number of MiB.' });
  const active = get('active');
  if (active !== '' && !['0', '1', '2'].includes(active)) problems.push({ line, column: 'active', code: 'invalid', message: 'active is 0, 1 or 2.' });
  const row: ImportRow = {
    line, localPart, domain, name: get('name'), password: cells.password ?? '',
    quotaMiB: quota === '' || !/^\d+$/.test(quota) ? null : Number(quota),
    active: ['0', '1', '2'].includes(active) ? (Number(active) as 0 | 1 | 2) : null,
    forcePwUpdate: flag(get('force_pw_update'), 'force_pw_update', line, problems),
    tlsEnforceIn: flag(get('tls_enforce_in'), 'tls_enforce_in', line, problems),
    tlsEnforceOut: flag(get('tls_enforce_out'), 'tls_enforce_out', line, problems),
    sogoAccess: flag(get('sogo_access'), 'sogo_access', line, problems),
    tags: get('tags').split('|').map((t) => t.trim()).filter(Boolean),
  };
  return problems.length === before ? row : null;
}

/** Reads a whole file (bytes as uploaded, or text). Never throws for what the file says: it reports it. */
export function parseMailboxCsv(input: string | Uint8Array): ParsedImport {
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
  const delimiter = sniffDelimiter(text.replace(/^\uFEFF/, ''));
  const result: ParsedImport = { format: 'header', delimiter, columns: [], rows: [], problems: [] };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, delimiter, info: true, skip_empty_lines: true, relax_column_count: true, trim: false }) as never;
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 1;
    result.problems.push({ line, code: 'bad_csv', message: `The file is not readable CSV: ${(e as Error).message}` });
    return result;
  }
  if (records.length === 0) {
    result.problems.push({ line: 1, code: 'empty_file', message: 'The file has no rows.' });
    return result;
  }
  const first = records[0].record;
  const named = first.map(normalise);
  if (named.every((h) => (IMPORT_COLUMNS as readonly string[]).includes(h))) {
    result.columns = named as ImportColumn[];
    records = records.slice(1);
  } else if (first.length === HEADERLESS.length && looksLikeAddress(first[0])) {
    Object.assign(result, { format: 'headerless', columns: HEADERLESS });
  } else {
    const unknown = named.filter((h) => !(IMPORT_COLUMNS as readonly string[]).includes(h));
    result.problems.push(looksLikeAddress(first[0])
      ? { line: 1, code: 'no_header', message: `Without a header row the columns must be email,name,password,quota (this row has ${first.length}).` }
      : { line: 1, column: unknown[0], code: 'unknown_column', message: `Unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Known: ${IMPORT_COLUMNS.join(', ')}.` });
    return result;
  }
  const dup = result.columns.find((c, i) => result.columns.indexOf(c) !== i);
  if (dup) result.problems.push({ line: 1, column: dup, code: 'duplicate_column', message: `The column ${dup} is named twice.` });
  if (!result.columns.includes('email') && !(result.columns.includes('local_part') && result.columns.includes('domain'))) {
    result.problems.push({ line: 1, code: 'missing_column', message: 'Name the address: an email column, or local_part and domain.' });
  }
  if (result.problems.length > 0) return result;
  for (const { record, info } of records) {
    // info.lines is where the record ends; a quoted field may span lines, so count back its newlines.
    const line = info.lines - record.reduce((n, field) => n + (field.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    if (record.length !== result.columns.length) {
      result.problems.push({ line, code: 'invalid', message: `This row has ${record.length} fields; the header names ${result.columns.length}.` });
      continue;
    }
    const row = toRow(Object.fromEntries(result.columns.map((c, i) => [c, record[i]])), line, result.problems);
    if (row) result.rows.push(row);
  }
  return result;
}
