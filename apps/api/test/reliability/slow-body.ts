import { connect } from 'node:net';

/**
 * One slow-body client: opens a socket from `localAddress` (any address of the loopback range
 * 127.0.0.0/8, so that one machine can play many clients), sends a sign-in's headers promising a
 * body, then one byte of it every `trickleMs`, for ever, until the server answers or closes.
 * Loopback only: the target is always 127.0.0.1.
 */
export interface SlowBody {
  /** Resolves once the request's headers and first byte are sent. */
  sent: Promise<void>;
  /** The status of the server's answer, or null if it closed the socket without one. */
  status: Promise<number | null>;
  /** Whether an answer (or a close) has come. */
  readonly settled: boolean;
  close(): void;
}

export function openSlowBody(
  port: number,
  localAddress: string,
  { path = '/api/auth/login', trickleMs = 1_000, declaredBytes = 10_000, slowHeaders = false } = {},
): SlowBody {
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  let timer: ReturnType<typeof setInterval> | undefined;
  let settled = false;
  const status = new Promise<number | null>((resolve) => {
    let head = '';
    const done = (value: number | null) => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      resolve(value);
      socket.destroy();
    };
    socket.on('data', (chunk) => {
      head += String(chunk);
      const match = /^HTTP\/1\.1 (\d{3})/.exec(head);
      if (match) done(Number(match[1]));
    });
    socket.on('close', () => done(null));
    socket.on('error', () => done(null));
  });
  const sent = new Promise<void>((resolve) => {
    socket.on('connect', () => {
      if (slowHeaders) {
        // Headers that never end: one more header line a byte at a time.
        socket.write(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `, () => resolve());
        timer = setInterval(() => socket.write('a'), trickleMs);
        return;
      }
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${declaredBytes}\r\n\r\n{`,
        () => resolve(),
      );
      timer = setInterval(() => socket.write(' '), trickleMs);
    });
    socket.on('close', () => resolve());
  });
  return {
    sent,
    status,
    get settled() {
      return settled;
    },
    close: () => {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

/** `count` loopback client addresses, 127.0.<block>.1 upwards. */
export function loopbackAddresses(count: number, block = 1): string[] {
  return Array.from({ length: count }, (_, i) => `127.0.${block + Math.floor(i / 250)}.${(i % 250) + 1}`);
}
