import type { Role } from '@cellwatch/contracts';
import { audienceOf } from './audience.ts';
import type { CareEvent } from './care-event.ts';
import { type StreamCloseReason, StreamRegistry, type StreamTarget } from './streams.ts';

export type { CareEvent } from './care-event.ts';

/** An event as delivered: numbered, timed, and with its audience (the roles that may hear it). */
export type StampedEvent = CareEvent & { id: number; at: string; audience: Role[] };
type Listener = (event: StampedEvent) => void;

/**
 * The in-process event bus: writes publish after their transaction commits, and each SSE
 * connection subscribes. Several instances sharing one PostgreSQL put LISTEN/NOTIFY behind the
 * same two methods (pg-event-bus.ts).
 */
export class EventBus {
  private readonly listeners = new Set<Listener>();
  /** This process's open SSE streams, to cap them per user and close them when a session ends. */
  readonly streams = new StreamRegistry();
  private nextId = 1;

  constructor(protected readonly now: () => number = Date.now) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  publish(events: readonly CareEvent[]): void {
    this.deliver(events.map((event) => ({ ...event, at: new Date(this.now()).toISOString() })));
  }

  /** Hands events to this process's listeners, numbered in the order they arrive here. */
  protected deliver(events: readonly (CareEvent & { at: string })[]): void {
    for (const event of events) {
      // The audience is worked out here, on every instance, from the event's type and roles.
      const stamped = { ...event, id: this.nextId++, audience: audienceOf(event) };
      for (const listener of this.listeners) {
        try {
          listener(stamped);
        } catch (err) {
          console.error('[cellwatch] event listener failed:', err);
        }
      }
    }
  }

  /**
   * Closes, at once, the live-event streams of a user (deactivated, password reset) or of some
   * sessions (signed out, revoked), on this instance and (PostgreSQL) on every other. Call it
   * after the transaction that ended the sessions has committed.
   */
  closeStreams(target: StreamTarget, reason: StreamCloseReason = 'session_ended'): void {
    this.streams.close(target, reason);
  }

  /** Whether events published anywhere reach this process's listeners (in process: always). */
  get delivering(): boolean {
    return true;
  }

  /** Resolves once every event published so far has reached this process's listeners (here: at once). */
  settled(): Promise<void> {
    return Promise.resolve();
  }

  /** Stops what the bus holds open (nothing, in process). */
  async close(): Promise<void> {}

  get listenerCount(): number {
    return this.listeners.size;
  }
}
