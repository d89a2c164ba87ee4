// mailcow's ACLs (reference 1.17, 1.18): admins may do everything; domain admins by their da_acl row;
// users by their user_acl row (a missing row allows nothing, as mailcow's IFNULL(…, 0)).
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { daAcl, userAcl } from '../../../db/schema/access.ts';
import type { Viewer } from './quarantine-scope.ts';

export type AclFlag = 'quarantine' | 'spamPolicy';

export async function hasAcl(db: Db, viewer: Viewer, flag: AclFlag): Promise<boolean> {
  if (viewer.role === 'admin') return true;
  const table = viewer.role === 'user' ? userAcl : daAcl;
  const [row] = await db.select({ v: table[flag] }).from(table).where(eq(table.username, viewer.username)).limit(1);
  return Number(row?.v ?? 0) === 1;
}
