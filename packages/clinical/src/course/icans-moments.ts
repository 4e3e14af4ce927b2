/**
 * ICANS at each charted moment of a scan (ASTCT 2019 through assessIcans, applied when the assessment
 * was recorded).
 *
 * - The latest neuro assessment at or before t grades the moment; flagged stale after 12 h (ICE at
 *   least twice daily, clinical-reference.md).
 * - Death due to ICANS grades 5 from its time on.
 * - ICANS episode (episodes.ts): starts at the first moment graded ≥ 1; resolved at the first moment
 *   graded 0 (resolvedAt) once no grade ≥ 1 is seen for 24 h after it.
 */
import type { Grade } from '../crs.ts';
import { lowerBound } from '../time.ts';
import type { FactIndex } from './fact-index.ts';
import { missingNeuro } from './missing-data.ts';
import type { CourseSettings } from './options.ts';
import { atOf } from './sliding-max.ts';
import type { IcansAtMoment, NDeath, NNeuro } from './types.ts';

type IcansGrading = { grade: Grade; reasons: readonly string[] };

const NO_NEURO: IcansGrading = {
  grade: 0,
  reasons: ['no neuro assessment recorded: ICANS not graded'],
};

/** Walks the neuro assessments forward, one charted moment at a time; equal moments share one value. */
export class IcansMoments {
  private neuroNext: number;
  private previous: {
    neuro: NNeuro | undefined;
    dead: boolean;
    stale: boolean;
    value: IcansAtMoment;
  } | null = null;

  constructor(
    private readonly index: FactIndex,
    private readonly settings: CourseSettings,
    firstMoment: number,
    private readonly deathMemo: Map<string, IcansGrading>,
  ) {
    this.neuroNext = lowerBound(index.neuros, firstMoment, atOf);
  }

  /** The ICANS grade at moment t; its episode number is set by `inEpisode`. */
  advanceTo(t: number): IcansAtMoment {
    const neuros = this.index.neuros;
    while (this.neuroNext < neuros.length && (neuros[this.neuroNext] as NNeuro).at <= t) this.neuroNext++;
    const neuro = neuros[this.neuroNext - 1];
    const icansDeath = this.index.icansDeaths[0];
    const dead = icansDeath !== undefined && icansDeath.at <= t;
    const stale = neuro !== undefined && t - neuro.at > this.settings.neuroStale;
    const previous = this.previous;
    if (previous !== null && previous.neuro === neuro && previous.dead === dead && previous.stale === stale) {
      return previous.value; // episode number is checked in inEpisode
    }
    const graded = this.grading(neuro, dead ? (icansDeath as NDeath) : null);
    const ids: string[] = [];
    if (neuro) ids.push(neuro.id);
    if (dead) ids.push((icansDeath as NDeath).id);
    const value: IcansAtMoment = {
      grade: graded.grade,
      reasons: graded.reasons,
      factIds: ids,
      missing: missingNeuro(neuro, stale, this.settings.neuroStale),
      episode: null,
    };
    this.previous = { neuro, dead, stale, value };
    return value;
  }

  /** The value with the episode number of the open episode (shared with the last moment when equal). */
  inEpisode(value: IcansAtMoment, episode: number | null): IcansAtMoment {
    if (value.episode === episode) return value;
    const numbered = { ...value, episode };
    if (this.previous !== null) this.previous = { ...this.previous, value: numbered };
    return numbered;
  }

  private grading(neuro: NNeuro | undefined, death: NDeath | null): IcansGrading {
    if (death !== null) {
      const key = `${neuro?.id ?? ''}|${death.id}`;
      let memo = this.deathMemo.get(key);
      if (memo === undefined) {
        memo = {
          grade: 5,
          reasons: ['death due to ICANS → grade 5', ...(neuro ? neuro.assessment.reasons.slice(0, -1) : [])],
        };
        this.deathMemo.set(key, memo);
      }
      return memo;
    }
    if (neuro === undefined) return NO_NEURO;
    return neuro.assessment;
  }
}
