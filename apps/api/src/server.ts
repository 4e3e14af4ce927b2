import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { openStore } from './db/store.ts';
import { openEventBus } from './events/open.ts';
import { CourseRegrader } from './grading/regrader.ts';
import type { Services } from './http/env.ts';
import { createFirstRunAccounts, type FirstRunAccounts } from './seed/demo-users.ts';
import { seedDemoWard } from './seed/demo-ward.ts';

export const DEFAULT_WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

/** Opens the database (migrating it), seeds a first run, and builds the app: everything but the socket. */
export async function prepareServer(config: Config, now: () => number = Date.now) {
  const opened = await openStore(config);
  // On PostgreSQL several instances may share the database: events travel by LISTEN/NOTIFY.
  const events = await openEventBus(opened, now);
  const services: Services = {
    db: opened.db,
    config,
    now,
    events,
    regrader: CourseRegrader.forUnit(config),
  };
  const firstRun: FirstRunAccounts | null = await createFirstRunAccounts(opened.db, config, new Date(now()));
  const app = createApp(services, { webDist: config.CELLWATCH_WEB_DIST ?? DEFAULT_WEB_DIST });
  let demoPatients = 0;
  if (firstRun && config.CELLWATCH_DEMO) {
    // The demo ward is a convenience: if charting it fails, the server still starts.
    demoPatients = await seedDemoWard(app, opened.db, now()).catch((err: unknown) => {
      console.error('[cellwatch] demo ward could not be charted completely:', err);
      return 0;
    });
  }
  const close = async () => {
    await events.close();
    await opened.close();
  };
  return { app, services, opened, firstRun, demoPatients, close };
}
