// The kind rule: an alias token acts as its owner but reaches the password-manager API only, and
// the password-manager API answers tokens only. Every other kind keeps what its role allows.
import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { authorize, gateAllows } from './policy.ts';
import { ROLE_GATES, type GatedAction } from './role-gates.ts';
import { useTestApp } from '../../test/helpers.ts';

const ctx = useTestApp();
const ACTIONS = Object.keys(ROLE_GATES) as GatedAction[];
const PASSWORD_MANAGER: GatedAction[] = ['passwordManager.createAlias', 'passwordManager.listAliases'];
const as = (kind: Actor['kind'], role: Actor['role']): Actor => ({ kind, role, username: 'alice@example.test', ip: '192.0.2.1' });

describe('gateAllows', () => {
  it('lets an alias token take the password-manager actions, and the alias service permissions they go through, and nothing else', () => {
    const token = as('alias_token', 'user');
    // The endpoints call the time-limited alias service, which authorises reading and writing the
    // owner's aliases itself; no route a token can reach is gated on these two.
    expect(ACTIONS.filter((a) => gateAllows(token, a))).toEqual([...PASSWORD_MANAGER, 'aliases.read', 'spamalias.write']);
  });

  it('keeps the password-manager actions from sessions of every role', () => {
    for (const role of ['user', 'domain_admin', 'admin'] as const) {
      expect(PASSWORD_MANAGER.filter((a) => gateAllows(as('session', role), a))).toEqual([]);
    }
  });

  it('leaves every other action to the role, for sessions and the other kinds, except what only a browser session may do', () => {
    // Password and sessions are managed from a signed-in browser, never through a notification's token or a link.
    const SESSION_ONLY: GatedAction[] = ['account.password', 'account.sessions', 'account.confirm', 'aliasTokens.create', 'account.signIns',
      'appPasswords.manage', 'appPasswords.create', 'account.factors', 'account.factors.manage',
      'factors.webauthn.add', 'passkeys.manage', 'passkeys.add', 'passkeys.remove',
      'apiKeys.read', 'apiKeys.write', 'apiKeys.create', 'scopedKeys.manage', 'scopedKeys.create', 'logs.read'];
    for (const kind of ['session', 'push_token', 'link'] as const) {
      for (const role of ['user', 'domain_admin', 'admin'] as const) {
        for (const action of ACTIONS.filter((a) => !PASSWORD_MANAGER.includes(a))) {
          const byRole = (ROLE_GATES[action] as readonly string[]).includes(role);
          expect(gateAllows(as(kind, role), action), `${kind} ${role} ${action}`).toBe(byRole && (kind === 'session' || !SESSION_ONLY.includes(action)));
        }
      }
    }
  });
});

describe('authorize', () => {
  it("refuses a token its owner's other permissions", async () => {
    const token = as('alias_token', 'user');
    for (const action of ['home.read', 'quarantine.read', 'push.devices', 'aliasTokens.manage'] as const) {
      await expect(authorize(ctx.deps.db, token, { do: action })).rejects.toMatchObject({ code: 'forbidden' });
    }
    await expect(authorize(ctx.deps.db, token, { do: 'quarantine.settings', mailbox: token.username })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(authorize(ctx.deps.db, token, { do: 'passwordManager.createAlias' })).resolves.toBeUndefined();
  });
});
