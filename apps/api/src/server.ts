import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { type Config, unitFollowUpOptions } from './config.ts';
import { openStore } from './db/store.ts';
import { openEventBus } from './events/open.ts';
import { CourseRegrader } from './grading/regrader.ts';
import type { Services } from './http/env.ts';
import { createFirstRunAccounts, type FirstRunAccounts } from './seed/demo-users.ts';
import { seedDemoWard } from './seed/demo-ward.ts';

export const DEFAULT_WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

/**
 * Node's own limits on a request's arrival, behind the app's body deadline (receiveBody): the
 * headers within the body deadline, the whole request within twice it (Node answers 408 and
 * closes the socket), checked every second instead of Node's default 30 s. A request is
 * complete once it has arrived, so long-lived event streams are not cut.
 */
export function serverTimeouts(config: Config) {
  const bodyMs = config.CELLWATCH_BODY_TIMEOUT_MS;
  return {
    headersTimeout: bodyMs,
    requestTimeout: 2 * bodyMs,
    connectionsCheckingInterval: Math.min(1_000, bodyMs),
  };
}

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
    followUp: unitFollowUpOptions(config),
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
