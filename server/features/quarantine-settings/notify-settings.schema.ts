import { z } from 'zod';

export const NOTIFICATION_INTERVALS = ['never', 'hourly', 'daily', 'weekly'] as const;
export const NOTIFICATION_CATEGORIES = ['reject', 'add_header', 'all'] as const;

export const notifySettingsInput = z.object({
  notification: z.enum(NOTIFICATION_INTERVALS).optional(),
  category: z.enum(NOTIFICATION_CATEGORIES).optional(),
}).refine((v) => v.notification !== undefined || v.category !== undefined, 'Nothing to change.');

export interface NotifySettingsView {
  notification: (typeof NOTIFICATION_INTERVALS)[number];
  category: (typeof NOTIFICATION_CATEGORIES)[number];
  mayChangeNotification: boolean;
  mayChangeCategory: boolean;
}
