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

describe('closing streams across instances', () => {
  it('closes a user’s or a session’s streams on every instance, and only theirs', async () => {
    const closed: string[] = [];
    const stream = (bus: PgEventBus, name: string, userId: number, tokenHash: string) =>
      bus.streams.open({ userId, tokenHash, close: (reason) => closed.push(`${name}:${reason}`) }, 10);
    stream(a, 'a-nurse', 7, 'h1');
    stream(b, 'b-nurse', 7, 'h2');
    stream(b, 'b-hema', 8, 'h3');
    stream(b, 'b-hema2', 8, 'h4');
    // Deactivation through instance a: a's stream closes at once, b's when the message arrives.
    a.closeStreams({ userId: 7 });
    expect(closed).toEqual(['a-nurse:session_ended']);
    // Sign-out of one session through instance a.
    a.closeStreams({ sessions: ['h3'] });
    await a.settled();
    const deadline = Date.now() + 5_000;
    while (closed.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(closed.sort()).toEqual(['a-nurse:session_ended', 'b-hema:session_ended', 'b-nurse:session_ended']);
    expect([a.streams.count(), b.streams.count(), b.streams.count(8)]).toEqual([0, 1, 1]);
    b.streams.close({ userId: 8 }, 'session_ended');
  });

  it('carry their audience to every instance: patient events never reach an admin', async () => {
    const heard: StampedEvent[] = [];
    const unsubscribe = b.subscribe((e) => heard.push(e));
    a.publish([{ type: 'patient_changed', patientId: 1, roles: ['admin', 'coordinator'], data: {} }]);
    await a.settled();
    const deadline = Date.now() + 5_000;
    while (heard.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    unsubscribe();
    expect(heard.map((e) => e.audience)).toEqual([['coordinator']]);
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
