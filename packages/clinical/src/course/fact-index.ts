/**
 * The fact index: every recorded fact by id, and the facts in force sorted by (at, id) per kind, so a
 * scan can walk each kind in time order and ties are deterministic. Also the distinct charted moments.
 */
import { lowerBound } from '../time.ts';
import type { NDeath, NFact, NFeverOther, NInfusion, NMed, NNeuro, NStop, NVitals, Timed } from './types.ts';

export function compareTimed(a: Timed, b: Timed): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** First index whose entry sorts at or after `item` (binary search on (at, id)). */
function lowerBoundTimed<T extends Timed>(list: readonly T[], item: T): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareTimed(list[mid] as T, item) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function insertSorted<T extends Timed>(list: T[], item: T): void {
  const index = lowerBoundTimed(list, item);
  if (index === list.length) list.push(item);
  else list.splice(index, 0, item);
}

export function removeSorted<T extends Timed>(list: T[], item: T): void {
  const index = lowerBoundTimed(list, item);
  if (list[index] === item) list.splice(index, 1);
}

function isSorted(list: readonly Timed[]): boolean {
  for (let i = 1; i < list.length; i++)
    if (compareTimed(list[i - 1] as Timed, list[i] as Timed) > 0) return false;
  return true;
}

function isSortedNumbers(list: readonly number[]): boolean {
  for (let i = 1; i < list.length; i++) if ((list[i - 1] as number) > (list[i] as number)) return false;
  return true;
}

const identity = (x: number): number => x;

/** The charted moments a fact contributes. */
function momentTimes(nf: NFact): number[] {
  switch (nf.kind) {
    case 'vasopressor_infusion':
      return Number.isFinite(nf.chartedStop) ? [nf.at, nf.chartedStop] : [nf.at];
    case 'fever_other_cause':
      return [];
    default:
      return [nf.at];
  }
}

export class FactIndex {
  readonly byId = new Map<string, NFact>();
  readonly temps: NVitals[] = [];
  readonly bps: NVitals[] = [];
  readonly oxys: NVitals[] = [];
  readonly infusions: NInfusion[] = [];
  private readonly stopsByInfusion = new Map<string, NStop[]>();
  readonly meds: NMed[] = [];
  readonly neuros: NNeuro[] = [];
  readonly feverOther: NFeverOther[] = [];
  readonly crsDeaths: NDeath[] = [];
  readonly icansDeaths: NDeath[] = [];
  /** Distinct charted times, ascending. */
  readonly moments: number[] = [];
  /** How many active facts chart each time; built on the first removal (bulk loads need none). */
  private momentCount: Map<number, number> | null = null;

  /** The annotation attributing a reading to another cause (the smallest id if several: deterministic). */
  annotationCovering(at: number): string | null {
    let found: string | null = null;
    for (const a of this.feverOther) {
      if (a.from <= at && at <= a.to && (found === null || a.id < found)) found = a.id;
    }
    return found;
  }

  /** Put a stored fact in force; returns the instant from which grades may change. */
  activate(stored: NFact): number {
    stored.active = true;
    return this.apply(stored, true);
  }

  /** Take a fact out of force (entered in error); returns the instant from which grades may change. */
  deactivate(stored: NFact): number {
    this.ensureMomentCount(); // counts the fact being removed, before it stops being active
    stored.active = false;
    return this.apply(stored, false);
  }

  /**
   * Index the recorded facts at once (`stored`: every fact of `byId`, in its order) and sort each list
   * once (O(n log n); O(n) when in order).
   */
  buildAll(stored: readonly NFact[]): void {
    const times: number[] = [];
    for (const nf of stored) {
      if (!nf.active || nf.kind !== 'vasopressor_stop') continue;
      const list = this.stopsByInfusion.get(nf.infusionId) ?? [];
      list.push(nf);
      this.stopsByInfusion.set(nf.infusionId, list);
    }
    for (const nf of stored) {
      if (!nf.active) continue;
      switch (nf.kind) {
        case 'vital_signs':
          if (nf.temperatureC !== null) this.temps.push(nf);
          if (nf.systolic !== null || nf.hypotensionFlag !== undefined) this.bps.push(nf);
          if (nf.oxygen !== null) this.oxys.push(nf);
          times.push(nf.at);
          break;
        case 'vasopressor_infusion':
          nf.stop = this.effectiveStop(nf);
          this.infusions.push(nf);
          times.push(nf.at);
          if (Number.isFinite(nf.chartedStop)) times.push(nf.chartedStop);
          break;
        case 'vasopressor_stop':
          times.push(nf.at);
          break;
        case 'fever_other_cause':
          this.feverOther.push(nf);
          break;
        default:
          this.singleList(nf).push(nf);
          times.push(nf.at);
      }
    }
    for (const list of [
      this.temps,
      this.bps,
      this.oxys,
      this.infusions,
      this.meds,
      this.neuros,
      this.crsDeaths,
      this.icansDeaths,
    ]) {
      if (!isSorted(list)) (list as Timed[]).sort(compareTimed);
    }
    if (!isSortedNumbers(times)) times.sort((a, b) => a - b);
    let last = Number.NaN;
    for (const t of times) {
      if (t !== last) this.moments.push(t);
      last = t;
    }
  }

