import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CareEvent, StampedEvent } from '../../src/events/bus.ts';
import { PgEventBus } from '../../src/events/pg-event-bus.ts';
import { createTestApi, freshPostgresDatabase } from '../helpers.ts';

let a: PgEventBus;
let b: PgEventBus;
let drop: () => Promise<void>;

beforeAll(async () => {
  const database = await freshPostgresDatabase();
  if (!database) throw new Error('this test runs in the api-postgres project only');
  drop = database.drop;
  [a, b] = [new PgEventBus(database.url), new PgEventBus(database.url)];
  await Promise.all([a.start(), b.start()]);
});

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await drop?.();
});

const event = (n: number, note = ''): CareEvent => ({
  type: 'fact_charted',
  patientId: n,
  data: { n, note },
});

describe('events over LISTEN/NOTIFY', () => {
  it('reach the other instance whole and in order, a long message (over NOTIFY’s 8,000 bytes) included', async () => {
    const heard: StampedEvent[] = [];
    const unsubscribe = b.subscribe((e) => heard.push(e));
    // Non-ASCII text across the cut points must come back exactly.
    const long = 'Fieber 39,4 °C — 🌡️ Kälte, frissons, 发热; '.repeat(600);
    a.publish([event(1)]);
    a.publish([event(2, long), event(3)]);
    for (let n = 4; n <= 40; n++) a.publish([event(n)]);
    await a.settled();
    const deadline = Date.now() + 5_000;
    while (heard.length < 40 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    unsubscribe();
    expect(heard.map((e) => e.data.n)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(heard[1]?.data.note).toBe(long);
    expect(long.length).toBeGreaterThan(8_000);
    // Numbered by the receiving instance, in arrival order.
    expect(heard.map((e) => e.id)).toEqual([...heard.map((e) => e.id)].sort((x, y) => x - y));
  });

  it('deliver to the publishing instance too, and say when they have', async () => {
    const heard: StampedEvent[] = [];
    const unsubscribe = a.subscribe((e) => heard.push(e));
    a.publish([event(100)]);
    expect(heard).toEqual([]);
    await a.settled();
    unsubscribe();
    expect(heard.map((e) => e.data.n)).toEqual([100]);
  });
});

describe('an instance that loses its LISTEN connection', () => {
  it('reports itself unavailable on /api/health until it listens again, then delivers again', async () => {
    const api = await createTestApi();
    try {
      const bus = api.services.events as PgEventBus;
      const pid = bus.listenerPid;
      expect(pid).not.toBeNull();
      expect((await api.request('GET', '/api/health')).status).toBe(200);
      // As a failover or a network cut would: the server ends the listening session.
      await api.query('select pg_terminate_backend(?)', pid);
      const deadline = Date.now() + 5_000;
      while (bus.delivering && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      const down = await api.request('GET', '/api/health');
      expect(down.status).toBe(503);
      expect((await down.json()).error.code).toBe('events_unavailable');
      while (!bus.delivering && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect((await api.request('GET', '/api/health')).status).toBe(200);
      expect(bus.listenerPid).not.toBe(pid);
      const heard: StampedEvent[] = [];
      const unsubscribe = bus.subscribe((e) => heard.push(e));
      bus.publish([event(7)]);
      await bus.settled();
      unsubscribe();
      expect(heard.map((e) => e.data.n)).toEqual([7]);
    } finally {
      await api.close();
    }
  });
});
