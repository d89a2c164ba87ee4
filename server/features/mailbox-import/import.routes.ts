import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { AppError } from '../../lib/errors.ts';
import { dryRunImport } from './dry-run.ts';

/** A 10,000-row file is well under 1 MiB; four times that is room for long names and tags. */
export const IMPORT_MAX_BYTES = 4 * 1024 * 1024;
export const IMPORT_PATHS = ['/api/admin/mailbox-import/dry-run'];

/** The CSV mailbox import (admins, and domain admins for their domains): the file is the request body. */
export function mailboxImportRoutes(deps: Deps) {
  const tooLarge = () => { throw new AppError('payload_too_large', `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MiB.`); };
  return new Hono<SignedInEnv>()
    .post('/dry-run', gate('mailbox.write'), bodyLimit({ maxSize: IMPORT_MAX_BYTES, onError: tooLarge }), async (c) =>
      c.json(await dryRunImport(deps, c.var.actor, new Uint8Array(await c.req.arrayBuffer())), 200));
}
