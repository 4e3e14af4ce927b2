import { type ClientRequest, request } from 'node:http';
import { nowMs } from './stats.ts';

export interface SseEvent {
  event: string;
  data: string;
  /** When the client had the whole event (nowMs clock) and the wall clock (Date.now). */
  receivedAt: number;
  receivedWallMs: number;
}

/**
 * A minimal server-sent-events client (one HTTP connection, no reconnects): parses `event:` and
 * `data:` lines and calls `onEvent` for each complete event. The bench's own, so that receive
 * times are taken the moment the bytes are parsed.
 */
export class SseClient {
  private req: ClientRequest | null = null;
  private buffer = '';
  readonly ready: Promise<void>;
  closed = false;

  constructor(
    url: string,
    cookie: string,
    private readonly onEvent: (e: SseEvent) => void,
  ) {
    this.ready = new Promise((resolve, reject) => {
      const req = request(url, {
        headers: { accept: 'text/event-stream', ...(cookie && { cookie }) },
        agent: false,
      });
      this.req = req;
      req.on('response', (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`SSE ${url}: ${res.statusCode}`));
          res.resume();
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          this.buffer += chunk;
          let cut = this.buffer.indexOf('\n\n');
          while (cut >= 0) {
            const block = this.buffer.slice(0, cut);
            this.buffer = this.buffer.slice(cut + 2);
            this.parse(block, resolve);
            cut = this.buffer.indexOf('\n\n');
          }
        });
        res.on('close', () => {
          this.closed = true;
        });
      });
      req.on('error', (err) => {
        if (!this.closed) reject(err);
      });
      req.end();
    });
  }

  private parse(block: string, ready: () => void) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (!data.length) return; // comment (heartbeat)
    if (event === 'ready') ready();
    this.onEvent({ event, data: data.join('\n'), receivedAt: nowMs(), receivedWallMs: Date.now() });
  }

  close() {
    this.closed = true;
    this.req?.destroy();
  }
}
