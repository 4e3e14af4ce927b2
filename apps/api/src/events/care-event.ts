import type { CareEventType } from '@cellwatch/contracts';

/** What a write announces on the live-event stream once its transaction has committed. */
export interface CareEvent {
  type: CareEventType;
  patientId: number | null;
  /**
   * Narrows who hears it to these roles. Whatever it says, only roles allowed the read behind
   * the event's type hear it (audience.ts): an admin never hears patient events.
   */
  roles?: readonly string[];
  data: Record<string, unknown>;
}
