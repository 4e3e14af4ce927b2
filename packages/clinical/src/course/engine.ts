/**
 * The course engine: the facts recorded, the graded moments, and the scan that grades them.
 *
 * - Charted moment: the time of any vital-sign set, vasopressor start or stop, medication, neuro
 *   assessment or death fact, at or after the infusion. Fever-attribution annotations change how
 *   readings count but add no moment.
 *
 * Incremental recomputation: every fact has an instant from which it can change grades (its time, a
 * vasopressor's start, an annotation's `from`). Every rule looks only backwards in time, so moments
 * before that instant are untouched; the engine restores the scan state saved at the last earlier
 * moment and regrades from there. A property test proves this equals grading from scratch.
 */
import type { CrsAssessment, Grade } from '../crs.ts';
import { CourseFactError, InvalidFindingsError } from '../errors.ts';
import type { ChartedFact, PatientContext } from '../facts.ts';
import { lowerBound } from '../time.ts';
import { RULE_VERSION } from '../version.ts';
import { CrsMoments } from './crs-moments.ts';
import { dailyMaxDay, redoDailyMax } from './daily-max.ts';
import { EpisodeTrack, INITIAL_STATE, type ScanState } from './episodes.ts';
import { FactIndex } from './fact-index.ts';
import { IcansMoments } from './icans-moments.ts';
import { normalizeFact, requireId, requireObject } from './normalise.ts';
import { type CourseSettings, courseSettings } from './options.ts';
import { atOf } from './sliding-max.ts';
import type {
  Course,
  CourseChange,
  CourseOptions,
  CoursePoint,
  CourseResult,
  DailyMaxGrade,
  Episode,
  NFact,
} from './types.ts';

const identity = (x: number): number => x;

export class CourseEngine implements Course {
  private readonly settings: CourseSettings;
  private readonly index = new FactIndex();
  private readonly arrival: ChartedFact[] = [];

  private readonly points: CoursePoint[] = [];
  /** The scan state after each point, to resume a regrade from any moment. */
  private readonly states: ScanState[] = [];
  private readonly crsEpisodes: EpisodeTrack;
  private readonly icansEpisodes: EpisodeTrack;
  private readonly daily: DailyMaxGrade[] = [];

  private readonly crsMemo = new Map<string, CrsAssessment>();
  private readonly icansDeathMemo = new Map<string, { grade: Grade; reasons: readonly string[] }>();

  constructor(context: PatientContext, options: CourseOptions = {}) {
    this.settings = courseSettings(context, options);
    this.crsEpisodes = new EpisodeTrack('CRS', this.settings.resolution, this.settings.dayOf);
    this.icansEpisodes = new EpisodeTrack('ICANS', this.settings.resolution, this.settings.dayOf);
  }

  // ---- facts ---------------------------------------------------------------------------------

  addFact(fact: ChartedFact): CourseChange {
    const id = requireId(fact);
    if (this.index.byId.has(id)) throw new CourseFactError(id, 'a fact with this id is already recorded');
    if (fact.enteredInError !== undefined && typeof fact.enteredInError !== 'boolean') {
      throw new InvalidFindingsError('enteredInError', 'must be true or false');
    }
    const stored = this.normalize(fact);
    this.index.byId.set(id, stored);
    this.arrival.push(fact);
    return this.regradeFrom(fact.enteredInError === true ? null : this.index.activate(stored));
  }

  markEnteredInError(id: string): CourseChange {
    const stored = this.index.byId.get(id);
    if (stored === undefined) throw new CourseFactError(id, 'no fact with this id is recorded');
    if (!stored.active) return this.regradeFrom(null);
    return this.regradeFrom(this.index.deactivate(stored));
  }

  /** Bulk load for grading from scratch: index everything, then one scan. */
  loadAll(facts: readonly ChartedFact[]): void {
    if (!Array.isArray(facts)) throw new InvalidFindingsError('facts', 'must be a list of charted facts');
    const byId = this.index.byId;
    const stored: NFact[] = new Array(facts.length);
    let count = 0;
    // Infusions first, so that stops can refer to them whatever the order given.
    for (let pass = 0; pass < 2; pass++) {
      for (const fact of facts) {
        requireObject(fact);
        if ((fact.kind === 'vasopressor_infusion') !== (pass === 0)) continue;
        const id = requireId(fact);
        if (byId.has(id)) throw new CourseFactError(id, 'a fact with this id is already recorded');
        const normalized = this.normalize(fact);
        normalized.active = fact.enteredInError !== true;
        byId.set(id, normalized);
        stored[count++] = normalized;
      }
    }
    for (const fact of facts) this.arrival.push(fact);
    this.index.buildAll(stored);
    this.scan(this.settings.infusionAt, INITIAL_STATE);
    redoDailyMax(this.daily, this.points, this.settings.dayOf(this.settings.infusionAt), 0);
  }

