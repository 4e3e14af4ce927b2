/**
 * CMV PCR monitoring after CAR T-cell therapy: when it is indicated, and the results charted.
 *
 * Source (as cited in issue 17): ASTCT/EBMT practice recommendations for infection prevention after
 * CAR-T (EBMT/JACIE/EHA best practice: Hayden PJ et al., Ann Oncol 2022;33:259–275): monitor CMV by
 * PCR when corticosteroids run for 5 days or more.
 *
 * CELLWATCH INTERPRETATIONS (README.md, "Infection prophylaxis"; the day count is a protocol setting):
 * - Steroids "run ≥ 5 days": 5 or more consecutive calendar days (UTC) with a corticosteroid given.
 * - A result is a CMV DNA load in IU/mL (labs.ts `cmv_dna`); 0 is charted for "not detected", any
 *   load above 0 is "detected". What load calls for pre-emptive therapy is the unit's protocol and
 *   is left to the clinician: CellWatch shows the load, it does not judge it.
 * - Monitoring is `due` while indicated and no PCR was charted on or after the first day of the
 *   latest run of 5 or more days; `monitored` once one was.
 */
import { checkArray, checkInstant, checkNumber, utcDate } from './follow-up-input.ts';
import type { Instant } from './time.ts';
import { DAY_MS } from './time.ts';

export interface CmvPcrResult {
  at: Instant;
  /** CMV DNA, IU/mL; 0 = not detected. */
  iuPerMl: number;
  id?: string;
}

export interface CheckedCmvPcrResult {
  id: string | null;
  at: number;
  iuPerMl: number;
  detected: boolean;
}

export type CmvMonitoringStatus = 'not_indicated' | 'due' | 'monitored';

export interface CmvMonitoring {
  indicated: boolean;
  status: CmvMonitoringStatus;
  longestSteroidRunDays: number;
  /** The first day (00:00 UTC) of the latest run long enough to indicate monitoring, or null. */
  indicatedFrom: number | null;
  /** Charted CMV PCR results, newest first. */
  results: CheckedCmvPcrResult[];
  reason: string;
}

interface SteroidRun {
  firstDay: number;
  days: number;
}

/** Runs of consecutive UTC calendar days with a corticosteroid given, in time order. */
function steroidRuns(given: readonly number[]): SteroidRun[] {
  const days = [...new Set(given.map((t) => Math.floor(t / DAY_MS)))].sort((a, b) => a - b);
  const runs: SteroidRun[] = [];
  for (const d of days) {
    const last = runs.at(-1);
    if (last && d === last.firstDay + last.days) last.days += 1;
    else runs.push({ firstDay: d, days: 1 });
  }
  return runs;
}

/** A CMV PCR result in words: "not detected" or its load. */
export function cmvPcrInWords(r: Pick<CheckedCmvPcrResult, 'at' | 'iuPerMl'>): string {
  return r.iuPerMl > 0
    ? `CMV DNA detected, ${r.iuPerMl} IU/mL (${utcDate(r.at)})`
    : `CMV DNA not detected (${utcDate(r.at)})`;
}

/** Whether CMV PCR monitoring is indicated by the corticosteroids given, and how it stands. */
export function evaluateCmvMonitoring(input: {
  corticosteroidGivenAt?: readonly Instant[];
  cmvPcr?: readonly CmvPcrResult[];
  steroidDays: number;
  nowMs: number;
}): CmvMonitoring {
  const steroids = checkArray<Instant>(input.corticosteroidGivenAt ?? [], 'corticosteroidGivenAt').map(
    (t, i) => checkInstant(t, `corticosteroidGivenAt[${i}]`, input.nowMs),
  );
  const results = checkArray<CmvPcrResult>(input.cmvPcr ?? [], 'cmvPcr')
    .map((r, i) => {
      const iuPerMl = checkNumber(r.iuPerMl, `cmvPcr[${i}].iuPerMl`, { min: 0, max: 1e10 });
      return {
        id: r.id ?? null,
        at: checkInstant(r.at, `cmvPcr[${i}].at`, input.nowMs),
        iuPerMl,
        detected: iuPerMl > 0,
      };
    })
    .sort((a, b) => b.at - a.at);
  const runs = steroidRuns(steroids);
  const longest = Math.max(0, ...runs.map((r) => r.days));
  const qualifying = runs.filter((r) => r.days >= input.steroidDays).at(-1);
  const latest = results[0];
  const latestWords = latest ? `; latest ${cmvPcrInWords(latest)}` : '';
  if (!qualifying) {
    return {
      indicated: false,
      status: 'not_indicated',
      longestSteroidRunDays: longest,
      indicatedFrom: null,
      results,
      reason:
        (longest === 0
          ? 'no corticosteroid course charted'
          : `corticosteroids on at most ${longest} consecutive days (< ${input.steroidDays})`) + latestWords,
    };
  }
  const from = qualifying.firstDay * DAY_MS;
  const course = `corticosteroids on ${qualifying.days} consecutive days from ${utcDate(from)} (≥ ${input.steroidDays})`;
  const since = results.find((r) => r.at >= from);
  return since
    ? {
        indicated: true,
        status: 'monitored',
        longestSteroidRunDays: longest,
        indicatedFrom: from,
        results,
        reason: `${course}: monitored by PCR${latestWords}`,
      }
    : {
        indicated: true,
        status: 'due',
        longestSteroidRunDays: longest,
        indicatedFrom: from,
        results,
        reason: `${course}: monitor CMV by PCR; none charted since ${utcDate(from)}`,
      };
}
