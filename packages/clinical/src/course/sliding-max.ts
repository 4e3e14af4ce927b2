/** The sliding-window maximum temperature: the fever look-back's highest reading in O(1) amortised. */
import type { NVitals } from './types.ts';

export const atOf = (x: { at: number }): number => x.at;

/** A monotonic deque giving the highest temperature in a sliding window in O(1) amortised. */
export class MaxWindow {
  private items: NVitals[] = [];
  private head = 0;
  push(reading: NVitals): void {
    const t = reading.temperatureC as number;
    // Ties keep the newer reading, so the chosen fact is the same whatever moment a scan starts at.
    while (
      this.items.length > this.head &&
      ((this.items[this.items.length - 1] as NVitals).temperatureC as number) <= t
    ) {
      this.items.pop();
    }
    this.items.push(reading);
  }
  evictUpTo(limit: number): void {
    while (this.head < this.items.length && (this.items[this.head] as NVitals).at <= limit) this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
  max(): NVitals | undefined {
    return this.items[this.head];
  }
}
