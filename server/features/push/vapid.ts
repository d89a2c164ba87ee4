// The VAPID key pair is made once and kept in cowbell_settings, so subscriptions survive restarts.
import { eq } from 'drizzle-orm';
import webpush from 'web-push';
import type { Db } from '../../../db/client.ts';
import { cowbellSettings } from '../../../db/schema/cowbell.ts';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

export async function vapidKeys(db: Db): Promise<VapidKeys> {
  const [row] = await db.select().from(cowbellSettings).where(eq(cowbellSettings.name, 'vapid'));
  if (row) return JSON.parse(row.value) as VapidKeys;
  // Two processes may race here: INSERT IGNORE keeps the first pair and both read it back.
  await db.insert(cowbellSettings).ignore().values({ name: 'vapid', value: JSON.stringify(webpush.generateVAPIDKeys()) });
  return vapidKeys(db);
}
