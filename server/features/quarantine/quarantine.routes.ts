import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { requireRole, type AppEnv } from '../../lib/auth/middleware.ts';
import { validate } from '../../lib/validate.ts';
import { clientIp } from '../../lib/http.ts';
import { applyAction } from './actions.service.ts';
import { actionSchema, detailQuerySchema, itemParamSchema, listQuerySchema } from './quarantine.schema.ts';
import { getDetail } from './quarantine-detail.ts';
import type { IndexSyncer } from './quarantine-index.ts';
import { listQuarantine } from './quarantine.service.ts';

export function quarantineRoutes(deps: Deps, syncer: IndexSyncer) {
  const anyone = requireRole('user', 'domain_admin', 'admin');
  return new Hono<AppEnv>()
    .get('/', anyone, validate('query', listQuerySchema), async (c) => {
      // Fresh rows for the reader: if another Cowbell is mid-round, wait for it rather than skip.
      await syncer.sync(2000);
      return c.json(await listQuarantine(deps.db, c.var.session, c.req.valid('query')), 200);
    })
    .post('/actions', anyone, validate('json', actionSchema), async (c) => {
      const { action, ids } = c.req.valid('json');
      return c.json({ results: await applyAction(deps, c.var.session, clientIp(c, deps.env), action, ids) }, 200);
    })
    .get('/:id', anyone, validate('param', itemParamSchema), validate('query', detailQuerySchema), async (c) => {
      const { id } = c.req.valid('param');
      return c.json(await getDetail(deps.db, c.var.session, id, c.req.valid('query').remote === '1'), 200);
    });
}
