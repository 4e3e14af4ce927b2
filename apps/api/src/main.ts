import { serve } from '@hono/node-server';
import { loadConfig } from './config.ts';
import { describeStore } from './db/store.ts';
import { sweepFollowUpAlerts } from './follow-up/alerts.ts';
import { describeListenAddress } from './listen-address.ts';
import { stalls, watchStalls } from './ops/stalls.ts';
import { prepareServer, serverTimeouts } from './server.ts';
import { sweepOverdueChecks } from './ward/monitoring.ts';

const config = loadConfig();
watchStalls(config.CELLWATCH_STALL_LOG_MS);
const { app, opened, firstRun, demoPatients, services, close } = await prepareServer(config);
if (demoPatients) console.log(`[cellwatch] demo ward: ${demoPatients} synthetic patients (marked DEMO)`);

if (firstRun) {
  const who = firstRun.usernames.join(', ');
  if (firstRun.generatedPassword) {
    // Printed once, on the first start only; the database keeps only its scrypt hash.
    console.log(`[cellwatch] first start: created ${who} with password: ${firstRun.generatedPassword}`);
    console.log('[cellwatch] this password is not shown again; an admin can reset passwords.');
  } else {
    console.log(`[cellwatch] first start: created ${who} with the password from CELLWATCH_DEMO_PASSWORD`);
  }
}

const server = serve(
  { fetch: app.fetch, port: config.PORT, hostname: config.HOST, serverOptions: serverTimeouts(config) },
  (info) => {
    console.log(`[cellwatch] listening on ${describeListenAddress(info)} (${describeStore(opened, config)})`);
  },
);

// The monitoring plan's overdue checks are time-driven: swept every minute.
const sweep = setInterval(() => {
  stalls()
    .timedAsync('overdue sweep (whole sweep, yielding between patients)', () =>
      sweepOverdueChecks(services.db, services.now(), services.regrader.dayNumbering),
    )
    .then((events) => services.events.publish(events))
    .catch((err) => console.error('[cellwatch] overdue sweep failed:', err));
}, 60_000);
sweep.unref();
// Follow-up alerts (IVIG due, IgG checks) move with the calendar: swept every 15 minutes.
const followUpSweep = setInterval(() => {
  stalls()
    .timedAsync('follow-up sweep (whole sweep, yielding between patients)', () =>
      sweepFollowUpAlerts(services.db, services.now(), services.followUp),
    )
    .then((events) => services.events.publish(events))
    .catch((err) => console.error('[cellwatch] follow-up sweep failed:', err));
}, 15 * 60_000);
followUpSweep.unref();

function shutdown(signal: string) {
  clearInterval(sweep);
  clearInterval(followUpSweep);
  console.log(`[cellwatch] ${signal}: closing`);
  server.close(() => {
    void close().then(() => process.exit(0));
  });
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
