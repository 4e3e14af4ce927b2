import type { Role, UserSummary } from '@cellwatch/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { Database, UsersTable } from '../db/schema.ts';

export function toUserSummary(row: Selectable<UsersTable>): UserSummary {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    active: row.active === 1,
    createdAt: row.created_at,
  };
}

export async function insertUser(
  db: Kysely<Database>,
  user: { username: string; displayName: string; role: Role; passwordHash: string },
  at: Date,
  /**
   * Who chose the password: an administrator's id (a one-time password the user must change at
   * first sign-in), or 'self' (first-run accounts, whose password the operator configured).
   */
  passwordSetBy: number | 'self',
): Promise<Selectable<UsersTable>> {
  const row = await db
    .insertInto('users')
    .values({
      username: user.username,
      display_name: user.displayName,
      role: user.role,
      password_hash: user.passwordHash,
      active: 1,
      created_at: at.toISOString(),
      updated_at: at.toISOString(),
      password_set_by: passwordSetBy === 'self' ? null : passwordSetBy,
      password_set_at: at.toISOString(),
      must_change_password: passwordSetBy === 'self' ? 0 : 1,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (passwordSetBy !== 'self') return row;
  return db
    .updateTable('users')
    .set({ password_set_by: row.id })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
