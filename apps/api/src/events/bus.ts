/**
 * The in-process event bus: writes publish after their transaction commits, and each SSE
 * connection subscribes. Several instances sharing one PostgreSQL put LISTEN/NOTIFY behind the
 * same two methods (pg-event-bus.ts).
 */
export interface CareEvent {
  type:
    | 'fact_charted'
    | 'fact_corrected'
    | 'patient_changed'
    | 'grade_changed'
    | 'alert_raised'
    | 'alert_updated'
    | 'review_signed';
  patientId: number | null;
  /** Which roles should hear it; empty means everyone signed in. */
  roles?: readonly string[];
  data: Record<string, unknown>;
}

export type StampedEvent = CareEvent & { id: number; at: string };
type Listener = (event: StampedEvent) => void;

export class EventBus {
  private readonly listeners = new Set<Listener>();
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
      const stamped = { ...event, id: this.nextId++ };
      for (const listener of this.listeners) {
        try {
          listener(stamped);
        } catch (err) {
          console.error('[cellwatch] event listener failed:', err);
        }
      }
    }
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
