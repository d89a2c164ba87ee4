// README.md's extra.conf lines for mailcow are the lines the mail-stack test's Dovecot runs
// (newMailPushConf): only the paths, the URL and the secret differ, so the test proves the README.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NEW_MAIL_DEPLOY_FILES, newMailPushConf } from './new-mail-conf.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HEADING = '## Push for new mail (Dovecot)';

/** The README's values: mailcow's /etc/dovecot is data/conf/dovecot, /var/vmail is its vmail volume. */
const MAILCOW = {
  scriptPath: `/etc/dovecot/lua/${NEW_MAIL_DEPLOY_FILES.script}`,
  sievePath: `/etc/dovecot/lua/${NEW_MAIL_DEPLOY_FILES.sieve}`,
  sieveBinDir: '/var/vmail/cowbell_sieve_bindir',
  url: 'http://172.22.1.1:8080/ingest/dovecot',
  secret: 'REPLACE-WITH-NEW_MAIL_SECRET',
};

function readmeSection(): string {
  const readme = readFileSync(`${ROOT}/README.md`, 'utf8');
  const start = readme.indexOf(`\n${HEADING}\n`);
  expect(start, `README.md has a section "${HEADING}"`).toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + HEADING.length);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** The fenced ```conf blocks of a Markdown text, their list indentation removed. */
function confBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^( *)```conf\n([\s\S]*?)^\1```$/gm)].map(([, indent, body]) =>
    body.split('\n').map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line)).join('\n'));
}

describe('README: new-mail push in mailcow\'s Dovecot', () => {
  it('gives exactly the extra.conf lines the mail-stack test runs', () => {
    expect(confBlocks(readmeSection())).toEqual([newMailPushConf(MAILCOW)]);
  });

  it('names the files in deploy/dovecot/ that the stack copies', () => {
    const section = readmeSection();
    for (const name of Object.values(NEW_MAIL_DEPLOY_FILES)) {
      expect(section).toContain(`deploy/dovecot/${name}`);
      expect(existsSync(`${ROOT}/deploy/dovecot/${name}`)).toBe(true);
    }
  });
});
