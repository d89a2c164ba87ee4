// The file half of the CSV import: every shape of file people have, read the same way, and every
// problem said with its line.
import { describe, expect, it } from 'vitest';
import { parseMailboxCsv } from './csv-file.ts';

describe('reading a mailbox CSV', () => {
  it('takes named columns in any order and case, with BOM, CRLF, quotes and tags', () => {
    const file = '\uFEFFName;EMAIL;Quota;Tags;active\r\n"Müller; Anna";anna@example.org;2048;sales|  berlin ;2\r\n"Bob ""B""";bob@example.org;;;\r\n';
    const r = parseMailboxCsv(new TextEncoder().encode(file));
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ format: 'header', delimiter: ';', columns: ['name', 'email', 'quota', 'tags', 'active'] });
    expect(r.rows).toEqual([
      expect.objectContaining({ line: 2, localPart: 'anna', domain: 'example.org', name: 'Müller; Anna', quotaMiB: 2048, tags: ['sales', 'berlin'], active: 2 }),
      expect.objectContaining({ line: 3, localPart: 'bob', name: 'Bob "B"', quotaMiB: null, tags: [], active: null, password: '' }),
    ]);
  });

  it('reads the header-less email,name,password,quota files of mailcow bulk scripts, and says so', () => {
    const r = parseMailboxCsv('a@example.org,Anna,Secret-1,1024\nb@example.org,Bert,,512\n');
    expect(r).toMatchObject({ format: 'headerless', delimiter: ',', problems: [] });
    expect(r.rows.map((x) => [x.line, x.localPart, x.password, x.quotaMiB])).toEqual([[1, 'a', 'Secret-1', 1024], [2, 'b', '', 512]]);
  });

  it('keeps a pre-hashed password as it is, and local_part + domain as well as email', () => {
    const r = parseMailboxCsv('local_part,domain,password\nc,example.org,{BLF-CRYPT}$2y$10$abcdefghijklmnopqrstuv\n');
    expect(r.rows[0]).toMatchObject({ localPart: 'c', domain: 'example.org', password: '{BLF-CRYPT}$2y$10$abcdefghijklmnopqrstuv' });
  });

  it('refuses unknown or doubled columns, and a file that names no address, for the whole file', () => {
    expect(parseMailboxCsv('email,name,mobile\na@example.org,A,123\n').problems).toEqual([
      expect.objectContaining({ line: 1, code: 'unknown_column', column: 'mobile' })]);
    expect(parseMailboxCsv('email,Email\na@example.org,b@example.org\n').problems[0]).toMatchObject({ code: 'duplicate_column', column: 'email' });
    expect(parseMailboxCsv('name,quota\nA,1\n').problems[0]).toMatchObject({ code: 'missing_column' });
    expect(parseMailboxCsv('a@example.org,Anna\n').problems[0]).toMatchObject({ code: 'no_header' });
    expect(parseMailboxCsv('').problems[0]).toMatchObject({ code: 'empty_file' });
    expect(parseMailboxCsv('email\n"a@example.org\n').problems[0]).toMatchObject({ code: 'bad_csv' });
  });

  it('names each bad row by its line (a quoted line break counts) and keeps the good ones', () => {
    const file = 'email,name,quota,active,force_pw_update\n'
      + 'ok@example.org,"two\nlines",10,1,0\n'
      + 'not-an-address,X,10,1,0\n'
      + 'q@example.org,Q,ten,3,yes\n'
      + 'short@example.org,S\n'
      + 'fine@example.org,F,,,1\n';
    const r = parseMailboxCsv(file);
    expect(r.rows.map((x) => [x.line, x.localPart])).toEqual([[2, 'ok'], [7, 'fine']]);
    expect(r.problems.map((p) => [p.line, p.column ?? null])).toEqual([
      [4, 'email'], [5, 'quota'], [5, 'active'], [5, 'force_pw_update'], [6, null]]);
  });
});
