/**
 * Infection prophylaxis after CAR T-cell therapy: what is expected, and whether each one may stop.
 *
 * Sources (as cited in issue 17): ASTCT/EBMT practice recommendations for infection prevention after
 * CAR-T (EBMT/JACIE/EHA best practice: Hayden PJ et al., Ann Oncol 2022;33:259–275):
 * - Antiviral (HSV/VZV: acyclovir or valacyclovir) from lymphodepletion for at least 6–12 months
 *   and until CD4 > 200/µL.
 * - Co-trimoxazole against Pneumocystis (PJP) from about Day 14–30, for 6–12 months and until
 *   CD4 > 200/µL.
 * - Antibacterial and antifungal prophylaxis while ANC < 500/µL.
 * - HBV: screening before; antiviral prophylaxis for at least 12 months after the infusion when
 *   the core antibody (anti-HBc) is positive.
 * - CMV PCR monitoring when corticosteroids run for 5 days or more (cmv-monitoring.ts, with the
 *   PCR results charted).
 * - Late PJP and zoster after stopping prophylaxis early: Blood Adv 2021;5:143.
 *
 * CELLWATCH INTERPRETATIONS (README.md, "Infection prophylaxis"; defaults are protocol settings):
 * - Durations use calendar months (milestones.ts addMonthsUtc): the antiviral's from
 *   lymphodepletion (Day 0 when none is charted), PJP's from its own start (Day 0 when none is
 *   charted), HBV's from Day 0. Defaults take the lower bound of "6–12 months": 6, 6; HBV 12.
 * - A stop rule is judged AT the stop instant with the data known then: the duration must have
 *   passed and the latest CD4 count at or before the stop (never one taken later) must be above
 *   200/µL (200 is not above). No CD4 count means the rule is not met. Antibacterial/antifungal:
 *   the latest ANC at or before the stop is ≥ 500/µL.
 * - A planned stop in the future is judged with today's counts (a later count is not known yet);
 *   one already passed is judged now.
 * - The latest record of a kind (by start) is the one judged. Status: stopped (stoppedAt) →
 *   `completed` when the rule was met then, else `stopped_early`; running → `due_to_stop_rule_met` /
 *   `due_to_stop_rule_not_met` when the planned stop is within 14 days (or passed); ANC-driven
 *   kinds without a planned stop are due to stop once ANC has recovered; otherwise `active`.
 *   No record → `missing` when expected, else `not_expected`.
 * - Expected: antiviral from lymphodepletion until its rule is met; PJP from Day 30 (the late end
 *   of "Day 14–30") until its rule is met; antibacterial/antifungal while the latest ANC < 500/µL;
 *   HBV antiviral when anti-HBc is positive, until 12 months.
 * - Steroids "run ≥ 5 days" and the PCR results: cmv-monitoring.ts.
 */
import { type CellCount, type CheckedCellCount, checkCellCounts, countAt } from './cell-counts.ts';
import { type CmvMonitoring, type CmvPcrResult, evaluateCmvMonitoring } from './cmv-monitoring.ts';
import { InvalidFindingsError } from './errors.ts';
import { checkArray, checkInstant, checkText, utcDate } from './follow-up-input.ts';
import { addMonthsUtc } from './milestones.ts';
import {
  HBV_CORE_ANTIBODY,
  type HbvCoreAntibody,
  PROPHYLAXIS_KINDS,
  PROPHYLAXIS_LABELS,
  PROPHYLAXIS_SOURCE,
  type ProphylaxisKind,
  type ProphylaxisProtocol,
  resolveProphylaxisProtocol,
} from './prophylaxis-protocol.ts';
import type { Instant } from './time.ts';
import { DAY_MS, toEpochMs } from './time.ts';

export interface ProphylaxisRecord {
  id?: string;
  kind: ProphylaxisKind;
  drug: string;
  startedAt: Instant;
  plannedStopAt?: Instant | null;
  stoppedAt?: Instant | null;
}

