import type { OpenedStore } from '../db/store.ts';
import { EventBus } from './bus.ts';
import { PgEventBus } from './pg-event-bus.ts';

/**
 * The event bus for a store: in process on SQLite (one instance), LISTEN/NOTIFY on PostgreSQL,
 * where several instances may share the database. Listening before it is returned.
 */
export async function openEventBus(store: OpenedStore, now: () => number): Promise<EventBus> {
  if (store.kind === 'sqlite') return new EventBus(now);
  const bus = new PgEventBus(store.url, now);
  await bus.start();
  return bus;
}
