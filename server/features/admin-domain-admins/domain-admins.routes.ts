import { Hono } from 'hono';
import { gate, type SignedInEnv } from '../../lib/authz/gate.ts';
import { validate } from '../../lib/validate.ts';
import { editDaAcl, getDaAcl } from '../../mailcow/da-acl.service.ts';
import { createDomainAdminInput, daAclInput, domainAdminParam, editDomainAdminInput, userAclInput } from '../../mailcow/domain-admin.schema.ts';
import { createDomainAdmin, deleteDomainAdmin, editDomainAdmin, listDomainAdmins, type DomainAdminDeps } from '../../mailcow/domain-admin.service.ts';
import { mailboxParam } from '../../mailcow/mailbox.schema.ts';
import { editUserAcl, getUserAcl } from '../../mailcow/user-acl.service.ts';

/** mailcow's domain admins and their ACL, and a mailbox's ACL, for the admin screens. */
export function domainAdminRoutes(deps: DomainAdminDeps) {
  return new Hono<SignedInEnv>()
    .get('/domain-admins', gate('domainAdmin.read'), async (c) => c.json({ domainAdmins: await listDomainAdmins(deps, c.var.actor) }, 200))
    .post('/domain-admins', gate('domainAdmin.create'), validate('json', createDomainAdminInput), async (c) =>
      c.json(await createDomainAdmin(deps, c.var.actor, c.req.valid('json')), 201))
    .patch('/domain-admins/:username', gate('domainAdmin.write'), validate('param', domainAdminParam), validate('json', editDomainAdminInput), async (c) =>
      c.json({ domainAdmin: await editDomainAdmin(deps, c.var.actor, c.req.valid('param').username, c.req.valid('json')) }, 200))
    .delete('/domain-admins/:username', gate('domainAdmin.write'), validate('param', domainAdminParam), async (c) => {
      await deleteDomainAdmin(deps, c.var.actor, c.req.valid('param').username);
      return c.json({ deleted: true }, 200);
    })
    .get('/domain-admins/:username/acl', gate('acl.domainAdmin.read'), validate('param', domainAdminParam), async (c) =>
      c.json(await getDaAcl(deps, c.var.actor, c.req.valid('param').username), 200))
    .put('/domain-admins/:username/acl', gate('acl.domainAdmin.edit'), validate('param', domainAdminParam), validate('json', daAclInput), async (c) =>
      c.json(await editDaAcl(deps, c.var.actor, c.req.valid('param').username, c.req.valid('json')), 200))
    .get('/mailboxes/:username/acl', gate('acl.user.read'), validate('param', mailboxParam), async (c) =>
      c.json(await getUserAcl(deps, c.var.actor, c.req.valid('param').username), 200))
    .put('/mailboxes/:username/acl', gate('acl.user.edit'), validate('param', mailboxParam), validate('json', userAclInput), async (c) =>
      c.json(await editUserAcl(deps, c.var.actor, c.req.valid('param').username, c.req.valid('json')), 200));
}
