// A mailbox user's choice to be reminded before a time-limited alias expires. Shared with the client.
import { z } from 'zod';

export const aliasReminderSettingsInput = z.object({ enabled: z.boolean() });
export type AliasReminderSettingsInput = z.input<typeof aliasReminderSettingsInput>;

export interface AliasReminderSettings {
  /** Off until the user turns it on. */
  enabled: boolean;
}
