import { queueImport } from '../../jobs/import-queue.ts';
import { keys } from '../../lib/redis-keys.ts';
import { ctx, W, world, signedInAnd, type RouteCase } from './kit.ts';

const csv = (body: string): RequestInit => ({ method: 'POST', body, headers: { 'content-type': 'text/csv' } });

/** An import the admin started (no worker runs here: it stays queued), with a result already kept. */
async function importOfAdmin() {
  const id = await queueImport(ctx.deps, { kind: 'session', username: W.admin, role: 'admin', ip: '192.0.2.10' }, new TextEncoder().encode('email\n'), 'valid');
  await ctx.deps.redis.set(keys.importResult(id), JSON.stringify({ mode: 'valid', fileProblems: [], rolledBack: false, rows: [], counts: { created: 0, exists: 0, error: 0, skipped: 0 } }), 'EX', 600);
  return { id };
}

export const routes: Record<string, RouteCase> = {
  // Administrators only; which rows a domain admin may create is said row by row (the dry run's answer).
  'POST /api/admin/mailbox-import/dry-run': {
    request: () => ({ path: '/api/admin/mailbox-import/dry-run', init: csv(`email\nmatrix@${world.domainOfA}\n`) }),
    expect: signedInAnd({ daIn: 200, daOut: 200, admin: 200 }),
  },
  'POST /api/admin/mailbox-import': {
    request: () => ({ path: '/api/admin/mailbox-import?mode=valid', init: csv('email\n') }),
    expect: signedInAnd({ daIn: 202, daOut: 202, admin: 202 }),
  },
  // An import is its owner's: any other administrator is told there is none.
  'GET /api/admin/mailbox-import/:id': {
    prepare: importOfAdmin,
    request: (p) => ({ path: `/api/admin/mailbox-import/${p.id}` }),
    expect: signedInAnd({ daIn: 404, daOut: 404, admin: 200 }),
  },
  'GET /api/admin/mailbox-import/:id/result.csv': {
    prepare: importOfAdmin,
    request: (p) => ({ path: `/api/admin/mailbox-import/${p.id}/result.csv` }),
    expect: signedInAnd({ daIn: 404, daOut: 404, admin: 200 }),
  },
};
