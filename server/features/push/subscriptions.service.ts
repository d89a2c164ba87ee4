import { and, eq } from 'drizzle-orm';
import { cowbellPushSubscriptions as subs } from '../../../db/schema/cowbell.ts';
import type { Db } from '../../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import type { DeviceView } from './push.schema.ts';

const view = (r: typeof subs.$inferSelect): DeviceView => ({
  deviceId: r.deviceId, name: r.name, showDetails: Number(r.showDetails) === 1, created: r.created,
  lastSuccessAt: r.lastSuccessAt, lastError: r.lastError,
});

export async function listDevices(db: Db, username: string): Promise<DeviceView[]> {
  return (await db.select().from(subs).where(eq(subs.username, username)).orderBy(subs.created)).map(view);
}

/** A device subscribing again (new endpoint or keys) replaces its row; its name and choices stay. */
export async function saveSubscription(db: Db, username: string, deviceId: string,
  input: { endpoint: string; keys: { p256dh: string; auth: string }; name: string; locale: string }): Promise<DeviceView> {
  await db.insert(subs).values({ username, deviceId, name: input.name, endpoint: input.endpoint, p256dh: input.keys.p256dh,
    auth: input.keys.auth, locale: input.locale })
    .onDuplicateKeyUpdate({ set: { endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, locale: input.locale, lastError: null } });
  return deviceOf(db, username, deviceId);
}

export async function deviceOf(db: Db, username: string, deviceId: string): Promise<DeviceView> {
  const [row] = await db.select().from(subs).where(and(eq(subs.username, username), eq(subs.deviceId, deviceId)));
  if (!row) throw new AppError('not_found', 'This device has no notifications set up.');
  return view(row);
}

export async function updateDevice(db: Db, username: string, deviceId: string, patch: { name?: string; showDetails?: boolean }) {
  await deviceOf(db, username, deviceId);
  await db.update(subs).set({
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.showDetails !== undefined ? { showDetails: patch.showDetails ? 1 : 0 } : {}),
  }).where(and(eq(subs.username, username), eq(subs.deviceId, deviceId)));
  return deviceOf(db, username, deviceId);
}

export async function removeDevice(db: Db, username: string, deviceId: string): Promise<void> {
  await deviceOf(db, username, deviceId);
  await db.delete(subs).where(and(eq(subs.username, username), eq(subs.deviceId, deviceId)));
}