export interface ProphylaxisInput {
  /** Day 0. */
  infusionAt: Instant;
  lymphodepletionAt?: Instant | null;
  records: readonly ProphylaxisRecord[];
  cd4?: readonly CellCount[];
  anc?: readonly CellCount[];
  hbvCoreAntibody: HbvCoreAntibody;
  /** Instants a corticosteroid was given. */
  corticosteroidGivenAt?: readonly Instant[];
  /** CMV PCR results charted (CMV DNA, IU/mL; 0 = not detected). */
  cmvPcr?: readonly CmvPcrResult[];
  now: Instant;
  protocol?: Partial<ProphylaxisProtocol>;
}

export type ProphylaxisStatus =
  | 'not_expected'
  | 'missing'
  | 'active'
  | 'due_to_stop_rule_met'
  | 'due_to_stop_rule_not_met'
  | 'completed'
  | 'stopped_early';

export interface StopRuleResult {
  met: boolean;
  /** The instant the rule was judged at. */
  at: number;
  reasons: string[];
}

export interface ProphylaxisState {
  kind: ProphylaxisKind;
  label: string;
  expected: boolean;
  expectedReason: string;
  status: ProphylaxisStatus;
  record: {
    id: string | null;
    drug: string;
    startedAt: number;
    plannedStopAt: number | null;
    stoppedAt: number | null;
  } | null;
  /** The earliest stop the duration allows (null for the ANC-driven kinds). */
  earliestStopAt: number | null;
  stopRule: StopRuleResult | null;
  reason: string;
}

export interface ProphylaxisEvaluation {
  kinds: ProphylaxisState[];
  hbvScreening: { status: HbvCoreAntibody; reason: string };
  cmvMonitoring: CmvMonitoring;
  source: string;
}

type CheckedRecord = NonNullable<ProphylaxisState['record']> & { kind: ProphylaxisKind };

interface Context {
  p: ProphylaxisProtocol;
  nowMs: number;
  infusionMs: number;
  lymphodepletionMs: number;
  cd4: CheckedCellCount[];
  anc: CheckedCellCount[];
}

/** The earliest stop the duration part of a kind's rule allows, or null for ANC-driven kinds. */
function durationEnd(kind: ProphylaxisKind, record: CheckedRecord | null, x: Context): number | null {
  if (kind === 'antiviral_hsv_vzv') return addMonthsUtc(x.lymphodepletionMs, x.p.antiviralMinMonths);
  if (kind === 'pjp') return addMonthsUtc(record?.startedAt ?? x.infusionMs, x.p.pjpMinMonths);
  if (kind === 'hbv_antiviral') return addMonthsUtc(x.infusionMs, x.p.hbvMinMonths);
  return null;
}

/** Whether stopping `kind` at `at` satisfies its stop rule, with the counts known by then. */
function stopRuleAt(
  kind: ProphylaxisKind,
  record: CheckedRecord | null,
  at: number,
  x: Context,
): StopRuleResult {
  const known = Math.min(at, x.nowMs);
  const reasons: string[] = [];
  let met = true;
  const end = durationEnd(kind, record, x);
  if (end !== null) {
    const months =
      kind === 'antiviral_hsv_vzv'
        ? `${x.p.antiviralMinMonths} months from lymphodepletion`
        : kind === 'pjp'
          ? `${x.p.pjpMinMonths} months from its start`
          : `${x.p.hbvMinMonths} months after the infusion`;
    if (at >= end) reasons.push(`${months} reached (${utcDate(end)})`);
    else {
      met = false;
      reasons.push(`${months} not reached: not before ${utcDate(end)}`);
    }
  }
  if (kind === 'antiviral_hsv_vzv' || kind === 'pjp') {
    const cd4 = countAt(x.cd4, known);
    const limit = x.p.cd4StopAbovePerUl;
    if (!cd4) {
      met = false;
      reasons.push(`no CD4 count charted: CD4 must be above ${limit}/µL`);
    } else if (cd4.perUl > limit) reasons.push(`CD4 ${cd4.perUl}/µL (${utcDate(cd4.at)}) above ${limit}/µL`);
    else {
      met = false;
      reasons.push(`CD4 ${cd4.perUl}/µL (${utcDate(cd4.at)}) not above ${limit}/µL`);
    }
  }
  if (kind === 'antibacterial' || kind === 'antifungal') {
    const anc = countAt(x.anc, known);
    const limit = x.p.neutropeniaBelowPerUl;
    if (!anc) {
      met = false;
      reasons.push(`no ANC charted: ANC must have recovered to ${limit}/µL`);
    } else if (anc.perUl >= limit)
      reasons.push(`ANC ${anc.perUl}/µL (${utcDate(anc.at)}) recovered to ${limit}/µL`);
    else {
      met = false;
      reasons.push(`ANC ${anc.perUl}/µL (${utcDate(anc.at)}) below ${limit}/µL`);
    }
  }
  return { met, at, reasons };
}

