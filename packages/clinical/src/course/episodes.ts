/**
 * Episodes: one state machine for CRS and ICANS (CellWatch's interpretation over time; the consensus
 * grades one moment).
 *
 * - An episode opens at a moment chosen by the syndrome (crs-moments.ts: a counted fever in the
 *   look-back; icans-moments.ts: a grade ≥ 1) while no episode is open.
 * - At each later moment the syndrome says whether a sign is present. The episode is RESOLVED at the
 *   first sign-free moment (resolvedAt) once no sign has been seen for 24 h (`resolutionHours`) after
 *   it; it is confirmed at the first moment ≥ 24 h later (resolutionConfirmedAt). A sign within those
 *   24 h keeps the same episode open. A new onset after resolution starts a new episode.
 * - The maximum grade is the highest at any moment of the episode, with the first moment it was reached.
 */
import type { Grade } from '../crs.ts';
import type { Episode } from './types.ts';

/** An open episode: immutable, so scan states can share it between moments while unchanged. */
export interface EpisodeState {
  index: number;
  onsetAt: number;
  onsetFactIds: readonly string[];
  maxGrade: Grade;
  maxGradeAt: number;
  maxGradeFactIds: readonly string[];
  /** CRS only: when fever stopped being required, and the medication that did it (else null). */
  waiverAt: number | null;
  waiverFactId: string | null;
  signFreeSince: number | null;
}

/** What the scan carries from one moment to the next (immutable; shared while unchanged). */
export interface ScanState {
  crsCount: number;
  crs: EpisodeState | null;
  icansCount: number;
  icans: EpisodeState | null;
}
export const INITIAL_STATE: ScanState = { crsCount: 0, crs: null, icansCount: 0, icans: null };

/** The episodes of one syndrome: the closed ones, and the steps of the open one. */
export class EpisodeTrack {
  private readonly closed: Episode[] = [];

  constructor(
    private readonly syndrome: 'CRS' | 'ICANS',
    private readonly resolutionMs: number,
    private readonly dayOf: (t: number) => number,
  ) {}

  /** The open episode after a moment with or without a sign: kept, resolving, or closed (null). */
  afterSigns(open: EpisodeState | null, sign: boolean, t: number): EpisodeState | null {
    if (open === null) return null;
    if (sign) return open.signFreeSince === null ? open : { ...open, signFreeSince: null };
    if (open.signFreeSince === null) return { ...open, signFreeSince: t };
    if (t - open.signFreeSince < this.resolutionMs) return open;
    this.closed.push(this.record(open, t));
    return null;
  }

  /** A new episode with this number, opening at `t`. */
  onset(index: number, t: number, onsetFactIds: readonly string[]): EpisodeState {
    return {
      index,
      onsetAt: t,
      onsetFactIds,
      maxGrade: 0,
      maxGradeAt: t,
      maxGradeFactIds: [],
      waiverAt: null,
      waiverFactId: null,
      signFreeSince: null,
    };
  }

  /** The open episode after a moment graded `grade` from `factIds`. */
  graded(
    open: EpisodeState | null,
    grade: Grade,
    t: number,
    factIds: readonly string[],
  ): EpisodeState | null {
    if (open === null || grade <= open.maxGrade) return open;
    return { ...open, maxGrade: grade, maxGradeAt: t, maxGradeFactIds: factIds };
  }

  /** Forget the episodes confirmed at or after `from` (they are regraded). */
  forgetFrom(from: number): void {
    while ((this.closed.at(-1)?.resolutionConfirmedAt ?? Number.NEGATIVE_INFINITY) >= from) this.closed.pop();
  }

  /** Every episode: the closed ones, then the open one if any. */
  list(open: EpisodeState | null | undefined): Episode[] {
    return open ? [...this.closed, this.record(open, null)] : [...this.closed];
  }

  private record(s: EpisodeState, confirmedAt: number | null): Episode {
    const resolvedAt = s.signFreeSince;
    return {
      syndrome: this.syndrome,
      index: s.index,
      onsetAt: s.onsetAt,
      onsetDay: this.dayOf(s.onsetAt),
      onsetFactIds: s.onsetFactIds,
      maxGrade: s.maxGrade,
      maxGradeAt: s.maxGradeAt,
      maxGradeFactIds: s.maxGradeFactIds,
      feverNoLongerRequiredFrom: s.waiverAt,
      feverNoLongerRequiredFactId: s.waiverFactId,
      status: confirmedAt !== null ? 'resolved' : resolvedAt !== null ? 'resolving' : 'ongoing',
      resolvedAt,
      resolutionConfirmedAt: confirmedAt,
      durationMs: confirmedAt !== null && resolvedAt !== null ? resolvedAt - s.onsetAt : null,
    };
  }
}
