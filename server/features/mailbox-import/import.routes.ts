import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { AppError } from '../../lib/errors.ts';
import { validate } from '../../lib/validate.ts';
import { importStatus, queueImport, takeImportResult } from '../../jobs/import-queue.ts';
import { dryRunImport } from './dry-run.ts';
import { resultCsv } from './result-file.ts';

/** A 10,000-row file is well under 1 MiB; four times that is room for long names and tags. */
export const IMPORT_MAX_BYTES = 4 * 1024 * 1024;
/** Routes that read a whole file as their body, under IMPORT_MAX_BYTES rather than the app's limit. */
export const IMPORT_PATHS = ['/api/admin/mailbox-import/dry-run', '/api/admin/mailbox-import'];

const modeQuery = z.object({ mode: z.enum(['all', 'valid']).default('all') });
const importParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{16}$/, 'Not an import.') });
const notFound = () => new AppError('not_found', 'There is no such import of yours.');

/**
 * The CSV mailbox import (admins, and domain admins for their domains): the file is the request body.
 * The dry run answers at once; the commit is a job whose progress and result its owner reads back.
 */
export function mailboxImportRoutes(deps: Deps) {
  const file = bodyLimit({ maxSize: IMPORT_MAX_BYTES, onError: () => { throw new AppError('payload_too_large', `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MiB.`); } });
  const body = async (req: Request) => new Uint8Array(await req.arrayBuffer());
  return new Hono<SignedInEnv>()
    .post('/dry-run', gate('mailbox.write'), file, async (c) =>
      c.json(await dryRunImport(deps, c.var.actor, await body(c.req.raw)), 200))
    .post('/', gate('mailbox.write'), validate('query', modeQuery), file, async (c) =>
      c.json({ id: await queueImport(deps, c.var.actor, await body(c.req.raw), c.req.valid('query').mode) }, 202))
    .get('/:id', gate('mailbox.write'), validate('param', importParam), async (c) => {
      const status = await importStatus(deps, c.var.actor, c.req.valid('param').id);
      if (!status) throw notFound();
      return c.json(status, 200);
    })
    .get('/:id/result.csv', gate('mailbox.write'), validate('param', importParam), async (c) => {
      const result = await takeImportResult(deps, c.var.actor, c.req.valid('param').id);
      if (!result) throw notFound();
      return c.body(resultCsv(result), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="mailbox-import-result.csv"' });
    });
}
