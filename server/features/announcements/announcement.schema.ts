import { z } from 'zod';
import { ANNOUNCEMENT_TYPES, type AnnouncementType } from '../../mailcow/ui-texts.service.ts';

export const announcementInput = z.object({
  /** HTML as mailcow allows it; shown to users only after Cowbell reduces it to text and links. */
  text: z.string().max(20_000),
  type: z.enum(ANNOUNCEMENT_TYPES),
  active: z.boolean(),
});
export type AnnouncementInput = z.input<typeof announcementInput>;

export const announcementPushInput = z.object({ push: z.boolean() });

/** A run of the announcement: text, or a link to an http(s) or mailto address. */
export interface AnnouncementSegment {
  text: string;
  href?: string;
}

/** What the sign-in screen and the app show: never the stored HTML itself. */
export type AnnouncementView = { active: false } | { active: true; type: AnnouncementType; segments: AnnouncementSegment[]; id: string };

export interface AdminAnnouncementView {
  text: string;
  type: AnnouncementType | null;
  active: boolean;
  preview: AnnouncementSegment[];
}
