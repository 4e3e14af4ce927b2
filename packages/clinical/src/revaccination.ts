/**
 * Revaccination after CAR T-cell therapy: per vaccine group, due from when, or blocked and why.
 *
 * Source (as cited in issue 17): ASTCT/EBMT practice recommendations (EBMT/JACIE/EHA best
 * practice: Hayden PJ et al., Ann Oncol 2022;33:259–275): inactivated vaccines — influenza and
 * COVID-19 from about 3 months after the infusion, the others from 6 months and at least 2 months
 * after the last IVIG; live vaccines only from 12 months, at least 8 months after IVIG, with
 * CD4 > 200/µL, CD19 B cells > 20/µL and a year off immunosuppression.
 *
 * CELLWATCH INTERPRETATIONS (README.md, "Revaccination"; every threshold is a protocol setting):
 * - Months are calendar months (milestones.ts addMonthsUtc) from Day 0, from the last IVIG given,
 *   and from the last immunosuppressant stop.
 * - The 2-month IVIG interval applies to the "other inactivated" group only: influenza and COVID-19
 *   are given from 3 months regardless of IVIG (the reference names the interval with the others).
 * - "Above": CD4 200/µL and CD19 20/µL do not allow a live vaccine. The latest count counts; none
 *   charted blocks (the rule cannot be shown to hold).
 * - Immunosuppression still running (no stop charted for a drug in use) blocks live vaccines with
 *   no date; otherwise the year runs from the last stop.
 * - A group with a dose charted on or after Day 0 is `given` (influenza is seasonal: the next
 *   season's dose is the coordinator's call, shown with the doses).
 * - Status `due` when nothing blocks; `blocked` with EVERY reason otherwise, each with the date it
 *   lifts when it has one. `dueFrom` is the latest of those dates (null while a block has none).
 */
import { type CellCount, checkCellCounts } from './cell-counts.ts';
import { InvalidFindingsError } from './errors.ts';
import {
  checkArray,
  checkBoolean,
  checkInstant,
  checkNumber,
  checkText,
  utcDate,
} from './follow-up-input.ts';
import { addMonthsUtc } from './milestones.ts';
import type { Instant } from './time.ts';
import { toEpochMs } from './time.ts';

export const REVACCINATION_SOURCE =
  'ASTCT/EBMT practice recommendations on revaccination after CAR T-cell therapy (Hayden PJ et al., Ann Oncol 2022;33:259–275)';

export const VACCINE_GROUPS = ['influenza', 'covid19', 'other_inactivated', 'live'] as const;
export type VaccineGroup = (typeof VACCINE_GROUPS)[number];

export const VACCINE_GROUP_LABELS: Record<VaccineGroup, string> = {
  influenza: 'Influenza (inactivated)',
  covid19: 'COVID-19',
  other_inactivated: 'Other inactivated vaccines',
  live: 'Live vaccines',
};

export interface RevaccinationProtocol {
  influenzaFromMonths: number;
  covid19FromMonths: number;
  otherInactivatedFromMonths: number;
  liveFromMonths: number;
  /** Other inactivated vaccines at least this long after the last IVIG (reference: 2 months). */
  inactivatedAfterIvigMonths: number;
  /** Live vaccines at least this long after the last IVIG (reference: 8 months). */
  liveAfterIvigMonths: number;
  liveCd4AbovePerUl: number;
  liveCd19AbovePerUl: number;
  /** Live vaccines this long off immunosuppression (reference: a year). */
  liveOffImmunosuppressionMonths: number;
}

export const DEFAULT_REVACCINATION_PROTOCOL: RevaccinationProtocol = {
  influenzaFromMonths: 3,
  covid19FromMonths: 3,
  otherInactivatedFromMonths: 6,
  liveFromMonths: 12,
  inactivatedAfterIvigMonths: 2,
  liveAfterIvigMonths: 8,
  liveCd4AbovePerUl: 200,
  liveCd19AbovePerUl: 20,
  liveOffImmunosuppressionMonths: 12,
};

export function resolveRevaccinationProtocol(
  partial: Partial<RevaccinationProtocol> = {},
): RevaccinationProtocol {
  const p = { ...DEFAULT_REVACCINATION_PROTOCOL, ...partial };
  for (const key of Object.keys(DEFAULT_REVACCINATION_PROTOCOL) as (keyof RevaccinationProtocol)[]) {
    const count = key.endsWith('PerUl');
    checkNumber(
      p[key],
      `protocol.${key}`,
      count ? { min: 0, max: 3000 } : { min: 0, max: 60, integer: true },
    );
  }
  return p;
}

export interface VaccineDose {
  id?: string;
  group: VaccineGroup;
  vaccine: string;
  givenAt: Instant;
}

export interface RevaccinationInput {
  infusionAt: Instant;
  ivigGivenAt?: readonly Instant[];
  cd4?: readonly CellCount[];
  cd19?: readonly CellCount[];
  immunosuppression?: { lastStoppedAt: Instant | null; ongoing: boolean };
  doses?: readonly VaccineDose[];
  now: Instant;
  protocol?: Partial<RevaccinationProtocol>;
}

export type VaccineBlock = 'too_early' | 'ivig_recent' | 'cd4_low' | 'cd19_low' | 'immunosuppression';

export interface VaccineBlockReason {
  block: VaccineBlock;
  /** When the block lifts, if it lifts with time alone. */
  until: number | null;
  reason: string;
}

export interface VaccineGroupState {
  group: VaccineGroup;
  label: string;
  status: 'due' | 'blocked' | 'given';
  /** Day 0 plus the group's months: the earliest it can ever be due. */
  eligibleFrom: number;
  /** The latest date a block lifts (null while a block has no date). */
  dueFrom: number | null;
  blockedBy: VaccineBlockReason[];
  doses: { id: string | null; vaccine: string; givenAt: number }[];
  reason: string;
}

