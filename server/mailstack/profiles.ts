// The two private mail stacks: the mail-stack test's and the `npm start` demo's. Daemons are other
// processes, so their ports are fixed in advance; COWBELL_PORT_OFFSET moves them, as it moves the
// private MariaDB/Redis, so checkouts (and a demo beside a test run) never collide.
import { join } from 'node:path';
import type { StackConfig, StackPorts } from './config.ts';

export type StackProfile = 'test' | 'demo';

const BASE: Record<StackProfile, number> = { test: 43_000, demo: 45_000 };
const DIR: Record<StackProfile, string> = { test: '.data/mailstack', demo: '.data/dev/mailstack' };

export function portOffset(env: Record<string, string | undefined> = process.env): number {
  return Number(env.COWBELL_PORT_OFFSET ?? 0) || 0;
}

export function stackPorts(profile: StackProfile, offset = portOffset()): StackPorts {
  const b = BASE[profile] + offset;
  return { deadDns: b + 332, rspamdNormal: b + 333, rspamdController: b + 334, imap: b + 143, lmtp: b + 424,
    smtpIn: b + 525, smtpRelease: b + 590 };
}

export interface StackOptions {
  root: string;
  domain: string;
  /** Where rspamd's metadata exporter posts (Cowbell's /ingest/rspamd). */
  ingestUrl: string;
  databaseUrl: string;
  redisUrl: string;
  extraLua?: string;
  /** Cowbell's /ingest/dovecot (an IP literal) and NEW_MAIL_SECRET: Dovecot then posts each delivery. */
  newMail?: { url: string; secret: string };
  offset?: number;
}

export function stackConfig(profile: StackProfile, o: StackOptions): StackConfig {
  const db = new URL(o.databaseUrl);
  return {
    dir: join(o.root, DIR[profile]),
    ports: stackPorts(profile, o.offset),
    domain: o.domain,
    ingestUrl: o.ingestUrl,
    redisPort: Number(new URL(o.redisUrl).port),
    db: { host: db.hostname, port: Number(db.port), user: decodeURIComponent(db.username), password: decodeURIComponent(db.password),
      name: db.pathname.slice(1) },
    extraLua: o.extraLua,
    newMail: o.newMail,
  };
}

/** What Cowbell needs to release into, and learn through, a running stack. */
export function cowbellEnvFor(c: StackConfig, controllerPassword: string): Record<string, string> {
  return { RELEASE_SMTP_HOST: '127.0.0.1', RELEASE_SMTP_PORT: String(c.ports.smtpRelease),
    RSPAMD_CONTROLLER_URL: `http://127.0.0.1:${c.ports.rspamdController}`, RSPAMD_CONTROLLER_PASSWORD: controllerPassword };
}
