import { UserListResponse } from '@cellwatch/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiRequest, onSessionEnded } from './client.ts';

type Call = { url: string; init: RequestInit };

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const text = body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(text, { status, headers: { 'content-type': 'application/json', ...headers } });
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('apiRequest', () => {
  it('sends writes as JSON with same-origin cookies, and an empty object when there is no body', async () => {
    const calls = answer(204, undefined);
    await apiRequest('/api/auth/logout', { method: 'POST' });
    expect(calls).toHaveLength(1);
    const init = calls[0]?.init ?? {};
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect(new Headers(init.headers).get('content-type')).toBe('application/json');
    expect(init.body).toBe('{}');
  });

  it('builds the query string from the set values only', async () => {
    const calls = answer(200, { ok: true });
    await apiRequest('/api/audit', {
      query: { entity: 'user', userId: undefined, limit: 50, beforeSeq: null },
    });
    expect(calls[0]?.url).toBe('/api/audit?entity=user&limit=50');
    expect(calls[0]?.init.body).toBeUndefined();
  });

  it('validates the response against the contract', async () => {
    answer(200, { users: 'not a list' });
    const err = await apiRequest('/api/users', { schema: UserListResponse }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('bad_response');
  });

  it('turns the error shape into an ApiError with status, code, fields and Retry-After', async () => {
    answer(
      429,
      {
        error: {
          code: 'too_many_attempts',
          message: 'Too many failed sign-ins.',
          fields: [{ path: 'x', message: 'y' }],
        },
      },
      { 'retry-after': '120' },
    );
    const err = (await apiRequest('/api/auth/login', { method: 'POST', body: {} }).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect([err.status, err.code, err.message, err.retryAfterSeconds]).toEqual([
      429,
      'too_many_attempts',
      'Too many failed sign-ins.',
      120,
    ]);
    expect(err.fieldMessage('x')).toBe('y');
  });

  it('says what happened when the body is not the error shape', async () => {
    answer(502, '<html>Bad gateway</html>');
    const err = (await apiRequest('/api/users').catch((e: unknown) => e)) as ApiError;
    expect([err.status, err.code]).toEqual([502, 'http_error']);
    expect(err.message).toContain('502');
  });

  it('reports an unreachable server as status 0', async () => {
    const lost: Call[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      lost.push({ url, init });
      throw new TypeError('Failed to fetch');
    });
    const err = (await apiRequest('/api/users').catch((e: unknown) => e)) as ApiError;
    expect([err.status, err.code]).toEqual([0, 'network_error']);
  });

  it('tells the auth layer about a 401, except from the sign-in call itself', async () => {
    const ended = vi.fn();
    const stop = onSessionEnded(ended);
    try {
      answer(401, {
        error: { code: 'invalid_credentials', message: 'Username or password is not correct.' },
      });
      await apiRequest('/api/auth/login', { method: 'POST', body: {} }).catch(() => undefined);
      expect(ended).not.toHaveBeenCalled();

      answer(401, { error: { code: 'not_signed_in', message: 'Sign in to continue.' } });
      await apiRequest('/api/users').catch(() => undefined);
      expect(ended).toHaveBeenCalledTimes(1);
    } finally {
      stop();
    }
    await apiRequest('/api/users').catch(() => undefined);
    expect(ended).toHaveBeenCalledTimes(1);
  });
});

describe('Idempotency-Key per submission', () => {
  const keyOf = (call: Call | undefined) => new Headers(call?.init.headers).get('idempotency-key');

  it('sends one with every write except sign-in, none with reads', async () => {
    const calls = answer(201, { ok: true });
    await apiRequest('/api/patients/1/vitals', { method: 'POST', body: { heartRate: 80 } });
    await apiRequest('/api/patients/1/vitals');
    await apiRequest('/api/auth/login', { method: 'POST', body: { username: 'n', password: 'p' } });
    expect(keyOf(calls[0])).toMatch(/^cw-[0-9a-f]{32}$/);
    expect(keyOf(calls[1])).toBeNull();
    expect(keyOf(calls[2])).toBeNull();
  });

  it('gives a double click (while the first is on its way) the same key, and a write after the answer another', async () => {
    const calls = answer(201, { ok: true });
    await Promise.all([
      apiRequest('/api/patients/1/vitals', { method: 'POST', body: { heartRate: 81 } }),
      apiRequest('/api/patients/1/vitals', { method: 'POST', body: { heartRate: 81 } }),
    ]);
    await apiRequest('/api/patients/1/vitals', { method: 'POST', body: { heartRate: 81 } });
    await apiRequest('/api/patients/1/vitals', { method: 'POST', body: { heartRate: 82 } });
    expect(keyOf(calls[0])).toBe(keyOf(calls[1]));
    expect(keyOf(calls[2])).not.toBe(keyOf(calls[0])); // once answered, the same write again is a new submission
    expect(keyOf(calls[3])).not.toBe(keyOf(calls[0]));
  });

  it('retries after a lost connection with the same key, and a corrected form after a refusal with a new one', async () => {
    const lost: Call[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      lost.push({ url, init });
      throw new TypeError('Failed to fetch');
    });
    await apiRequest('/api/patients/2/vitals', { method: 'POST', body: { heartRate: 90 } }).catch(
      () => undefined,
    );
    const calls = answer(201, { ok: true });
    await apiRequest('/api/patients/2/vitals', { method: 'POST', body: { heartRate: 90 } });
    const refusedCalls = answer(422, { error: { code: 'clinically_impossible', message: 'no' } });
    await apiRequest('/api/patients/3/vitals', { method: 'POST', body: { heartRate: 400 } }).catch(
      () => undefined,
    );
    await apiRequest('/api/patients/3/vitals', { method: 'POST', body: { heartRate: 400 } }).catch(
      () => undefined,
    );
    expect(keyOf(calls[0])).toMatch(/^cw-/);
    expect(keyOf(calls[0])).toBe(keyOf(lost[0]));
    expect(keyOf(refusedCalls[0])).not.toBe(keyOf(refusedCalls[1]));
  });
});
