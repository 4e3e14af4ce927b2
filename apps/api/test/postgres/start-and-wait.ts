// Starts a throwaway test server, says where, and waits to be interrupted (interrupt.postgres.test.ts).
import { startTestPostgres } from '../postgres-server.ts';

const server = await startTestPostgres();
console.log(JSON.stringify({ dir: server.dir, port: server.port }));
setInterval(() => {}, 60_000);
