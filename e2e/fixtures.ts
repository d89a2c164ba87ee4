// Base fixture: each test gets its own domain, mailbox user, admin and domain admin, made through the
// same provisioning code the server uses. A persistent-profile variant serves installability checks.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, chromium, type BrowserContext } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { tfa } from '../db/schema/access.ts';
import { quarantine as quarantineTable } from '../db/schema/quarantine.ts';
import { ingestMessage } from '../server/features/quarantine/ingest.service.ts';
import { createDeps, type OwnedDeps } from '../server/deps.ts';
import { loadEnv } from '../server/env.ts';
import { insertAdmin, insertDomain, insertDomainAdmin, insertMailbox } from '../server/lib/mailcow/provision.ts';
import { ORIGIN } from '../playwright.config.ts';

export const PASSWORD = 'E2e-Password-1';

export interface World {
  domain: string;
  user: string;
  disallowedUser: string;
  tfaUser: string;
  admin: string;
  domainAdmin: string;
}

export interface QuarantineOptions {
  file?: string;
  /** The whole message, instead of a fixture file. */
  message?: string;
  subject?: string;
  sender?: string;
  symbols?: { name: string; score: number }[];
}

export const test = base.extend<{ world: World; quarantine: (opts?: QuarantineOptions) => Promise<{ id: number; qhash: string }> }, { deps: OwnedDeps; passwordHash: string }>({
  deps: [async ({}, use) => {
    const deps = createDeps(loadEnv({ ...process.env, HASH_THREADS: '1', PASSWORD_HASH_COST: '4' }));
    await use(deps);
    await deps.close();
  }, { scope: 'worker' }],
  passwordHash: [async ({ deps }, use) => use(await deps.hasher.hash(PASSWORD)), { scope: 'worker' }],
  world: async ({ deps, passwordHash }, use, info) => {
    const id = `${info.workerIndex}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const domain = `e2e-${id}.test`;
    await insertDomain(deps.db, domain, { redis: deps.redis });
    const user = await insertMailbox(deps.db, { localPart: 'alice', domain, passwordHash, name: 'Alice Tester', quotaBytes: 1073741824 });
    const disallowedUser = await insertMailbox(deps.db, { localPart: 'bob', domain, passwordHash, active: 2 });
    const tfaUser = await insertMailbox(deps.db, { localPart: 'carol', domain, passwordHash });
    await deps.db.insert(tfa).values({ keyId: 'Pocket key', username: tfaUser, authmech: 'webauthn', active: 1 });
    const admin = `adm${id}`;
    await insertAdmin(deps.db, admin, passwordHash);
    const domainAdmin = `da${id}`;
    await insertDomainAdmin(deps.db, domainAdmin, passwordHash, [domain]);
    await use({ domain, user, disallowedUser, tfaUser, admin, domainAdmin });
  },
  /** Puts a message into the world user's quarantine the way rspamd's hand-off would. */
  quarantine: async ({ deps, world }, use) => {
    await use(async (opts = {}) => {
      const message = opts.message !== undefined ? Buffer.from(opts.message)
        : readFileSync(new URL(`../server/test/fixtures/mail/${opts.file ?? 'ham.eml'}`, import.meta.url));
      const { stored } = await ingestMessage(deps, { qid: `E2E${Date.now().toString(36)}`.toUpperCase(), rcpt: [world.user],
        subject: opts.subject ?? 'Quarantined', from: opts.sender ?? 'spammer@example.net', action: 'reject', score: 18.5,
        symbols: opts.symbols ?? [{ name: 'BAYES_SPAM', score: 5.1 }, { name: 'MAILSTACK_TEST_SPAM', score: 12 }] }, message);
      const [row] = await deps.db.select({ qhash: quarantineTable.qhash }).from(quarantineTable).where(eq(quarantineTable.id, stored[0].id));
      return { id: stored[0].id, qhash: row.qhash! };
    });
  },
});

/** A persistent (non-incognito) profile: Chromium reports installability only there. */
export const persistentTest = base.extend<{ context: BrowserContext }>({
  context: async ({ launchOptions }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'cowbell-profile-'));
    const context = await chromium.launchPersistentContext(dir, { ...launchOptions, headless: true, baseURL: ORIGIN });
    await use(context);
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  },
  page: async ({ context }, use) => use(context.pages()[0] ?? (await context.newPage())),
});

export { expect } from '@playwright/test';