export interface RevaccinationEvaluation {
  groups: VaccineGroupState[];
  source: string;
}

const FROM_MONTHS: Record<VaccineGroup, keyof RevaccinationProtocol> = {
  influenza: 'influenzaFromMonths',
  covid19: 'covid19FromMonths',
  other_inactivated: 'otherInactivatedFromMonths',
  live: 'liveFromMonths',
};

/** Every vaccine group's status at `now`: due, blocked with every reason, or given. */
export function evaluateRevaccination(input: RevaccinationInput): RevaccinationEvaluation {
  const p = resolveRevaccinationProtocol(input.protocol);
  const nowMs = toEpochMs(input.now, 'now');
  const day0 = toEpochMs(input.infusionAt, 'infusionAt');
  const ivig = checkArray<Instant>(input.ivigGivenAt ?? [], 'ivigGivenAt').map((t, i) =>
    checkInstant(t, `ivigGivenAt[${i}]`, nowMs),
  );
  const lastIvig = ivig.length ? Math.max(...ivig) : null;
  const cd4 = checkCellCounts(input.cd4, 'cd4', nowMs).at(-1) ?? null;
  const cd19 = checkCellCounts(input.cd19, 'cd19', nowMs).at(-1) ?? null;
  const is = input.immunosuppression ?? { lastStoppedAt: null, ongoing: false };
  const ongoing = checkBoolean(is.ongoing, 'immunosuppression.ongoing');
  const lastStop =
    is.lastStoppedAt === null
      ? null
      : checkInstant(is.lastStoppedAt, 'immunosuppression.lastStoppedAt', nowMs);
  const doses = checkArray<VaccineDose>(input.doses ?? [], 'doses').map((d, i) => {
    if (!VACCINE_GROUPS.includes(d.group))
      throw new InvalidFindingsError(`doses[${i}].group`, 'unknown vaccine group');
    return {
      group: d.group,
      id: d.id ?? null,
      vaccine: checkText(d.vaccine, `doses[${i}].vaccine`),
      givenAt: checkInstant(d.givenAt, `doses[${i}].givenAt`, nowMs),
    };
  });

  const groups = VACCINE_GROUPS.map((group): VaccineGroupState => {
    const label = VACCINE_GROUP_LABELS[group];
    const months = p[FROM_MONTHS[group]];
    const eligibleFrom = addMonthsUtc(day0, months);
    const blocks: VaccineBlockReason[] = [];
    if (nowMs < eligibleFrom) {
      blocks.push({
        block: 'too_early',
        until: eligibleFrom,
        reason: `not before ${months} months after the infusion (${utcDate(eligibleFrom)})`,
      });
    }
    const ivigMonths =
      group === 'other_inactivated'
        ? p.inactivatedAfterIvigMonths
        : group === 'live'
          ? p.liveAfterIvigMonths
          : null;
    if (ivigMonths !== null && lastIvig !== null) {
      const until = addMonthsUtc(lastIvig, ivigMonths);
      if (nowMs < until) {
        blocks.push({
          block: 'ivig_recent',
          until,
          reason: `IVIG given ${utcDate(lastIvig)}: not before ${ivigMonths} months after it (${utcDate(until)})`,
        });
      }
    }
    if (group === 'live') {
      if (!cd4 || cd4.perUl <= p.liveCd4AbovePerUl) {
        blocks.push({
          block: 'cd4_low',
          until: null,
          reason: cd4
            ? `CD4 ${cd4.perUl}/µL (${utcDate(cd4.at)}) not above ${p.liveCd4AbovePerUl}/µL`
            : `no CD4 count charted (must be above ${p.liveCd4AbovePerUl}/µL)`,
        });
      }
      if (!cd19 || cd19.perUl <= p.liveCd19AbovePerUl) {
        blocks.push({
          block: 'cd19_low',
          until: null,
          reason: cd19
            ? `CD19 B cells ${cd19.perUl}/µL (${utcDate(cd19.at)}) not above ${p.liveCd19AbovePerUl}/µL`
            : `no CD19 count charted (must be above ${p.liveCd19AbovePerUl}/µL)`,
        });
      }
      const offMonths = p.liveOffImmunosuppressionMonths;
      if (ongoing) {
        blocks.push({ block: 'immunosuppression', until: null, reason: 'immunosuppression still running' });
      } else if (lastStop !== null && nowMs < addMonthsUtc(lastStop, offMonths)) {
        const until = addMonthsUtc(lastStop, offMonths);
        blocks.push({
          block: 'immunosuppression',
          until,
          reason: `immunosuppression stopped ${utcDate(lastStop)}: not before ${offMonths} months off it (${utcDate(until)})`,
        });
      }
    }
    const given = doses
      .filter((d) => d.group === group && d.givenAt >= day0)
      .sort((a, b) => a.givenAt - b.givenAt)
      .map(({ group: _, ...d }) => d);
    const dueFrom = blocks.some((b) => b.until === null)
      ? null
      : Math.max(eligibleFrom, ...blocks.map((b) => b.until ?? eligibleFrom));
    const status = given.length ? 'given' : blocks.length ? 'blocked' : 'due';
    const reason =
      status === 'given'
        ? `${label}: given ${given.map((d) => `${d.vaccine} ${utcDate(d.givenAt)}`).join(', ')}`
        : status === 'due'
          ? `${label} due (from ${utcDate(dueFrom ?? eligibleFrom)})`
          : `${label} blocked: ${blocks.map((b) => b.reason).join('; ')}`;
    return { group, label, status, eligibleFrom, dueFrom, blockedBy: blocks, doses: given, reason };
  });
  return { groups, source: REVACCINATION_SOURCE };
}
