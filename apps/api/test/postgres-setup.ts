import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migratePostgres } from '../src/db/migrate-postgres.ts';
import { startTestPostgres, TEMPLATE_DATABASE } from './postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the throwaway server's `postgres` database, when the suite runs on PostgreSQL. */
    postgresUrl: string;
  }
}

/**
 * Global setup of the `api-postgres` test project: one throwaway server for the whole run, and a
 * migrated template database. Each test API then gets a fresh copy (helpers.ts).
 */
export default async function setup(project: TestProject) {
  const server = await startTestPostgres();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`create database ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  await migratePostgres(server.urlFor(TEMPLATE_DATABASE));
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
