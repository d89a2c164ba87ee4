import { world, signedInAnd, type RouteCase } from './kit.ts';

const csv = (body: string): RequestInit => ({ method: 'POST', body, headers: { 'content-type': 'text/csv' } });

export const routes: Record<string, RouteCase> = {
  // Administrators only; which rows a domain admin may create is said row by row (the dry run's answer).
  'POST /api/admin/mailbox-import/dry-run': {
    request: () => ({ path: '/api/admin/mailbox-import/dry-run', init: csv(`email\nmatrix@${world.domainOfA}\n`) }),
    expect: signedInAnd({ daIn: 200, daOut: 200, admin: 200 }),
  },
};
