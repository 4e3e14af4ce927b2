/** `@cellwatch/api/testing`: helpers other workspaces' tests and the benchmark share with the API's tests. */
export { totpCode } from '../src/auth/second-factor.ts';
export { startTestPostgres, type TestPostgres } from './postgres-server.ts';
export { freePort } from './reliability/server-process.ts';
