import { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { apiAccessParam, apiKeySettingsInput } from '../../mailcow/api-key.schema.ts';
import { createMailcowKey, deleteMailcowKey, editMailcowKey, listMailcowKeys, regenerateMailcowKey } from '../../mailcow/api-key.service.ts';
import { createScopedKeyInput, scopedKeyListQuery, scopedKeyParam } from './scoped-keys.schema.ts';
import { createScopedKey, listScopedKeys, revokeScopedKey } from './scoped-keys.service.ts';

/** mailcow's two API keys (admins) and Cowbell's scoped keys (domain admins their own, admins all). */
export function apiKeyRoutes(deps: Deps) {
  return new Hono<SignedInEnv>()
    .get('/api-keys', gate('apiKeys.read'), async (c) => c.json({ keys: await listMailcowKeys(deps, c.var.actor) }, 200))
    .post('/api-keys/:access', gate('apiKeys.create'), validate('param', apiAccessParam), validate('json', apiKeySettingsInput), async (c) =>
      c.json({ key: await createMailcowKey(deps, c.var.actor, c.req.valid('param').access, c.req.valid('json')) }, 201))
    .patch('/api-keys/:access', gate('apiKeys.write'), validate('param', apiAccessParam), validate('json', apiKeySettingsInput), async (c) =>
      c.json({ key: await editMailcowKey(deps, c.var.actor, c.req.valid('param').access, c.req.valid('json')) }, 200))
    .post('/api-keys/:access/regenerate', gate('apiKeys.create'), validate('param', apiAccessParam), async (c) =>
      c.json({ key: await regenerateMailcowKey(deps, c.var.actor, c.req.valid('param').access) }, 200))
    .delete('/api-keys/:access', gate('apiKeys.write'), validate('param', apiAccessParam), async (c) => {
      await deleteMailcowKey(deps, c.var.actor, c.req.valid('param').access);
      return c.json({ deleted: true }, 200);
    })
    .get('/scoped-keys', gate('scopedKeys.manage'), validate('query', scopedKeyListQuery), async (c) =>
      c.json({ keys: await listScopedKeys(deps, c.var.actor, c.req.valid('query').username) }, 200))
    .post('/scoped-keys', gate('scopedKeys.create'), validate('json', createScopedKeyInput), async (c) =>
      c.json(await createScopedKey(deps, c.var.actor, c.req.valid('json')), 201))
    .delete('/scoped-keys/:id', gate('scopedKeys.manage'), validate('param', scopedKeyParam), async (c) => {
      await revokeScopedKey(deps, c.var.actor, c.req.valid('param').id);
      return c.json({ deleted: true }, 200);
    });
}
