// The Dovecot lines for Cowbell's new-mail push (README "Push for new mail (Dovecot)"), and the
// Sieve setup of mailcow's Dovecot they are added to, as the test stack reproduces it.
import type { StackConfig } from './config.ts';

export interface NewMailPushConf {
  /** deploy/dovecot/cowbell-push.lua where Dovecot reads it. */
  scriptPath: string;
  /** deploy/dovecot/cowbell-bulk.sieve where Dovecot reads it. */
  sievePath: string;
  /** Where Pigeonhole may write the compiled Sieve script: a directory the mail user can create. */
  sieveBinDir: string;
  /** Cowbell's /ingest/dovecot. Debian's Dovecot 2.3.19 resolves no host names here, so an IP literal. */
  url: string;
  secret: string;
}

/**
 * The lines that switch on new-mail push in a Dovecot that already runs Sieve and `notify` in LMTP
 * (mailcow's does): README.md gives them for mailcow's data/conf/dovecot/extra.conf, and the test
 * stack's Dovecot runs exactly these (readme-conf.test.ts holds the two together). The re-opened
 * `protocol lmtp` appends to the plugins set before; sieve_before3 is the first slot mailcow leaves free.
 */
export function newMailPushConf(o: NewMailPushConf): string {
  return `protocol lmtp {
  mail_plugins = $mail_plugins mail_lua push_notification push_notification_lua
}
plugin {
  sieve_before3 = file:${o.sievePath};bindir=${o.sieveBinDir}
  push_notification_driver = lua:file=${o.scriptPath}
  cowbell_push_url = ${o.url}
  cowbell_push_secret = ${o.secret}
}
`;
}

/** The deploy/dovecot files the stack's Dovecot reads, copied into the stack by startMailstack. */
export const NEW_MAIL_DEPLOY_FILES = { script: 'cowbell-push.lua', sieve: 'cowbell-bulk.sieve' } as const;

/**
 * What mailcow's Dovecot has before the README's lines: Sieve and notify in LMTP, and its two
 * sieve_before slots taken (mailcow's global_sieve_before, verbatim, and a stand-in for the
 * per-user filters it keeps in a dict), so sieve_before3 runs third, as it does there.
 */
export function mailcowSieve(c: StackConfig, newMail: NonNullable<StackConfig['newMail']>): string {
  const d = `${c.dir}/dovecot`;
  return `protocol lmtp {
  mail_plugins = $mail_plugins notify sieve
}
plugin {
  sieve = file:~/sieve;active=~/.dovecot.sieve
  sieve_before = ${c.dir}/vmail/sieve/global_sieve_before.sieve
  sieve_before2 = ${c.dir}/vmail/sieve/sieve_before2.sieve
}
${newMailPushConf({ scriptPath: `${d}/${NEW_MAIL_DEPLOY_FILES.script}`, sievePath: `${d}/${NEW_MAIL_DEPLOY_FILES.sieve}`,
    sieveBinDir: `${c.dir}/vmail/cowbell_sieve_bindir`, url: newMail.url, secret: newMail.secret })}`;
}

/** mailcow's global Sieve scripts, under the stack's vmail/sieve as under its /var/vmail/sieve (the mail user compiles them). */
export function mailcowSieveFiles(c: StackConfig): Record<string, string> {
  if (!c.newMail) return {};
  return {
    'vmail/sieve/global_sieve_before.sieve': `# global_sieve_before script
# global_sieve_before -> user sieve_before (mailcow UI) -> user sieve_after (mailcow UI) -> global_sieve_after

require ["mailbox", "fileinto"];

if header :contains ["Chat-Version"] [""] {
  if mailboxexists "DeltaChat" {
    fileinto "DeltaChat";
  } else {
    fileinto :create "DeltaChat";
  }
  stop;
}
`,
    'vmail/sieve/sieve_before2.sieve': '# Stands in for mailcow\'s per-user filters (dict:proxy::sieve_before): none here.\n',
  };
}
