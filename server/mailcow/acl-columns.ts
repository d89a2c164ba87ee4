// da_acl and user_acl rows under mailcow's own flag names (the column names), read and written
// through the Drizzle tables so a renamed property never drifts from the column it stands for.
import { eq, getTableColumns } from 'drizzle-orm';
import type { MySqlTable } from 'drizzle-orm/mysql-core';
import type { Db } from '../../db/client.ts';
import { daAcl, userAcl } from '../../db/schema/access.ts';
import { DA_ACL_FLAGS, USER_ACL_FLAGS, type DaAcl, type DaAclFlag, type UserAcl, type UserAclFlag } from './domain-admin.schema.ts';

/** Column name → the table object's property. */
function propertiesByColumn(table: MySqlTable): Record<string, string> {
  return Object.fromEntries(Object.entries(getTableColumns(table)).map(([prop, col]) => [col.name, prop]));
}
const DA_PROPS = propertiesByColumn(daAcl);
const USER_PROPS = propertiesByColumn(userAcl);

function toFlags<F extends string>(names: readonly F[], props: Record<string, string>, row: Record<string, unknown>): Record<F, boolean> {
  return Object.fromEntries(names.map((n) => [n, Number(row[props[n]]) === 1])) as Record<F, boolean>;
}

/** The changes as the table's properties, 1/0 as mailcow stores them. */
function toColumns(props: Record<string, string>, change: Partial<Record<string, boolean | undefined>>) {
  return Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined).map(([n, v]) => [props[n], v ? 1 : 0]));
}

export async function readDaAcl(db: Db, username: string): Promise<DaAcl | null> {
  const [row] = await db.select().from(daAcl).where(eq(daAcl.username, username)).limit(1);
  return row ? toFlags(DA_ACL_FLAGS, DA_PROPS, row) : null;
}

export async function readUserAcl(db: Db, username: string): Promise<UserAcl | null> {
  const [row] = await db.select().from(userAcl).where(eq(userAcl.username, username)).limit(1);
  return row ? toFlags(USER_ACL_FLAGS, USER_PROPS, row) : null;
}

export const daAclColumns = (change: Partial<Record<DaAclFlag, boolean>>) => toColumns(DA_PROPS, change);
export const userAclColumns = (change: Partial<Record<UserAclFlag, boolean>>) => toColumns(USER_PROPS, change);
