import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from './migrate.ts';
import { loadMigrations } from './migrator.ts';

/** Migration 018 gives every patient infused before it one infusion episode, its Day 0 unchanged. */
describe('migration 018: infusion episodes', () => {
  it('backfills episode 1 from each infused patient, none for a patient not infused yet', async () => {
    const all = loadMigrations();
    const upTo = all.findIndex((m) => m.name === 'infusion_episodes');
    const db = new BetterSqlite3(':memory:');
    for (const m of all.slice(0, upTo)) {
      db.transaction(() => {
        db.exec(m.sql);
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    }
    db.exec(`insert into users (id, username, display_name, role, password_hash, active, created_at, updated_at)
             values (1, 'admin', 'Admin', 'admin', 'x', 1, '', '')`);
    const patient =
      db.prepare(`insert into patients (mrn, given_name, family_name, birth_date, sex, weight_kg,
      diagnosis, product, infusion_at, status, created_at, updated_at)
      values (?, 'A', 'B', '1980-01-01', 'female', 60, 'sle', ?, ?, 'long_term_follow_up', '2025-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z')`);
    patient.run('M-1', 'cd19_car_t', '2025-03-01T10:30:00.000Z');
    patient.run('M-2', 'cd19_bcma_car_t', null);
    await migrate(db);
    expect(
      db
        .prepare(
          'select patient_id, number, product, infused_at, infused_at_ms, reason, recorded_by from infusion_episodes',
        )
        .all(),
    ).toEqual([
      {
        patient_id: 1,
        number: 1,
        product: 'cd19_car_t',
        infused_at: '2025-03-01T10:30:00.000Z',
        infused_at_ms: Date.parse('2025-03-01T10:30:00.000Z'),
        reason: 'first_infusion',
        recorded_by: 1,
      },
    ]);
    expect(() => db.exec('update infusion_episodes set number = 2')).toThrow(/immutable/);
    expect(() => db.exec('delete from infusion_episodes')).toThrow(/never deleted/);
  });
});
