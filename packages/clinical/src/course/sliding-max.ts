/** Sorted fact indexes (sorted by (at, id) so ties are deterministic) and the sliding-window maximum temperature. */
import type { NVitals, Timed } from './types.ts';

export function compareTimed(a: Timed, b: Timed): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function insertSorted<T extends Timed>(list: T[], item: T): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareTimed(list[mid] as T, item) < 0) lo = mid + 1;
    else hi = mid;
  }
  if (lo === list.length) list.push(item);
  else list.splice(lo, 0, item);
}

export function removeSorted<T extends Timed>(list: T[], item: T): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareTimed(list[mid] as T, item) < 0) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] === item) list.splice(lo, 1);
}

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
