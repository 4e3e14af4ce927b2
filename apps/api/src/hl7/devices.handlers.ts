import { randomBytes } from 'node:crypto';
import { appendAudit } from '../audit/audit-log.ts';
import { currentUser } from '../auth/current-user.ts';
import { conflict, notFound } from '../http/errors.ts';
import { resourceRouter } from '../http/routes.ts';
import { hashDeviceKey } from './device-key.ts';
import { createDevice, listDevices, revokeDevice } from './devices.routes.ts';

/** Device API keys for HL7 v2 senders: created (the key is shown once), listed, revoked. Admins only. */
export const deviceRoutes = resourceRouter()
  .openapi(listDevices, async (c) => {
    const rows = await c.var.services.db
      .selectFrom('devices')
      .select(['id', 'name', 'created_at', 'revoked_at'])
      .orderBy('name')
      .execute();
    return c.json(
      {
        devices: rows.map((r) => ({
          id: r.id,
          name: r.name,
          createdAt: r.created_at,
          revokedAt: r.revoked_at,
        })),
      },
      200,
    );
  })
  .openapi(createDevice, async (c) => {
    const { name } = c.req.valid('json');
    const { db, now } = c.var.services;
    const admin = currentUser(c);
    const key = `cwd_${randomBytes(32).toString('base64url')}`;
    const device = await db.transaction().execute(async (trx) => {
      if (await trx.selectFrom('devices').select('id').where('name', '=', name).executeTakeFirst())
        throw conflict(`A device named "${name}" exists.`);
      const at = new Date(now()).toISOString();
      // The device's identity as a recorder: an account that can never sign in.
      const user = await trx
        .insertInto('users')
        .values({
          username: `device.${randomBytes(6).toString('hex')}`,
          display_name: `Monitor ${name}`,
          role: 'nurse',
          password_hash: 'device-account-no-password',
          active: 0,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const row = await trx
        .insertInto('devices')
        .values({
          name,
          key_hash: hashDeviceKey(key),
          user_id: user.id,
          created_by: admin.id,
          created_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(
        trx,
        { actor: admin, action: 'create', entity: 'device', entityId: row.id, after: { name } },
        new Date(now()),
      );
      return { id: row.id, name, createdAt: row.created_at, revokedAt: null };
    });
    return c.json({ device, key }, 201);
  })
  .openapi(revokeDevice, async (c) => {
    const { id } = c.req.valid('param');
    const { db, now } = c.var.services;
    const admin = currentUser(c);
    await db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound('Device');
      if (row.revoked_at) throw conflict('This device key is already revoked.');
      const at = new Date(now()).toISOString();
      await trx
        .updateTable('devices')
        .set({ revoked_at: at, revoked_by: admin.id })
        .where('id', '=', id)
        .execute();
      await appendAudit(
        trx,
        { actor: admin, action: 'revoke', entity: 'device', entityId: id, after: { name: row.name } },
        new Date(now()),
      );
    });
    return c.body(null, 204);
  });