  private normalize(fact: ChartedFact): NFact {
    const { ageYears, capdBelowAgeYears } = this.settings;
    return normalizeFact(fact, this.index.byId, ageYears, capdBelowAgeYears);
  }

  // ---- reading -------------------------------------------------------------------------------

  facts(): readonly ChartedFact[] {
    return this.arrival;
  }

  pointCount(): number {
    return this.points.length;
  }

  pointAt(index: number): CoursePoint {
    const point = this.points[index];
    if (point === undefined)
      throw new RangeError(`no point at index ${index} (${this.points.length} points)`);
    return point;
  }

  latestPoint(): CoursePoint | null {
    return this.points[this.points.length - 1] ?? null;
  }

  episodes(): { crsEpisodes: readonly Episode[]; icansEpisodes: readonly Episode[] } {
    const last = this.states[this.states.length - 1];
    return {
      crsEpisodes: this.crsEpisodes.list(last?.crs),
      icansEpisodes: this.icansEpisodes.list(last?.icans),
    };
  }

  dailyMax(): readonly DailyMaxGrade[] {
    return this.daily.slice();
  }

  result(): CourseResult {
    return {
      ruleVersion: RULE_VERSION,
      infusionAt: this.settings.infusionAt,
      // Copies: the engine keeps editing its own arrays on later writes.
      points: this.points.slice(),
      ...this.episodes(),
      dailyMax: this.daily.slice(),
    };
  }

  // ---- grading -------------------------------------------------------------------------------

  /** Regrade every moment at or after `from`; `null` means nothing changed. */
  private regradeFrom(from: number | null): CourseChange {
    if (from === null) {
      return {
        changedFrom: null,
        firstPointIndex: this.points.length,
        points: [],
        dailyMax: [],
        ...this.episodes(),
      };
    }
    const { infusionAt, dayOf } = this.settings;
    const k = lowerBound(this.points, from, atOf);
    this.points.length = k;
    this.states.length = k;
    this.crsEpisodes.forgetFrom(from);
    this.icansEpisodes.forgetFrom(from);
    this.scan(Math.max(from, infusionAt), this.states[k - 1] ?? INITIAL_STATE);
    const firstDay = dayOf(Math.max(from, infusionAt));
    redoDailyMax(this.daily, this.points, firstDay, k);
    return {
      changedFrom: from,
      firstPointIndex: k,
      points: this.points.slice(k),
      dailyMax: this.daily.slice(lowerBound(this.daily, firstDay, dailyMaxDay)),
      ...this.episodes(),
    };
  }

  /** Grade every charted moment at or after `fromT`, starting from the scan state before it. */
  private scan(fromT: number, initial: ScanState): void {
    const moments = this.index.moments;
    let j = lowerBound(moments, fromT, identity);
    if (j >= moments.length) return;
    const firstMoment = moments[j] as number;
    const crsAt = new CrsMoments(this.index, this.settings, firstMoment, this.crsMemo);
    const icansAt = new IcansMoments(this.index, this.settings, firstMoment, this.icansDeathMemo);
    const { crsEpisodes, icansEpisodes } = this;
    const dayOf = this.settings.dayOf;

    let state = initial;
    for (; j < moments.length; j++) {
      const t = moments[j] as number;

      crsAt.advanceTo(t);
      let crs = crsEpisodes.afterSigns(state.crs, crsAt.sign, t);
      let crsCount = state.crsCount;
      if (crs === null && crsAt.onsetFever !== null) {
        crsCount += 1;
        crs = crsEpisodes.onset(crsCount, t, [crsAt.onsetFever.id]);
      }
      crs = crsAt.maskFever(crs, t);
      const crsValue = crsAt.atMoment(t, crs);
      crs = crsEpisodes.graded(crs, crsValue.grade, t, crsValue.factIds);

      const graded = icansAt.advanceTo(t);
      let icans = icansEpisodes.afterSigns(state.icans, graded.grade > 0, t);
      let icansCount = state.icansCount;
      if (icans === null && graded.grade > 0) {
        icansCount += 1;
        icans = icansEpisodes.onset(icansCount, t, graded.factIds);
      }
      icans = icansEpisodes.graded(icans, graded.grade, t, graded.factIds);
      const icansValue = icansAt.inEpisode(graded, icans?.index ?? null);

      if (
        crs !== state.crs ||
        icans !== state.icans ||
        crsCount !== state.crsCount ||
        icansCount !== state.icansCount
      ) {
        state = { crsCount, crs, icansCount, icans };
      }
      this.states.push(state);
      this.points.push({ at: t, day: dayOf(t), ruleVersion: RULE_VERSION, crs: crsValue, icans: icansValue });
    }
  }
}
