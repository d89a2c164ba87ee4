// The demo's mail stack and mail, for `npm start`, `npm run stop` and `npm run demo:spam` (run with
// tsx; DATABASE_URL and REDIS_URL come from the caller):
//   stack-start <url>      print Cowbell's settings for the stack (JSON), then start rspamd + Postfix + Dovecot
//   stack-stop             stop it (by PID files)
//   seed <url>             put the demo mails into the quarantine (the ones not there yet)
//   spam <url> [alice|bob] send one fresh spam mail
// <url> is Cowbell's: its origin, and BASE_PATH after it when it is served under a path.
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createDb } from '../../db/client.ts';
import { DEMO_DOMAIN } from '../../db/seed.ts';
import { NEW_MAIL_INGEST_PATH } from '../features/new-mail-push/new-mail.schema.ts';
import { CONTROLLER_PASSWORD } from '../mailstack/config.ts';
import { cowbellEnvFor, stackConfig } from '../mailstack/profiles.ts';
import { startMailstack, stopMailstack } from '../mailstack/stack.ts';
import { deliverDemoMail, type DemoRoute } from './deliver.ts';
import { demoAddress, freshSpam, type DemoMailbox } from './demo-mails.ts';
import { seedDemoQuarantine, waitUntilStored } from './demo-quarantine.ts';
import { demoRspamdLua } from './demo-rspamd.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const [command, origin = 'http://127.0.0.1:8080', who = 'alice'] = process.argv.slice(2);
const secret = process.env.INGEST_SECRET;

function demoStack(newMailSecret?: string) {
  const ingest = new URL(`${origin}/ingest/rspamd`);
  if (secret) ingest.searchParams.set('secret', secret);
  const newMail = newMailSecret ? { url: `${origin}${NEW_MAIL_INGEST_PATH}`, secret: newMailSecret } : undefined;
  return stackConfig('demo', { root: ROOT, domain: DEMO_DOMAIN, ingestUrl: ingest.toString(), extraLua: demoRspamdLua(), newMail,
    databaseUrl: process.env.DATABASE_URL ?? 'mysql://none@127.0.0.1/none', redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
}

const portOpen = (port: number) => new Promise<boolean>((resolve) => {
  const s = createConnection({ port, host: '127.0.0.1' });
  s.once('connect', () => { s.destroy(); resolve(true); });
  s.once('error', () => resolve(false));
});

/** Through the stack when it runs, else straight to Cowbell's ingest endpoint. */
async function route(): Promise<DemoRoute> {
  const stack = demoStack();
  return (await portOpen(stack.ports.smtpIn)) ? { via: 'smtp', port: stack.ports.smtpIn }
    : { via: 'ingest', url: new URL(`${origin}/ingest/rspamd`).toString(), secret };
}

const describeRoute = (r: DemoRoute) => (r.via === 'smtp'
  ? `through the demo mail stack (SMTP 127.0.0.1:${r.port} → Postfix → rspamd → Cowbell)`
  : `to Cowbell's ingest endpoint ${r.url} (no mail stack running)`);

async function withDb<T>(run: (db: ReturnType<typeof createDb>['db']) => Promise<T>): Promise<T> {
  const { db, pool } = createDb(process.env.DATABASE_URL!, 1);
  try {
    return await run(db);
  } finally {
    await pool.end();
  }
}

async function seed() {
  const r = await route();
  const report = await withDb((db) => seedDemoQuarantine(db, r, DEMO_DOMAIN));
  if (report.sent.length === 0) {
    console.log(`demo quarantine: all ${report.present.length} demo mails are there already`);
    return;
  }
  const mails = (n: number) => `${n} demo mail${n === 1 ? '' : 's'}`;
  const already = report.present.length > 0 ? `; ${mails(report.present.length)} there already` : '';
  console.log(`demo quarantine: sent ${mails(report.sent.length)} ${describeRoute(r)}${already}`);
  for (const s of report.sent) console.log(`  ${s.key.padEnd(11)} ${s.outcome}`);
}

async function spam() {
  if (who !== 'alice' && who !== 'bob') throw new Error(`no demo mailbox "${who}" (alice or bob)`);
  const r = await route();
  const mail = freshSpam(who as DemoMailbox);
  const started = Date.now();
  const outcome = await deliverDemoMail(r, mail, DEMO_DOMAIN);
  await withDb((db) => waitUntilStored(db, [mail], DEMO_DOMAIN, 10_000));
  console.log(`Sent "${mail.subject}" to ${demoAddress(mail.to, DEMO_DOMAIN)} ${describeRoute(r)}:`);
  console.log(`  ${outcome}`);
  console.log(`  in the quarantine after ${Date.now() - started} ms; devices with notifications on are told now.`);
  console.log(`  Sign in as ${demoAddress(mail.to, DEMO_DOMAIN)} at ${origin}/quarantine to see it.`);
}

try {
  if (command === 'stack-start') {
    // Dovecot posts every delivery to Cowbell (push for new mail) with this secret.
    const newMailSecret = process.env.NEW_MAIL_SECRET || randomBytes(24).toString('hex');
    const stack = demoStack(newMailSecret);
    // First, so Cowbell can start while the stack does.
    console.log(JSON.stringify({ env: { ...cowbellEnvFor(stack, CONTROLLER_PASSWORD), NEW_MAIL_SECRET: newMailSecret }, ports: stack.ports }));
    await startMailstack(stack);
  } else if (command === 'stack-stop') {
    const stack = demoStack();
    const running = (await Promise.all([stack.ports.smtpIn, stack.ports.imap, stack.ports.rspamdNormal].map(portOpen))).some(Boolean);
    await stopMailstack(stack);
    if (running) console.log('[cowbell] stopped the demo mail stack');
  } else if (command === 'seed') {
    await seed();
  } else if (command === 'spam') {
    await spam();
  } else {
    throw new Error(`unknown command "${command}" (stack-start, stack-stop, seed, spam)`);
  }
} catch (e) {
  console.error(`[cowbell] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
