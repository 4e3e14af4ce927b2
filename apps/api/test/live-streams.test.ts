import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestApi, type TestApi } from './helpers.ts';
import { sse } from './sse.ts';

let api: TestApi;
afterEach(async () => {
  vi.useRealTimers();
  await api?.close();
});

const open = async (cookie: string) => {
  const res = await api.request('GET', '/api/events', { cookie });
  expect(res.status).toBe(200);
  const stream = sse(res as unknown as Response);
  await stream.next(1); // ready
  return stream;
};

/** A patient event with demographics, as an enrolment publishes. */
const demographics = () =>
  api.services.events.publish([
    { type: 'patient_changed', patientId: 1, data: { patient: { familyName: 'Private' } } },
  ]);

const userId = async (username: string) =>
  (await api.query<{ id: number }>('select id from users where username = ?', username))[0]?.id as number;

describe('live-event streams end with their session, at once', () => {
  it('deactivation closes every stream of that user before the next heartbeat; nothing more reaches them', async () => {
    api = await createTestApi();
    const [admin, nurse, nurse2, hema] = [
      await api.login('admin'),
      await api.login('nurse'),
      await api.login('nurse'),
      await api.login('hematologist'),
    ];
    const streams = [await open(nurse), await open(nurse2)];
    const other = await open(hema);
    const res = await api.request('POST', `/api/users/${await userId('nurse')}/deactivate`, {
      cookie: admin,
      json: {},
    });
    expect(res.status).toBe(200);
    // Published after the deactivation was answered: it must not reach the deactivated user.
    demographics();
    for (const s of streams) expect(await s.rest()).toEqual(['ready', 'session_ended']);
    // Everyone else keeps their stream.
    expect((await other.next(1)).map((e) => e.event)).toEqual(['ready', 'patient_changed']);
    expect(api.services.events.streams.count(await userId('nurse'))).toBe(0);
    await other.cancel();
  });

  it('a password reset closes that user’s streams; sign-out closes only that session’s', async () => {
    api = await createTestApi();
    const [admin, nurseA, nurseB, hemaA, hemaB] = [
      await api.login('admin'),
      await api.login('nurse'),
      await api.login('nurse'),
      await api.login('hematologist'),
      await api.login('hematologist'),
    ];
    const [a, b, ha, hb] = [await open(nurseA), await open(nurseB), await open(hemaA), await open(hemaB)];
    const reset = await api.request('POST', `/api/users/${await userId('nurse')}/password`, {
      cookie: admin,
      json: { password: 'a-new-password-456' },
    });
    expect(reset.status).toBe(204);
    const out = await api.request('POST', '/api/auth/logout', { cookie: hemaA });
    expect(out.status).toBe(204);
    demographics();
    expect(await a.rest()).toEqual(['ready', 'session_ended']);
    expect(await b.rest()).toEqual(['ready', 'session_ended']);
    expect(await ha.rest()).toEqual(['ready', 'session_ended']);
    expect((await hb.next(1)).map((e) => e.event)).toEqual(['ready', 'patient_changed']);
    await hb.cancel();
  });

  it('closes a stream at its session’s idle expiry, without waiting for a heartbeat', async () => {
    api = await createTestApi({ CELLWATCH_SESSION_IDLE_MINUTES: '1' });
    const nurse = await api.login('nurse');
    // Only timeouts are faked: the heartbeat (an interval) stays 15 s away in real time.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const stream = await open(nurse);
    api.advance(61_000);
    await vi.advanceTimersByTimeAsync(61_000);
    vi.useRealTimers();
    await vi.waitFor(() => expect(api.services.events.streams.count()).toBe(0), { timeout: 10_000 });
    demographics();
    expect(await stream.rest()).toEqual(['ready', 'session_ended']);
  });
});

describe('caps per user', () => {
  it('keeps at most CELLWATCH_MAX_STREAMS_PER_USER streams per user, closing the oldest', async () => {
    api = await createTestApi({ CELLWATCH_MAX_STREAMS_PER_USER: '3' });
    const nurse = await api.login('nurse');
    const hema = await api.login('hematologist');
    const hemaStream = await open(hema);
    const streams = [];
    for (let i = 0; i < 40; i++) streams.push(await open(nurse));
    expect(api.services.events.streams.count(await userId('nurse'))).toBe(3);
    expect(api.services.events.listenerCount).toBe(4);
    // The oldest were closed, each saying why; the newest three still hear events.
    const first = await streams[0]?.rest();
    expect(first).toEqual(['ready', 'stream_closed']);
    expect(streams[0]?.received[1]?.data).toEqual({ reason: 'too_many_streams' });
    demographics();
    for (const s of streams.slice(-3))
      expect((await s.next(1)).map((e) => e.event)).toEqual(['ready', 'patient_changed']);
    expect((await hemaStream.next(1)).map((e) => e.event)).toEqual(['ready', 'patient_changed']);
    for (const s of [...streams.slice(-3), hemaStream]) await s.cancel();
  });

  it('keeps at most CELLWATCH_MAX_SESSIONS_PER_USER sessions per user: a new sign-in ends the oldest and its stream', async () => {
    api = await createTestApi({ CELLWATCH_MAX_SESSIONS_PER_USER: '2' });
    const first = await api.login('nurse');
    const stream = await open(first);
    api.advance(1_000);
    const second = await api.login('nurse');
    api.advance(1_000);
    const third = await api.login('nurse');
    const me = async (cookie: string) => (await api.request('GET', '/api/auth/me', { cookie })).status;
    expect([await me(first), await me(second), await me(third)]).toEqual([401, 200, 200]);
    expect(await stream.rest()).toEqual(['ready', 'session_ended']);
    const sessions = await api.query<{ n: number }>(
      'select count(*) as n from sessions where user_id = ?',
      await userId('nurse'),
    );
    expect(Number(sessions[0]?.n)).toBe(2);
    // Another user's sessions are not touched.
    const hema = await api.login('hematologist');
    expect(await me(hema)).toBe(200);
  });
});
