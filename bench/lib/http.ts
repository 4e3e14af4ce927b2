import { Agent, request } from 'node:http';
import { nowMs } from './stats.ts';

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export interface Reply {
  status: number;
  body: string;
  ms: number;
  setCookie: string | undefined;
}

/**
 * One HTTP request over a kept-alive connection, timed from send to the last byte. A request
 * that finds its reused socket closed by the server's keep-alive timeout is sent again once
 * (Node's documented pattern: nothing reached the server).
 */
export async function send(url: string, method: string, cookie: string, json?: unknown): Promise<Reply> {
  try {
    return await sendOnce(url, method, cookie, json);
  } catch (err) {
    if (
      (err as { reusedSocket?: boolean }).reusedSocket &&
      (err as NodeJS.ErrnoException).code === 'ECONNRESET'
    )
      return sendOnce(url, method, cookie, json);
    throw err;
  }
}

function sendOnce(url: string, method: string, cookie: string, json?: unknown): Promise<Reply> {
  const payload = json === undefined ? undefined : JSON.stringify(json);
  return new Promise((resolve, reject) => {
    const t0 = nowMs();
    const req = request(
      url,
      {
        method,
        agent,
        headers: {
          ...(payload !== undefined && {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          }),
          ...(cookie && { cookie }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const set = res.headers['set-cookie']?.[0];
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: nowMs() - t0,
            setCookie: set?.split(';')[0],
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', (err) => reject(Object.assign(err, { reusedSocket: req.reusedSocket })));
    req.end(payload);
  });
}

/** Signs in and returns the session cookie (`cellwatch_session=…`). */
export async function login(base: string, username: string, password: string): Promise<string> {
  const res = await send(`${base}/api/auth/login`, 'POST', '', { username, password });
  if (res.status !== 200 || !res.setCookie) throw new Error(`login ${username}: ${res.status} ${res.body}`);
  return res.setCookie;
}

/** Sends and insists on a 2xx answer; returns the parsed JSON. */
export async function ok<T = Record<string, unknown>>(
  url: string,
  method: string,
  cookie: string,
  json?: unknown,
): Promise<T> {
  const res = await send(url, method, cookie, json);
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${res.body.slice(0, 300)}`);
  return JSON.parse(res.body) as T;
}

/**
 * `n` sequential timed GETs after `warmup` untimed ones; fails on any non-2xx. Stops early once
 * `budgetMs` has passed with at least 5 timed (a slow endpoint must not stall the whole run).
 */
export async function timedGets(url: string, cookie: string, n: number, warmup = 2, budgetMs = 45_000) {
  const ms: number[] = [];
  let bytes = 0;
  const t0 = nowMs();
  for (let i = 0; i < warmup + n; i++) {
    if (ms.length >= 5 && nowMs() - t0 > budgetMs) break;
    const res = await send(url, 'GET', cookie);
    if (res.status !== 200) throw new Error(`GET ${url} → ${res.status} ${res.body.slice(0, 300)}`);
    if (i >= warmup) ms.push(res.ms);
    bytes = res.body.length;
  }
  return { ms, bytes };
}