function expectation(
  kind: ProphylaxisKind,
  ruleNow: StopRuleResult,
  hbv: HbvCoreAntibody,
  x: Context,
): { expected: boolean; reason: string } {
  const until = ruleNow.met ? 'its stop rule is met' : 'until its stop rule is met';
  switch (kind) {
    case 'antiviral_hsv_vzv':
      return {
        expected: !ruleNow.met,
        reason: `from lymphodepletion (${utcDate(x.lymphodepletionMs)}), ${until}`,
      };
    case 'pjp': {
      const from = x.infusionMs + x.p.pjpExpectedFromDay * DAY_MS;
      if (x.nowMs < from)
        return { expected: false, reason: `expected from Day ${x.p.pjpExpectedFromDay} (${utcDate(from)})` };
      return {
        expected: !ruleNow.met,
        reason: `from Day ${x.p.pjpExpectedFromDay} (${utcDate(from)}), ${until}`,
      };
    }
    case 'antibacterial':
    case 'antifungal': {
      const anc = countAt(x.anc, x.nowMs);
      const below = anc !== null && anc.perUl < x.p.neutropeniaBelowPerUl;
      return {
        expected: below,
        reason: anc
          ? `latest ANC ${anc.perUl}/µL (${utcDate(anc.at)})${below ? ' below' : ' not below'} ${x.p.neutropeniaBelowPerUl}/µL`
          : 'no ANC charted',
      };
    }
    case 'hbv_antiviral':
      if (hbv !== 'positive')
        return { expected: false, reason: `HBV core antibody ${hbv.replace('_', ' ')}` };
      return { expected: !ruleNow.met, reason: `HBV core antibody positive, ${until}` };
  }
}

function stateOf(
  kind: ProphylaxisKind,
  records: readonly CheckedRecord[],
  hbv: HbvCoreAntibody,
  x: Context,
): ProphylaxisState {
  const record = records.filter((r) => r.kind === kind).at(-1) ?? null;
  const ruleNow = stopRuleAt(kind, record, x.nowMs, x);
  const { expected, reason: expectedReason } = expectation(kind, ruleNow, hbv, x);
  const label = PROPHYLAXIS_LABELS[kind];
  const base = { kind, label, expected, expectedReason, earliestStopAt: durationEnd(kind, record, x) };
  const { kind: _, ...shown } = record ?? { kind };
  if (!record) {
    return {
      ...base,
      record: null,
      status: expected ? 'missing' : 'not_expected',
      stopRule: null,
      reason: expected
        ? `${label}: none charted, expected ${expectedReason}`
        : `${label}: not expected (${expectedReason})`,
    };
  }
  const withRecord = { ...base, record: shown as NonNullable<ProphylaxisState['record']> };
  if (record.stoppedAt !== null) {
    const rule = stopRuleAt(kind, record, record.stoppedAt, x);
    const when = utcDate(record.stoppedAt);
    return rule.met
      ? {
          ...withRecord,
          status: 'completed',
          stopRule: rule,
          reason: `${label} stopped ${when}, stop rule met`,
        }
      : {
          ...withRecord,
          status: 'stopped_early',
          stopRule: rule,
          reason: `${label} stopped ${when} before its stop rule was met: ${rule.reasons.join('; ')}`,
        };
  }
  const due =
    record.plannedStopAt !== null
      ? record.plannedStopAt <= x.nowMs + x.p.dueToStopWithinDays * DAY_MS
      : (kind === 'antibacterial' || kind === 'antifungal') && ruleNow.met;
  if (!due) {
    const planned =
      record.plannedStopAt === null ? 'no planned stop' : `planned stop ${utcDate(record.plannedStopAt)}`;
    return {
      ...withRecord,
      status: 'active',
      stopRule: ruleNow,
      reason: `${label} (${record.drug}) active, ${planned}`,
    };
  }
  // Judged at the planned stop, or now when that has passed (a stop cannot happen in the past).
  const rule =
    record.plannedStopAt === null
      ? ruleNow
      : stopRuleAt(kind, record, Math.max(record.plannedStopAt, x.nowMs), x);
  const planned = record.plannedStopAt === null ? 'now' : utcDate(record.plannedStopAt);
  return rule.met
    ? {
        ...withRecord,
        status: 'due_to_stop_rule_met',
        stopRule: rule,
        reason: `${label} due to stop ${planned}: stop rule met`,
      }
    : {
        ...withRecord,
        status: 'due_to_stop_rule_not_met',
        stopRule: rule,
        reason: `${label} due to stop ${planned} but its stop rule is not met: ${rule.reasons.join('; ')}`,
      };
}

