// Every /api/v1 family, merged into one table: action → category → handler. A family file adds its
// handlers to its own V1Family and one line here.
import type { V1Action, V1Family, V1Handler } from './v1-types.ts';
import { aliasFamily } from './families/alias.ts';
import { appPasswdFamily } from './families/app-passwd.ts';
import { dkimFamily } from './families/dkim.ts';
import { domainFamily } from './families/domain.ts';
import { domainAdminFamily } from './families/domain-admin.ts';
import { lastLoginFamily } from './families/last-login.ts';
import { mailboxFamily } from './families/mailbox.ts';
import { quarantineItemFamily } from './families/quarantine-items.ts';
import { rateLimitFamily } from './families/ratelimit.ts';
import { settingsFamily } from './families/settings.ts';
import { statusFamily } from './families/status.ts';
import { timeLimitedAliasFamily } from './families/time-limited-alias.ts';

const FAMILIES: V1Family[] = [
  statusFamily,
  rateLimitFamily,
  dkimFamily,
  settingsFamily,
  mailboxFamily,
  domainFamily,
  aliasFamily,
  timeLimitedAliasFamily,
  domainAdminFamily,
  quarantineItemFamily,
  appPasswdFamily,
  lastLoginFamily,
];

export function buildRegistry(families: V1Family[] = FAMILIES): Record<V1Action, Map<string, V1Handler>> {
  const table: Record<V1Action, Map<string, V1Handler>> = { get: new Map(), add: new Map(), edit: new Map(), delete: new Map() };
  for (const family of families) {
    for (const [action, handlers] of Object.entries(family) as [V1Action, Record<string, V1Handler>][]) {
      for (const [category, handler] of Object.entries(handlers)) {
        if (table[action].has(category)) throw new Error(`two /api/v1 handlers for ${action}/${category}`);
        table[action].set(category, handler);
      }
    }
  }
  return table;
}
