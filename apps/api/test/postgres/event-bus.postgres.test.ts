import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CareEvent, StampedEvent } from '../../src/events/bus.ts';
import { PgEventBus } from '../../src/events/pg-event-bus.ts';
import { freshPostgresDatabase } from '../helpers.ts';

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
