// `npm test`: the whole suite. Starts private MariaDB/Redis (test ports, test database), runs Vitest,
// builds the client, runs Playwright, and ends with one line "N passed, N failed" over every runner.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildServer } from './lib/build-server.mjs';
import { ensureDependencies, ROOT, runBin, runTs } from './lib/setup.mjs';
import { ensureMailstackPackages, startServices, stopServices } from './lib/services.mjs';

const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7); // server | mailstack | e2e
const wants = (part) => !only || only === part;
// `npm run test:e2e -- specs/admin.spec.ts -g name`: the rest goes to Playwright.
const playwrightArgs = only === 'e2e' ? process.argv.slice(2).filter((a) => !a.startsWith('--only=')) : [];
const out = join(ROOT, '.data', 'test');
mkdirSync(out, { recursive: true });
const readJson = (f) => { try { return JSON.parse(readFileSync(join(out, f), 'utf8')); } catch { return null; } };

/** Titles of Playwright tests whose last try failed, from its JSON report's nested suites. */
function playwrightFailures(report) {
  const out = [];
  const walk = (suite, path) => {
    for (const spec of suite?.specs ?? []) {
      for (const test of spec.tests ?? []) if (test.status === 'unexpected') out.push(`${spec.file} › ${[...path, spec.title].join(' › ')}`);
    }
    for (const child of suite?.suites ?? []) walk(child, [...path, child.title]);
  };
  for (const s of report?.suites ?? []) walk(s, []);
  return out;
}

ensureDependencies();
const own = !process.env.DATABASE_URL || !process.env.REDIS_URL;
const env = own ? (await startServices(ROOT, 'test')).env : {};
Object.assign(process.env, env);

let passed = 0;
let failed = 0;
/** Names of what failed, repeated just above the closing line: a CI log's tail then says which. */
const failures = [];
try {
  // Types are part of the contract between client and server (Hono RPC): a type error fails the run.
  if (!only && runBin('vue-tsc', ['-b']).status !== 0) {
    console.error('[cowbell] type check failed');
    failed += 1;
  }
  const vitest = (config, report) => {
    const r = runBin('vitest', ['run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${join(out, report)}`]);
    const json = readJson(report);
    passed += json?.numPassedTests ?? 0;
    failed += json ? json.numFailedTests + (r.status !== 0 && json.numFailedTests === 0 ? 1 : 0) : 1;
    for (const file of json?.testResults ?? []) {
      for (const t of file.assertionResults ?? []) {
        if (t.status === 'failed') failures.push(`${file.name.replace(ROOT, '')} › ${t.fullName}`);
        // A test that failed and then passed on CI's retry keeps its first failure's message: say so.
        else if (t.failureMessages?.length) console.log(`[cowbell] passed on retry: ${file.name.replace(ROOT, '')} › ${t.fullName}`);
      }
      if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed')) failures.push(`${file.name.replace(ROOT, '')}: ${file.message ?? 'failed'}`);
    }
  };
  if (wants('server')) vitest('vitest.config.ts', 'vitest.json');
  // The real mail stack (rspamd, Postfix, Dovecot); CI installs the packages, as root this does too.
  if (wants('mailstack')) {
    ensureMailstackPackages();
    vitest('vitest.mailstack.config.ts', 'vitest-mailstack.json');
  }
  if (wants('e2e')) {
    // Vitest migrated a fresh test database; on its own the e2e run migrates here.
    if (only === 'e2e') runTs('db/migrate-cli.ts', {});
    if (runBin('vite', ['build', '--logLevel', 'warn']).status !== 0) throw new Error('client build failed');
    // Playwright's server is the production bundle, as `npm start` runs it.
    await buildServer();
    const r = runBin('playwright', ['test', ...playwrightArgs]);
    const stats = readJson('playwright.json')?.stats;
    passed += (stats?.expected ?? 0) + (stats?.flaky ?? 0);
    failed += stats ? stats.unexpected + (r.status !== 0 && stats.unexpected === 0 ? 1 : 0) : 1;
    failures.push(...playwrightFailures(readJson('playwright.json')));
  }
} catch (e) {
  console.error(`[cowbell] ${e instanceof Error ? e.message : e}`);
  failed += 1;
} finally {
  if (own) await stopServices(ROOT, 'test');
}
if (failures.length) console.log(`[cowbell] failed:\n${failures.map((f) => `  ${f}`).join('\n')}`);
const summary = `${passed} passed, ${failed} failed`;
writeFileSync(join(out, 'summary.txt'), `${summary}\n`);
console.log(summary);
process.exit(failed > 0 ? 1 : 0);
