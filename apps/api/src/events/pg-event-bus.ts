import pg from 'pg';
import { type CareEvent, EventBus } from './bus.ts';
import type { StreamCloseReason, StreamTarget } from './streams.ts';

/** The channel every CellWatch instance on one database listens on. */
export const EVENT_CHANNEL = 'cellwatch_events';
/** PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more; messages are cut below that. */
const CHUNK_CHARS = 7_000;
/** Messages whose parts are still arriving, kept at most (the oldest is dropped beyond). */
const MAX_INCOMPLETE = 100;
/** How long to wait before listening again after the listening connection was lost. */
const RECONNECT_MS = 1_000;

/** A message that closes streams on every instance (sign-out, deactivation, password reset…). */
interface CloseMessage {
  close: StreamTarget;
  reason: StreamCloseReason;
}

interface Chunk {
  /** The sending process, and its message number. */
  s: string;
  m: number;
  /** This part's index, and how many parts the message has. */
  i: number;
  n: number;
  d: string;
}

/** JSON in plain ASCII (`\\uXXXX` for the rest), so that cutting it by characters cuts no character. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Events for every instance behind a load balancer: `publish` sends the events with NOTIFY and
 * every instance, this one included, hands them to its SSE connections when its LISTEN hears
 * them. So an alert raised through one instance reaches screens connected to any of them, and
 * `closeStreams` (a user deactivated, a session ended) closes that user's streams on all.
 *
 * One connection sends, in the order `publish` was called (PostgreSQL delivers one session's
 * notifications in order); one connection listens. A publish call's events travel as one
 * message, cut into numbered parts if it is long and put back together by the receivers. A lost
 * listening connection is reopened; events sent while it was down are not replayed (screens
 * refetch on reconnect, as after any SSE drop).
 */
export class PgEventBus extends EventBus {
  readonly #url: string;
  readonly #sender = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  #nextMessage = 1;
  #notifier: pg.Client | null = null;
  #listener: pg.Client | null = null;
  /** Sends one after another on the notifier connection. */
  #sending: Promise<void> = Promise.resolve();
  readonly #partial = new Map<string, string[]>();
  /** The last of this process's messages heard back, and who waits for which. */
  #heard = 0;
  readonly #echoWaiters: { m: number; resolve: () => void }[] = [];
  #closed = false;

  constructor(url: string, now: () => number = Date.now) {
    super(now);
    this.#url = url;
  }

  /** Opens both connections and starts listening; events published before this are lost. */
  async start(): Promise<void> {
    this.#notifier = new pg.Client({ connectionString: this.#url });
    this.#notifier.on('error', (err) => console.error('[cellwatch] event notifier connection:', err.message));
    await this.#notifier.connect();
    await this.#listen();
  }

  async #listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#url });
    client.on('notification', (n) => {
      if (n.channel === EVENT_CHANNEL && n.payload) this.#receive(n.payload);
    });
    let lost = false;
    const onLost = (reason: string) => {
      if (lost || this.#closed) return;
      lost = true;
      console.error('[cellwatch] event listener connection lost:', reason);
      if (this.#listener === client) this.#listener = null;
      void client.end().catch(() => undefined);
      this.#relisten();
    };
    client.on('error', (err) => onLost(err.message));
    client.on('end', () => onLost('connection ended'));
    await client.connect();
    await client.query(`listen ${EVENT_CHANNEL}`);
    this.#listener = client;
  }

  #relisten() {
    if (this.#closed) return;
    setTimeout(() => {
      if (this.#closed) return;
      this.#listen().catch((err: Error) => {
        console.error('[cellwatch] event listener could not reconnect:', err.message);
        this.#relisten();
      });
    }, RECONNECT_MS).unref();
  }

  /** False while the listening connection is down: alerts from other instances would not arrive. */
  override get delivering(): boolean {
    return this.#listener !== null;
  }

  /** The listening connection's server process, for tests that cut it. */
  get listenerPid(): number | null {
    return (this.#listener as unknown as { processID?: number } | null)?.processID ?? null;
  }

  override publish(events: readonly CareEvent[]): void {
    if (events.length === 0) return;
    const at = new Date(this.now()).toISOString();
    this.#send(events.map((event) => ({ ...event, at })));
  }

  /** Closes the streams here at once, and tells every other instance to close theirs. */
  override closeStreams(target: StreamTarget, reason: StreamCloseReason = 'session_ended'): void {
    if ('sessions' in target && target.sessions.length === 0) return;
    super.closeStreams(target, reason);
    this.#send({ close: target, reason } satisfies CloseMessage);
  }

  /** Sends one message (a publish call's events, or a close) to every instance, in call order. */
  #send(message: unknown) {
    const body = asciiJson(message);
    const m = this.#nextMessage++;
    const n = Math.max(1, Math.ceil(body.length / CHUNK_CHARS));
    const chunks: Chunk[] = [];
    for (let i = 0; i < n; i++) {
      chunks.push({ s: this.#sender, m, i, n, d: body.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS) });
    }
    this.#sending = this.#sending
      .then(async () => {
        const notifier = this.#notifier;
        if (!notifier) throw new Error('event bus is not started');
        for (const chunk of chunks) {
          await notifier.query('select pg_notify($1, $2)', [EVENT_CHANNEL, JSON.stringify(chunk)]);
        }
      })
      .catch((err: Error) => {
        // The write itself is committed; its screens catch up on their next refresh.
        console.error('[cellwatch] events could not be sent to other instances:', err.message);
      });
  }

  #receive(payload: string) {
    let chunk: Chunk;
    try {
      chunk = JSON.parse(payload) as Chunk;
    } catch {
      return;
    }
    const key = `${chunk.s}/${chunk.m}`;
    const parts = this.#partial.get(key) ?? [];
    parts[chunk.i] = chunk.d;
    if (parts.filter((p) => p !== undefined).length < chunk.n) {
      this.#partial.set(key, parts);
      // A sender that died between the parts of a message leaves it incomplete for good.
      if (this.#partial.size > MAX_INCOMPLETE)
        this.#partial.delete(this.#partial.keys().next().value as string);
      return;
    }
    this.#partial.delete(key);
    const message = JSON.parse(parts.join('')) as (CareEvent & { at: string })[] | CloseMessage;
    if (Array.isArray(message)) this.deliver(message);
    // This instance closed its own streams when it sent the message.
    else if (message.close && chunk.s !== this.#sender) this.streams.close(message.close, message.reason);
    if (chunk.s === this.#sender) this.#echoed(chunk.m);
  }

  #echoed(m: number) {
    this.#heard = Math.max(this.#heard, m);
    for (let i = this.#echoWaiters.length - 1; i >= 0; i--) {
      const waiter = this.#echoWaiters[i];
      if (waiter && waiter.m <= this.#heard) {
        this.#echoWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }

  /** Resolves once every event published so far has come back to this instance's listeners. */
  override settled(): Promise<void> {
    const m = this.#nextMessage - 1;
    if (m <= this.#heard) return Promise.resolve();
    return new Promise((resolve) => this.#echoWaiters.push({ m, resolve }));
  }

  override async close(): Promise<void> {
    this.#closed = true;
    await this.#sending;
    await Promise.all([this.#notifier?.end(), this.#listener?.end()].map((p) => p?.catch(() => undefined)));
    this.#notifier = null;
    this.#listener = null;
  }
}