/** Each prophylaxis kind's expectation and status, HBV screening, and CMV PCR monitoring. */
export function evaluateProphylaxis(input: ProphylaxisInput): ProphylaxisEvaluation {
  const p = resolveProphylaxisProtocol(input.protocol);
  const nowMs = toEpochMs(input.now, 'now');
  const infusionMs = toEpochMs(input.infusionAt, 'infusionAt');
  const lymphodepletionMs =
    input.lymphodepletionAt === undefined || input.lymphodepletionAt === null
      ? infusionMs
      : toEpochMs(input.lymphodepletionAt, 'lymphodepletionAt');
  if (lymphodepletionMs > infusionMs) {
    throw new InvalidFindingsError('lymphodepletionAt', 'must not be after the infusion');
  }
  if (!HBV_CORE_ANTIBODY.includes(input.hbvCoreAntibody)) {
    throw new InvalidFindingsError('hbvCoreAntibody', 'must be positive, negative or not_screened');
  }
  const records = checkArray<ProphylaxisRecord>(input.records, 'records')
    .map((r, i): CheckedRecord => {
      const f = `records[${i}]`;
      if (!PROPHYLAXIS_KINDS.includes(r.kind))
        throw new InvalidFindingsError(`${f}.kind`, 'unknown prophylaxis');
      const startedAt = toEpochMs(r.startedAt, `${f}.startedAt`);
      const optional = (v: Instant | null | undefined, field: string) =>
        v === undefined || v === null ? null : toEpochMs(v, `${f}.${field}`);
      const plannedStopAt = optional(r.plannedStopAt, 'plannedStopAt');
      const stoppedAt =
        r.stoppedAt === undefined || r.stoppedAt === null
          ? null
          : checkInstant(r.stoppedAt, `${f}.stoppedAt`, nowMs);
      if (plannedStopAt !== null && plannedStopAt < startedAt) {
        throw new InvalidFindingsError(`${f}.plannedStopAt`, 'must not be before the start');
      }
      if (stoppedAt !== null && stoppedAt < startedAt) {
        throw new InvalidFindingsError(`${f}.stoppedAt`, 'must not be before the start');
      }
      return {
        id: r.id ?? null,
        kind: r.kind,
        drug: checkText(r.drug, `${f}.drug`),
        startedAt,
        plannedStopAt,
        stoppedAt,
      };
    })
    .sort((a, b) => a.startedAt - b.startedAt);
  const x: Context = {
    p,
    nowMs,
    infusionMs,
    lymphodepletionMs,
    cd4: checkCellCounts(input.cd4, 'cd4', nowMs),
    anc: checkCellCounts(input.anc, 'anc', nowMs),
  };
  const hbv = input.hbvCoreAntibody;
  return {
    kinds: PROPHYLAXIS_KINDS.map((k) => stateOf(k, records, hbv, x)),
    hbvScreening: {
      status: hbv,
      reason:
        hbv === 'not_screened'
          ? 'HBV screening (HBsAg, anti-HBc) not charted: screen before therapy'
          : `HBV core antibody ${hbv}${hbv === 'positive' ? `: antiviral prophylaxis for at least ${p.hbvMinMonths} months` : ''}`,
    },
    cmvMonitoring: evaluateCmvMonitoring({
      corticosteroidGivenAt: input.corticosteroidGivenAt,
      cmvPcr: input.cmvPcr,
      steroidDays: p.cmvSteroidDays,
      nowMs,
    }),
    source: PROPHYLAXIS_SOURCE,
  };
}
