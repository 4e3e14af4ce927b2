import { checkArray, checkNumber, checkText } from './follow-up-input.ts';
import type { IggCheck } from './igg-checks.ts';
import type { IvigDoseState } from './ivig-schedule.ts';
import type { MilestoneState } from './milestones.ts';
import type { VaccineGroupState } from './revaccination.ts';
import type { Instant } from './time.ts';
import { DAY_MS, toEpochMs } from './time.ts';
export interface WorklistPatient {
  patientId: string;
  label?: string;
  doses?: readonly IvigDoseState[];
  iggChecks?: readonly IggCheck[];
  milestones?: readonly MilestoneState[];
  vaccines?: readonly VaccineGroupState[];
}

export type WorklistKind = 'ivig_dose' | 'igg_check' | 'milestone' | 'vaccine';
/** `blocked`: a vaccine old enough to give that something else still blocks (revaccination.ts). */
export type WorklistStatus = 'overdue' | 'due' | 'upcoming' | 'blocked';

export interface WorklistItem {
  patientId: string;
  label: string;
  kind: WorklistKind;
  dueAt: number;
  status: WorklistStatus;
  title: string;
}

/**
 * Upcoming and overdue doses, IgG checks, follow-up visits and vaccines across patients, sorted by
 * due date (then patient, kind, title). Overdue, due and blocked items always appear; upcoming ones
 * when due within `horizonDays` (default 14). A vaccine group not yet old enough is upcoming at its
 * eligible date; one past it that something else blocks is `blocked`, dated when the blocks lift
 * (its eligible date while a block has no date); a due one is due from its date.
 */
export function worklist(
  patients: readonly WorklistPatient[],
  options: { now: Instant; horizonDays?: number },
): WorklistItem[] {
  const nowMs = toEpochMs(options.now, 'now');
  const horizon =
    nowMs + checkNumber(options.horizonDays ?? 14, 'horizonDays', { min: 0, max: 366 }) * DAY_MS;
  const items: WorklistItem[] = [];
  checkArray<WorklistPatient>(patients, 'patients').forEach((p, i) => {
    const patientId = checkText(p.patientId, `patients[${i}].patientId`);
    const label = p.label ?? patientId;
    const add = (kind: WorklistKind, dueAt: number, status: WorklistStatus | null, title: string) => {
      if (status === null) return;
      if (status === 'upcoming' && dueAt > horizon) return;
      items.push({ patientId, label, kind, dueAt, status, title });
    };
    for (const d of p.doses ?? []) {
      const s =
        d.status === 'overdue'
          ? 'overdue'
          : d.status === 'due_soon'
            ? 'due'
            : d.status === 'planned'
              ? 'upcoming'
              : null;
      add('ivig_dose', d.dueAt, s, d.reason);
    }
    for (const c of p.iggChecks ?? []) {
      const s =
        c.status === 'overdue'
          ? 'overdue'
          : c.status === 'due'
            ? 'due'
            : c.status === 'upcoming'
              ? 'upcoming'
              : null;
      add('igg_check', c.dueAt, s, c.label);
    }
    for (const m of p.milestones ?? []) {
      const s =
        m.status === 'overdue'
          ? 'overdue'
          : m.status === 'due'
            ? 'due'
            : m.status === 'upcoming'
              ? 'upcoming'
              : null;
      add('milestone', m.dueAt, s, m.reason);
    }
    for (const v of p.vaccines ?? []) {
      if (v.status === 'given') continue;
      if (v.status === 'due') add('vaccine', v.dueFrom ?? v.eligibleFrom, 'due', v.reason);
      else if (nowMs < v.eligibleFrom) add('vaccine', v.eligibleFrom, 'upcoming', v.reason);
      else add('vaccine', v.dueFrom ?? v.eligibleFrom, 'blocked', v.reason);
    }
  });
  const kindRank: Record<WorklistKind, number> = {
    ivig_dose: 0,
    igg_check: 1,
    milestone: 2,
    vaccine: 3,
  };
  return items.sort(
    (a, b) =>
      a.dueAt - b.dueAt ||
      a.patientId.localeCompare(b.patientId) ||
      kindRank[a.kind] - kindRank[b.kind] ||
      a.title.localeCompare(b.title),
  );
}
