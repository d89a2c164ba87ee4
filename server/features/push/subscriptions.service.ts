import { and, eq } from 'drizzle-orm';
import { cowbellPushSubscriptions as subs } from '../../../db/schema/cowbell.ts';
import type { Db } from '../../../db/client.ts';
import type { Env } from '../../env.ts';
import { AppError } from '../../lib/errors.ts';
import { judgeEndpoint } from '../../lib/outbound.ts';
import { PUSH_ERRORS, type DeviceView, type PushError } from './push.schema.ts';

// Rows written before lastError was a closed code hold free text (with the push service's status): shown as "refused".
const pushError = (stored: string | null): PushError | null =>
  stored === null ? null : (PUSH_ERRORS as readonly string[]).includes(stored) ? stored as PushError : 'refused';

const view = (r: typeof subs.$inferSelect): DeviceView => ({
  deviceId: r.deviceId, name: r.name, showDetails: Number(r.showDetails) === 1, newMail: Number(r.newMail) === 1, created: r.created,
  lastSuccessAt: r.lastSuccessAt, lastError: pushError(r.lastError),
});

export async function listDevices(db: Db, username: string): Promise<DeviceView[]> {
  return (await db.select().from(subs).where(eq(subs.username, username)).orderBy(subs.created)).map(view);
}

/**
 * A device subscribing again (new endpoint or keys) replaces its row; its name and choices stay.
 * The server will post to the endpoint, so it must be https on a public address (or a listed local
 * service); a host name is checked again, by what it resolves to, every time a push is sent.
 */
export async function saveSubscription(deps: { db: Db; env: Pick<Env, 'PUSH_LOCAL_SERVICES'> }, username: string, deviceId: string,
  input: { endpoint: string; keys: { p256dh: string; auth: string }; name: string; locale: string }): Promise<DeviceView> {
  const verdict = judgeEndpoint(input.endpoint, deps.env.PUSH_LOCAL_SERVICES);
  if (!verdict.allowed) {
    throw new AppError('validation_failed', 'Some fields are not valid.', [{ path: 'endpoint', message: `The push endpoint ${verdict.reason}.` }]);
  }
  const { db } = deps;
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

export async function updateDevice(db: Db, username: string, deviceId: string, patch: { name?: string; showDetails?: boolean; newMail?: boolean }) {
  await deviceOf(db, username, deviceId);
  await db.update(subs).set({
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.showDetails !== undefined ? { showDetails: patch.showDetails ? 1 : 0 } : {}),
    ...(patch.newMail !== undefined ? { newMail: patch.newMail ? 1 : 0 } : {}),
  }).where(and(eq(subs.username, username), eq(subs.deviceId, deviceId)));
  return deviceOf(db, username, deviceId);
}

export async function removeDevice(db: Db, username: string, deviceId: string): Promise<void> {
  await deviceOf(db, username, deviceId);
  await db.delete(subs).where(and(eq(subs.username, username), eq(subs.deviceId, deviceId)));
}