  private effectiveStop(infusion: NInfusion): number {
    let stop = infusion.chartedStop;
    for (const s of this.stopsByInfusion.get(infusion.id) ?? []) stop = Math.min(stop, s.at);
    return stop;
  }

  private addMoment(t: number): void {
    if (this.momentCount !== null) this.momentCount.set(t, (this.momentCount.get(t) ?? 0) + 1);
    const moments = this.moments;
    if (moments.length === 0 || (moments[moments.length - 1] as number) < t) {
      moments.push(t);
      return;
    }
    const index = lowerBound(moments, t, identity);
    if (moments[index] !== t) moments.splice(index, 0, t);
  }

  private removeMoment(t: number): void {
    const counts = this.ensureMomentCount();
    const count = counts.get(t) ?? 0;
    if (count > 1) {
      counts.set(t, count - 1);
      return;
    }
    counts.delete(t);
    const index = lowerBound(this.moments, t, identity);
    if (this.moments[index] === t) this.moments.splice(index, 1);
  }

  private ensureMomentCount(): Map<number, number> {
    if (this.momentCount !== null) return this.momentCount;
    const counts = new Map<number, number>();
    for (const nf of this.byId.values()) {
      if (nf.active) for (const time of momentTimes(nf)) counts.set(time, (counts.get(time) ?? 0) + 1);
    }
    this.momentCount = counts;
    return counts;
  }

  private edit<T extends Timed>(list: T[], item: T, add: boolean): void {
    if (add) insertSorted(list, item);
    else removeSorted(list, item);
  }

  private moment(t: number, add: boolean): void {
    if (add) this.addMoment(t);
    else this.removeMoment(t);
  }

  /** The sorted list of a kind kept in one list and charting one moment, its time. */
  private singleList(nf: NMed | NNeuro | NDeath): Timed[] {
    switch (nf.kind) {
      case 'medication':
        return this.meds;
      case 'neuro_assessment':
        return this.neuros;
      case 'crs_death':
        return this.crsDeaths;
      case 'icans_death':
        return this.icansDeaths;
    }
  }

  private single(item: NMed | NNeuro | NDeath, add: boolean): number {
    this.edit(this.singleList(item), item, add);
    this.moment(item.at, add);
    return item.at;
  }

  /** Insert into (or remove from) the sorted indexes; returns the instant from which grades may change. */
  private apply(normalized: NFact, add: boolean): number {
    switch (normalized.kind) {
      case 'vital_signs': {
        const v = normalized;
        if (v.temperatureC !== null) this.edit(this.temps, v, add);
        if (v.systolic !== null || v.hypotensionFlag !== undefined) this.edit(this.bps, v, add);
        if (v.oxygen !== null) this.edit(this.oxys, v, add);
        this.moment(v.at, add);
        return v.at;
      }
      case 'vasopressor_infusion': {
        const v = normalized;
        v.stop = this.effectiveStop(v);
        this.edit(this.infusions, v, add);
        this.moment(v.at, add);
        if (Number.isFinite(v.chartedStop)) this.moment(v.chartedStop, add);
        return v.at;
      }
      case 'vasopressor_stop': {
        const s = normalized;
        const list = this.stopsByInfusion.get(s.infusionId) ?? [];
        if (add) list.push(s);
        else list.splice(list.indexOf(s), 1);
        this.stopsByInfusion.set(s.infusionId, list);
        const infusion = this.byId.get(s.infusionId);
        this.moment(s.at, add);
        if (infusion?.kind === 'vasopressor_infusion') {
          infusion.stop = this.effectiveStop(infusion);
          return Math.min(s.at, infusion.at);
        }
        return s.at;
      }
      case 'fever_other_cause':
        if (add) this.feverOther.push(normalized);
        else this.feverOther.splice(this.feverOther.indexOf(normalized), 1);
        return normalized.from;
      default:
        return this.single(normalized, add);
    }
  }
}
