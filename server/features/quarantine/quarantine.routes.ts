import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { applyAction } from './actions.service.ts';
import { actionSchema, detailQuerySchema, itemParamSchema, listQuerySchema } from './quarantine.schema.ts';
import { getDetail } from './quarantine-detail.ts';
import type { IndexSyncer } from './quarantine-index.ts';
import { listQuarantine } from './quarantine.service.ts';

export function quarantineRoutes(deps: Deps, syncer: IndexSyncer) {
  return new Hono<SignedInEnv>()
    .get('/', gate('quarantine.read'), validate('query', listQuerySchema), async (c) => {
      // Rows mailcow wrote itself: waits for a sync round only when the background loop fell behind.
      await syncer.fresh();
      return c.json(await listQuarantine(deps.db, c.var.actor, c.req.valid('query')), 200);
    })
    .post('/actions', gate('quarantine.act'), validate('json', actionSchema), async (c) => {
      const { action, ids } = c.req.valid('json');
      return c.json({ results: await applyAction(deps, c.var.actor, action, ids) }, 200);
    })
    .get('/:id', gate('quarantine.read'), validate('param', itemParamSchema), validate('query', detailQuerySchema), async (c) => {
      const { id } = c.req.valid('param');
      return c.json(await getDetail(deps.db, c.var.actor, id, c.req.valid('query').remote === '1'), 200);
    });
}
