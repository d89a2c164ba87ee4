// The VAPID key pair is made once and kept in cowbell_settings, so subscriptions survive restarts.
import { eq } from 'drizzle-orm';
import webpush from 'web-push';
import type { Db } from '../../../db/client.ts';
import { cowbellSettings } from '../../../db/schema/cowbell.ts';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

// The pair never changes once made: read it once per database handle, not once per push.
const cache = new WeakMap<Db, VapidKeys>();

export async function vapidKeys(db: Db): Promise<VapidKeys> {
  const cached = cache.get(db);
  if (cached) return cached;
  const [row] = await db.select().from(cowbellSettings).where(eq(cowbellSettings.name, 'vapid'));
  if (row) {
    const keys = JSON.parse(row.value) as VapidKeys;
    cache.set(db, keys);
    return keys;
  }
  // Two processes may race here: INSERT IGNORE keeps the first pair and both read it back.
  await db.insert(cowbellSettings).ignore().values({ name: 'vapid', value: JSON.stringify(webpush.generateVAPIDKeys()) });
  return vapidKeys(db);
}
