import { serve } from '@hono/node-server';
import { loadConfig } from './config.ts';
import { prepareServer } from './server.ts';

const config = loadConfig();
const { app, opened, firstRun } = await prepareServer(config);

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

const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  console.log(`[cellwatch] listening on http://localhost:${info.port} (database ${config.CELLWATCH_DB})`);
});

function shutdown(signal: string) {
  console.log(`[cellwatch] ${signal}: closing`);
  server.close(() => {
    void opened.close().then(() => process.exit(0));
  });
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
