import { appendAudit } from '../audit/audit-log.ts';
import { currentUser } from '../auth/current-user.ts';
import { hashPassword } from '../auth/passwords.ts';
import { endAllSessionsOf } from '../auth/sessions.ts';
import type { Services } from '../http/env.ts';
import { conflict, notFound } from '../http/errors.ts';
import { resourceRouter } from '../http/routes.ts';
import {
  createUser,
  deactivateUser,
  listUsers,
  reactivateUser,
  resetSecondFactor,
  resetUserPassword,
} from './users.routes.ts';
import { insertUser, toUserSummary } from './users.ts';

async function setActive(
  services: Services,
  actor: { id: number; username: string },
  id: number,
  active: boolean,
) {
  const { db, now } = services;
  const user = await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound('User');
    if (!active && before.id === actor.id) throw conflict('You cannot deactivate your own account.');
    const at = new Date(now());
    const after = await trx
      .updateTable('users')
      .set({ active: active ? 1 : 0, updated_at: at.toISOString() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    // Deactivation ends every session of that user at once.
    if (!active) await endAllSessionsOf(trx, id);
    await appendAudit(
      trx,
      {
        actor,
        action: active ? 'reactivate' : 'deactivate',
        entity: 'user',
        entityId: id,
        before: toUserSummary(before),
        after: toUserSummary(after),
      },
      at,
    );
    return toUserSummary(after);
  });
  if (!active) services.events.closeStreams({ userId: id });
  return user;
}

/** User administration, for admins only. Users are deactivated, never deleted. */
export const userRoutes = resourceRouter()
  .openapi(listUsers, async (c) => {
    const rows = await c.var.services.db.selectFrom('users').selectAll().orderBy('username').execute();
    return c.json({ users: rows.map(toUserSummary) }, 200);
  })
  .openapi(createUser, async (c) => {
    const body = c.req.valid('json');
    const { db, config, now } = c.var.services;
    const actor = currentUser(c);
    const passwordHash = await hashPassword(body.password, config.CELLWATCH_SCRYPT_LOG_N);
    const user = await db.transaction().execute(async (trx) => {
      const clash = await trx
        .selectFrom('users')
        .select('id')
        .where('username', '=', body.username)
        .executeTakeFirst();
      if (clash) throw conflict(`The username "${body.username}" is taken.`);
      const at = new Date(now());
      // The administrator chose this password: a one-time password the user replaces at first
      // sign-in, and never good for a signature (21 CFR 11.100, 11.300).
      const row = await insertUser(trx, { ...body, passwordHash }, at, actor.id);
      await appendAudit(
        trx,
        {
          actor,
          action: 'create',
          entity: 'user',
          entityId: row.id,
          after: { ...toUserSummary(row), passwordSetBy: actor.id, mustChangePassword: true },
        },
        at,
      );
      return toUserSummary(row);
    });
    return c.json({ user }, 201);
  })
  .openapi(deactivateUser, async (c) => {
    const { id } = c.req.valid('param');
    return c.json({ user: await setActive(c.var.services, currentUser(c), id, false) }, 200);
  })
  .openapi(reactivateUser, async (c) => {
    const { id } = c.req.valid('param');
    return c.json({ user: await setActive(c.var.services, currentUser(c), id, true) }, 200);
  })
  .openapi(resetSecondFactor, async (c) => {
    const { id } = c.req.valid('param');
    const { db, now } = c.var.services;
    const actor = currentUser(c);
    // Another administrator must do it for an administrator's own account: a stolen admin
    // session cannot strip its own second factor.
    if (id === actor.id) throw conflict('Another administrator must reset your own one-time password app.');
    await db.transaction().execute(async (trx) => {
      const at = new Date(now());
      const user = await trx
        .selectFrom('users')
        .select(['id', 'totp_secret'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!user) throw notFound('User');
      if (!user.totp_secret) throw conflict('This user has no one-time password app set up.');
      await trx
        .updateTable('users')
        .set({ totp_secret: null, totp_pending_secret: null, totp_enrolled_at: null, totp_last_step: null })
        .where('id', '=', id)
        .execute();
      // Unused recovery codes are spent, not deleted.
      await trx
        .updateTable('recovery_codes')
        .set({ used_at: at.toISOString() })
        .where('user_id', '=', id)
        .where('used_at', 'is', null)
        .execute();
      await endAllSessionsOf(trx, id);
      await appendAudit(
        trx,
        { actor, action: 'reset_second_factor', entity: 'user', entityId: id, after: { secondFactor: null } },
        at,
      );
    });
    return c.body(null, 204);
  })
  .openapi(resetUserPassword, async (c) => {
    const { id } = c.req.valid('param');
    const { password } = c.req.valid('json');
    const { db, config, now } = c.var.services;
    const actor = currentUser(c);
    const passwordHash = await hashPassword(password, config.CELLWATCH_SCRYPT_LOG_N);
    await db.transaction().execute(async (trx) => {
      const at = new Date(now());
      const own = id === actor.id;
      // Someone else's reset sets a one-time password: the user must choose their own at next
      // sign-in, is told who reset it and when, and cannot sign with it (21 CFR 11.300(b)).
      const result = await trx
        .updateTable('users')
        .set({
          password_hash: passwordHash,
          updated_at: at.toISOString(),
          password_set_by: actor.id,
          password_set_at: at.toISOString(),
          must_change_password: own ? 0 : 1,
          ...(own ? {} : { password_reset_by: actor.id, password_reset_at: at.toISOString() }),
        })
        .where('id', '=', id)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw notFound('User');
      // A reset ends the user's sessions: whoever knew the old password is signed out.
      await endAllSessionsOf(trx, id);
      await appendAudit(
        trx,
        {
          actor,
          action: 'reset_password',
          entity: 'user',
          entityId: id,
          after: { passwordSetBy: actor.id, mustChangePassword: !own },
        },
        at,
      );
    });
    c.var.services.events.closeStreams({ userId: id });
    return c.body(null, 204);
  });
