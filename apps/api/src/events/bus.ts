/**
 * The in-process event bus: writes publish after their transaction commits, and each SSE
 * connection subscribes. A multi-instance deployment would put LISTEN/NOTIFY behind the same
 * two methods.
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

type Listener = (event: CareEvent & { id: number; at: string }) => void;

export class EventBus {
  private readonly listeners = new Set<Listener>();
  private nextId = 1;

  constructor(private readonly now: () => number = Date.now) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  publish(events: readonly CareEvent[]): void {
    for (const event of events) {
      const stamped = { ...event, id: this.nextId++, at: new Date(this.now()).toISOString() };
      for (const listener of this.listeners) {
        try {
          listener(stamped);
        } catch (err) {
          console.error('[cellwatch] event listener failed:', err);
        }
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
