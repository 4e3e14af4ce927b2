import { z } from 'zod';

/** One item of the coordinator's worklist (GET /api/worklist): due dates as ISO instants. */
export const WorklistItem = z.object({
  patientId: z.number(),
  label: z.string(),
  kind: z.enum(['ivig_dose', 'igg_check', 'milestone', 'vaccine']),
  dueAt: z.string(),
  status: z.enum(['overdue', 'due', 'upcoming', 'blocked']),
  title: z.string(),
});
export type WorklistItem = z.infer<typeof WorklistItem>;
export const WorklistResponse = z.object({ items: z.array(WorklistItem) });
export type WorklistResponse = z.infer<typeof WorklistResponse>;

const CalendarFeed = z.object({ id: z.number(), createdAt: z.string() });
/** GET /api/calendar-feed: the signed-in user's active feed, never its token. */
export const CalendarFeedResponse = z.object({ feed: CalendarFeed.nullable() });
export type CalendarFeedResponse = z.infer<typeof CalendarFeedResponse>;
/** POST /api/calendar-feed: the new feed; its token and URL path are in this answer only. */
export const NewCalendarFeedResponse = z.object({ feed: CalendarFeed, token: z.string(), path: z.string() });
export type NewCalendarFeedResponse = z.infer<typeof NewCalendarFeedResponse>;
