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
): Promise<Selectable<UsersTable>> {
  return db
    .insertInto('users')
    .values({
      username: user.username,
      display_name: user.displayName,
      role: user.role,
      password_hash: user.passwordHash,
      active: 1,
      created_at: at.toISOString(),
      updated_at: at.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
