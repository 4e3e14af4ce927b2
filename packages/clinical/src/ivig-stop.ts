import type { BCellStatus } from './b-cells.ts';
import { InvalidFindingsError } from './errors.ts';
import { utcDate } from './follow-up-input.ts';
import type { IgGResult, IvigProtocol } from './ivig.ts';
import { resolveIvigProtocol } from './ivig.ts';
import { checkIgGSeries, IVIG_SCHEDULE_SOURCE } from './ivig-schedule.ts';
import type { Instant } from './time.ts';
import { DAY_MS, toEpochMs } from './time.ts';
export interface IvigStopInput {
  /** IgG results taken while off IVIG. */
  iggSeriesOffIvig: readonly IgGResult[];
  bCellStatus: BCellStatus;
  /** When given, values within one interval after it are not counted as off IVIG. */
  lastIvigGivenAt?: Instant | null;
  protocol?: Partial<IvigProtocol>;
}

export interface IvigStopSuggestion {
  suggested: boolean;
  /** The run of values ≥ threshold that the rule looked at. */
  run: { from: number; to: number; count: number } | null;
  reasons: string[];
  source: string;
}

/** Stop IVIG suggested: IgG stays ≥ 400 mg/dL off IVIG (≥ 2 values over ≥ one interval) and B cells back. */
export function ivigStopSuggested(input: IvigStopInput): IvigStopSuggestion {
  const p = resolveIvigProtocol(input.protocol);
  const status = input.bCellStatus;
  if (!['not_yet_depleted', 'aplasia', 'reconstituted', 'no_data'].includes(status)) {
    throw new InvalidFindingsError('bCellStatus', `unknown B-cell status ${JSON.stringify(status)}`);
  }
  const intervalMs = p.intervalWeeks * 7 * DAY_MS;
  let series = checkIgGSeries(input.iggSeriesOffIvig, 'iggSeriesOffIvig');
  const reasons: string[] = [];
  if (input.lastIvigGivenAt !== undefined && input.lastIvigGivenAt !== null) {
    const last = toEpochMs(input.lastIvigGivenAt, 'lastIvigGivenAt');
    const offFrom = last + intervalMs;
    const excluded = series.filter((r) => r.at < offFrom).length;
    if (excluded > 0) {
      reasons.push(
        `${excluded} IgG value(s) within ${p.intervalWeeks} weeks of the last IVIG (${utcDate(last)}) not counted as off IVIG`,
      );
    }
    series = series.filter((r) => r.at >= offFrom);
  }
  const threshold = p.igGIndicatedBelowMgDl;
  let start = series.length;
  while (start > 0 && (series[start - 1]?.mgPerDl ?? 0) >= threshold) start--;
  const run = series.slice(start);
  const first = run[0];
  const last = run.at(-1);
  const runInfo = first && last ? { from: first.at, to: last.at, count: run.length } : null;
  let iggOk = false;
  if (!first || !last) {
    reasons.push(
      series.length === 0
        ? 'no IgG off IVIG'
        : `latest IgG off IVIG ${series.at(-1)?.mgPerDl} mg/dL is below ${threshold} mg/dL`,
    );
  } else if (run.length < 2) {
    reasons.push(
      `only one IgG ≥ ${threshold} mg/dL off IVIG (${last.mgPerDl} mg/dL); two consecutive values are needed`,
    );
  } else if (last.at - first.at < intervalMs) {
    reasons.push(
      `${run.length} IgG values ≥ ${threshold} mg/dL off IVIG over ${Math.floor((last.at - first.at) / DAY_MS)} days; they must span at least one interval (${p.intervalWeeks} weeks)`,
    );
  } else {
    iggOk = true;
    reasons.push(
      `${run.length} consecutive IgG values ≥ ${threshold} mg/dL off IVIG from ${utcDate(first.at)} to ${utcDate(last.at)} (${run.map((r) => r.mgPerDl).join(', ')} mg/dL)`,
    );
  }
  const bOk = status === 'reconstituted';
  reasons.push(bOk ? 'B cells reconstituted' : `B cells not reconstituted (${status.replaceAll('_', ' ')})`);
  const suggested = iggOk && bOk;
  reasons.push(
    suggested ? 'stopping IVIG can be considered (clinician decision)' : 'continue IVIG as planned',
  );
  return { suggested, run: runInfo, reasons, source: IVIG_SCHEDULE_SOURCE };
}
