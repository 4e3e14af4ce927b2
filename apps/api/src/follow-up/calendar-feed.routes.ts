import { EmptyBody, WorklistQuery } from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { allow, answers, CARE_TEAM, jsonBody, PUBLIC } from '../http/route-declaration.ts';

export const calendarFeedStatus = createRoute({
  method: 'get',
  path: '/calendar-feed',
  summary: 'Whether you have an active calendar feed',
  ...allow(CARE_TEAM),
  responses: answers('Whether you have an active calendar feed'),
});

export const createCalendarFeed = createRoute({
  method: 'post',
  path: '/calendar-feed',
  summary: 'Create or rotate your secret calendar feed URL (shown once; the old one stops working)',
  ...allow(CARE_TEAM),
  request: { body: jsonBody(EmptyBody) },
  responses: answers('Create or rotate your secret calendar feed URL'),
});

export const revokeCalendarFeed = createRoute({
  method: 'post',
  path: '/calendar-feed/revoke',
  summary: 'Revoke your calendar feed URL',
  ...allow(CARE_TEAM),
  request: { body: jsonBody(EmptyBody) },
  responses: answers('Revoke your calendar feed URL'),
});

export const calendarFeedWorklist = createRoute({
  method: 'get',
  path: '/calendar-feeds/{token}/worklist.ics',
  summary: 'The worklist as an iCalendar feed for calendar apps (initials and ids, no names)',
  ...allow(PUBLIC),
  request: { query: WorklistQuery },
  responses: answers('The worklist as an iCalendar feed for calendar apps'),
});
