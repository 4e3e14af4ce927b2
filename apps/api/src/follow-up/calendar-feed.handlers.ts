import { createHash, randomBytes } from 'node:crypto';
import type { CalendarFeedResponse, NewCalendarFeedResponse } from '@cellwatch/contracts';
import type { Context } from 'hono';
import { z } from 'zod';
import { appendAudit } from '../audit/audit-log.ts';
import { currentUser } from '../auth/current-user.ts';
import type { AppEnv } from '../http/env.ts';
import { notFound } from '../http/errors.ts';
import { resourceRouter } from '../http/routes.ts';
import {
  calendarFeedStatus,
  calendarFeedWorklist,
  createCalendarFeed,
  revokeCalendarFeed,
} from './calendar-feed.routes.ts';
import { CALENDAR_HEADERS, readUnitWorklist, worklistCalendar } from './worklist.ts';

/** Only the SHA-256 of a feed token is stored (like session tokens and device keys). */
export const hashFeedToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const feedPath = (token: string) => `/api/calendar-feeds/${token}/worklist.ics`;

const FEED_ROLES: readonly string[] = ['nurse', 'hematologist', 'coordinator'];
const TokenParam = z.strictObject({ token: z.string().regex(/^cwf_[A-Za-z0-9_-]{43}$/) });

/** The signed-in user's feed, if one is active (never its token: that is shown once). */
async function activeFeed(c: Context<AppEnv>, userId: number) {
  return c.var.services.db
    .selectFrom('calendar_feeds')
    .select(['id', 'created_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/**
 * Each user's secret calendar feed of the follow-up worklist: created or rotated (the URL is shown
 * once), revoked, and fetched by calendar apps without a session: the token in the path is the
 * credential. A fetch is audited as a read by the feed's owner; a revoked or unknown token, or an
 * owner who was deactivated, gets 404.
 */
export const calendarFeedRoutes = resourceRouter()
  .openapi(calendarFeedStatus, async (c) => {
    const feed = await activeFeed(c, currentUser(c).id);
    return c.json(
      { feed: feed ? { id: feed.id, createdAt: feed.created_at } : null } satisfies CalendarFeedResponse,
      200,
    );
  })
  .openapi(createCalendarFeed, async (c) => {
    const { db, now } = c.var.services;
    const user = currentUser(c);
    const token = `cwf_${randomBytes(32).toString('base64url')}`;
    const feed = await db.transaction().execute(async (trx) => {
      const at = new Date(now());
      const revoked = await trx
        .updateTable('calendar_feeds')
        .set({ revoked_at: at.toISOString(), revoked_by: user.id })
        .where('user_id', '=', user.id)
        .where('revoked_at', 'is', null)
        .returning('id')
        .execute();
      const row = await trx
        .insertInto('calendar_feeds')
        .values({ user_id: user.id, token_hash: hashFeedToken(token), created_at: at.toISOString() })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(
        trx,
        {
          actor: user,
          action: revoked.length ? 'rotate' : 'create',
          entity: 'calendar_feed',
          entityId: row.id,
          after: { revokedFeeds: revoked.map((r) => r.id) },
        },
        at,
      );
      return { id: row.id, createdAt: row.created_at };
    });
    return c.json({ feed, token, path: feedPath(token) } satisfies NewCalendarFeedResponse, 201);
  })
  .openapi(revokeCalendarFeed, async (c) => {
    const { db, now } = c.var.services;
    const user = currentUser(c);
    await db.transaction().execute(async (trx) => {
      const at = new Date(now());
      const revoked = await trx
        .updateTable('calendar_feeds')
        .set({ revoked_at: at.toISOString(), revoked_by: user.id })
        .where('user_id', '=', user.id)
        .where('revoked_at', 'is', null)
        .returning('id')
        .execute();
      if (!revoked.length) throw notFound('An active calendar feed');
      await appendAudit(
        trx,
        { actor: user, action: 'revoke', entity: 'calendar_feed', entityId: revoked[0]?.id ?? null },
        at,
      );
    });
    return c.body(null, 204);
  })
  .openapi(calendarFeedWorklist, async (c) => {
    const parsed = TokenParam.safeParse(c.req.param());
    // Any malformed, unknown or revoked token: the same 404, saying nothing about which.
    if (!parsed.success) throw notFound('Calendar feed');
    const q = c.req.valid('query');
    const { db, now, followUp } = c.var.services;
    const t = now();
    const body = await db.transaction().execute(async (trx) => {
      const owner = await trx
        .selectFrom('calendar_feeds')
        .innerJoin('users', 'users.id', 'calendar_feeds.user_id')
        .select(['calendar_feeds.id as feedId', 'users.id', 'users.username', 'users.role', 'users.active'])
        .where('calendar_feeds.token_hash', '=', hashFeedToken(parsed.data.token))
        .where('calendar_feeds.revoked_at', 'is', null)
        .executeTakeFirst();
      // The owner must still be able to read the worklist: active, and in the care team.
      if (!owner) throw notFound('Calendar feed');
      if (owner.active !== 1 || !FEED_ROLES.includes(owner.role)) throw notFound('Calendar feed');
      const items = await readUnitWorklist(trx, t, followUp, q.horizonDays);
      await appendAudit(
        trx,
        {
          actor: { id: owner.id, username: owner.username },
          action: 'list',
          entity: 'worklist_calendar_feed',
          entityId: owner.feedId,
          after: { filters: { horizonDays: q.horizonDays }, count: items.length },
        },
        new Date(t),
      );
      return worklistCalendar(items, t);
    });
    return c.body(body, 200, CALENDAR_HEADERS);
  });
