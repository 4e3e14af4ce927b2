import {
  assessBCellAplasia,
  autoantibodyCourse,
  autoantibodyCutoff,
  type Cd19Measurement,
  type CellProduct,
  diseaseRemission,
  drugFreeRemission,
  FOLLOW_UP_ITEM_ANALYTES,
  followUpAlerts,
  iggChecks,
  ivigDose,
  ivigDoseStates,
  ivigRecommendation,
  ivigStopSuggested,
  licatsHints,
  milestoneStatuses,
  resolveIvigProtocol,
} from '@cellwatch/clinical';
import type { FollowUpPicture } from '@cellwatch/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { FollowUpOptions } from '../config.ts';
import { notEnteredInError } from '../db/entered-in-error.ts';
import type { Database, PatientsTable } from '../db/schema.ts';
import { courseDayZero } from '../infusions/infusion-episodes.ts';
import { chartedScore, diseaseScoreDto, readDiseaseScores } from './disease-scores-read.ts';

/** Charting is allowed five minutes ahead of the server clock (clock skew): the rules see that far. */
const SKEW_MS = 5 * 60_000;

export type { FollowUpOptions };

/**
 * Everything the coordinator follows for one patient, computed by the follow-up rules of
 * packages/clinical from the charted facts: B-cell aplasia, IgG and IVIG (recommendation, dose
 * schedule, checks, stop rule), coordinator alerts, milestones, autoantibodies and drug-free
 * remission, the disease's remission definition over its activity scores, LICATS events and hints.
 */
export async function followUpPicture(
  trx: Kysely<Database>,
  patient: Selectable<PatientsTable>,
  now: number,
  options: FollowUpOptions = {},
) {
  const id = patient.id;
  const engineNow = now + SKEW_MS;
  const protocol = options.vialSizesG ? { vialSizesG: options.vialSizesG } : {};
  const dayOptions = options.dayNumbering ? { dayNumbering: options.dayNumbering } : {};
  const labs = await trx
    .selectFrom('lab_results')
    .select(['id', 'analyte', 'collected_at_ms', 'value', 'unit'])
    .where('patient_id', '=', id)
    .where('analyte', 'in', [
      ...new Set([
        ...Object.values(FOLLOW_UP_ITEM_ANALYTES).flat(),
        'creatinine',
        'urine_protein_creatinine',
      ]),
    ])
    .where(notEnteredInError('lab_results'))
    .orderBy('collected_at_ms')
    .execute();
  const series = (analyte: string) => labs.filter((l) => l.analyte === analyte);

  // CD19 % and absolute counts taken together make one measurement.
  const cd19ByTime = new Map<number, Cd19Measurement>();
  for (const l of [...series('cd19_percent'), ...series('cd19_absolute')]) {
    const m = cd19ByTime.get(l.collected_at_ms) ?? { id: `lab_results:${l.id}`, at: l.collected_at_ms };
    if (l.analyte === 'cd19_percent') m.percentOfLymphocytes = l.value;
    else m.absolutePerUl = l.value;
    cd19ByTime.set(l.collected_at_ms, m);
  }
  const igg = series('igg').map((l) => ({
    id: `lab_results:${l.id}`,
    at: l.collected_at_ms,
    mgPerDl: l.value,
  }));
  const infections = await trx
    .selectFrom('infections')
    .selectAll()
    .where('patient_id', '=', id)
    .where(notEnteredInError('infections'))
    .orderBy('onset_at_ms')
    .execute();
  const doses = await trx
    .selectFrom('ivig_doses')
    .selectAll()
    .where('patient_id', '=', id)
    .where(notEnteredInError('ivig_doses'))
    .orderBy('due_at_ms')
    .execute();
  const outcomes = await trx
    .selectFrom('ivig_dose_outcomes')
    .innerJoin('users', 'users.id', 'ivig_dose_outcomes.recorded_by')
    .selectAll('ivig_dose_outcomes')
    .select('users.display_name')
    .where('ivig_dose_outcomes.patient_id', '=', id)
    .where(notEnteredInError('ivig_dose_outcomes', 'ivig_dose_outcomes.id'))
    .execute();
  const stops = await trx
    .selectFrom('immunosuppressant_stops')
    .selectAll()
    .where('patient_id', '=', id)
    .where(notEnteredInError('immunosuppressant_stops'))
    .execute();
  const remissions = await trx
    .selectFrom('remission_assessments')
    .selectAll()
    .where('patient_id', '=', id)
    .where(notEnteredInError('remission_assessments'))
    .orderBy('assessed_at_ms')
    .execute();
  const licats = await trx
    .selectFrom('licats_events')
    .selectAll()
    .where('patient_id', '=', id)
    .where(notEnteredInError('licats_events'))
    .orderBy('onset_at_ms')
    .execute();
  const visits = await trx
    .selectFrom('milestone_visits')
    .selectAll()
    .where('patient_id', '=', id)
    .where(notEnteredInError('milestone_visits'))
    .execute();

  // The current Day 0 (the latest infusion): a re-treatment depletes B cells again, so B-cell,
  // IgG, autoantibody and LICATS courses start again from it.
  const infusionAt = patient.infusion_at ? Date.parse(patient.infusion_at) : null;
  // Milestone visits and the 15-year follow-up count from the first infusion: long-term follow-up
  // after integrating-vector gene therapy (FDA guidance "Long Term Follow-Up After Administration
  // of Human Gene Therapy Products", January 2020: up to 15 years) watches for late effects of
  // the first exposure, which a second infusion does not undo (clinical practice: not reset).
  const firstDayZero = await courseDayZero(trx, patient);
  const firstInfusionAt = firstDayZero === null ? null : Date.parse(firstDayZero);
  const bCells =
    infusionAt === null
      ? null
      : assessBCellAplasia(
          {
            product: patient.product as CellProduct,
            infusionAt,
            measurements: [...cd19ByTime.values()],
            now: engineNow,
          },
          dayOptions,
        );
  const ivig = ivigRecommendation({
    latestIgG: igg.at(-1) ?? null,
    infections: infections.map((i) => ({
      id: `infections:${i.id}`,
      at: i.onset_at_ms,
      severity: i.ctcae_grade,
      hospitalised: i.hospitalised === 1,
      bacterial: i.bacterial === 1,
      site: i.site,
      ...(i.organism && { organism: i.organism }),
    })),
    weightKg: patient.weight_kg,
    now: engineNow,
    protocol,
  });
  const doseStates = ivigDoseStates({
    doses: doses.map((d) => {
      const outcome = outcomes.find((o) => o.dose_id === d.id);
      return {
        id: String(d.id),
        dueAt: d.due_at_ms,
        given:
          outcome?.outcome === 'given'
            ? {
                at: outcome.at_ms,
                doseG: outcome.dose_g ?? d.planned_dose_g,
                lot: outcome.lot ?? '',
                by: outcome.display_name,
              }
            : null,
        cancelled:
          outcome?.outcome === 'cancelled'
            ? { reason: outcome.reason ?? '', at: outcome.at_ms, by: outcome.display_name }
            : null,
        missed: outcome?.outcome === 'missed',
      };
    }),
    iggResults: igg,
    now: engineNow,
  });
  const checks =
    infusionAt === null
      ? []
      : iggChecks({
          infusionAt,
          iggResults: igg,
          now: engineNow,
          doses: doseStates,
          ...(bCells && { bCellStatus: bCells.status }),
        });
  const lastGiven = doseStates.filter((d) => d.given).at(-1)?.given?.at ?? null;
  const stop = ivigStopSuggested({
    iggSeriesOffIvig: igg,
    bCellStatus: bCells?.status ?? 'no_data',
    lastIvigGivenAt: lastGiven,
    protocol,
  });
  const alerts = followUpAlerts({
    ivig: doses.length ? null : ivig,
    doses: doseStates,
    iggChecks: checks,
    bCells,
  });
  const milestones =
    firstInfusionAt === null
      ? []
      : milestoneStatuses({
          infusionAt: firstInfusionAt,
          completed: visits.map((v) => ({ milestone: v.milestone, at: v.completed_at_ms, id: String(v.id) })),
          // A visit's lab data charted in its window completes it (milestones.ts).
          labs: labs.map((l) => ({ analyte: l.analyte, at: l.collected_at_ms, id: `lab_results:${l.id}` })),
          now: engineNow,
          options: dayOptions,
        });
  const antibody = patient.autoantibody ?? 'disease autoantibody';
  // A charted titre carries no cut-off of its own: the antibody's (the site's, else the cited
  // default) tells negative from positive (autoantibody-cutoffs.ts).
  const { cutoff, basis } = autoantibodyCutoff(antibody, options.autoantibodyCutoffs);
  const autoantibodies = autoantibodyCourse(
    series('autoantibody').map((l) => ({
      id: `lab_results:${l.id}`,
      at: l.collected_at_ms,
      antibody,
      value: l.value,
      unit: l.unit,
    })),
    {
      ...(cutoff !== null && { cutoffs: { [antibody]: cutoff } }),
      cutoffBasis: { [antibody]: basis },
      ...(infusionAt !== null && { infusionAt, ...dayOptions }),
    },
  );
  const latestAssessment = remissions.at(-1);
  const immunosuppressants = {
    immunosuppressantStops: stops.map((s) => ({ drug: s.drug, stoppedAt: s.stopped_at_ms })),
    activeImmunosuppressants: latestAssessment
      ? (JSON.parse(latestAssessment.active_immunosuppressants_json) as string[])
      : [],
  };
  const remission = drugFreeRemission({
    ...immunosuppressants,
    remissionAssessments: remissions.map((r) => ({
      at: r.assessed_at_ms,
      inRemission: r.in_remission === 1,
    })),
    now: engineNow,
  });
  const diseaseScores = await readDiseaseScores(trx, id);
  const ofDisease = diseaseRemission({
    disease: patient.diagnosis,
    scores: diseaseScores.map(chartedScore),
    ...immunosuppressants,
    ...(infusionAt !== null && { infusionAt, ...dayOptions }),
    ...(options.diseaseRemission && { settings: options.diseaseRemission }),
  });
  const hints =
    infusionAt === null
      ? null
      : licatsHints({
          infusionAt,
          ...dayOptions,
          creatinineSeries: series('creatinine').map((l) => ({
            id: `lab_results:${l.id}`,
            at: l.collected_at_ms,
            value: l.value,
          })),
          upcrSeries: series('urine_protein_creatinine').map((l) => ({
            id: `lab_results:${l.id}`,
            at: l.collected_at_ms,
            value: l.value,
          })),
          newOrganFlares: licats.map((e) => ({
            id: `licats_events:${e.id}`,
            at: e.onset_at_ms,
            organ: e.organ,
          })),
          inAplasia: (bCells?.episodes ?? []).map((e) => ({
            from: e.beganAt,
            to: e.reconstitutedAt ?? null,
          })),
        });

  return {
    patientId: id,
    infusionAt: patient.infusion_at,
    bCells,
    igg: igg.map((r) => ({ ...r, at: new Date(r.at).toISOString() })),
    ivig,
    /** The protocol the IVIG rule used: the IgG chart draws its threshold from here. */
    ivigProtocol: resolveIvigProtocol(protocol),
    /** The dose a new plan would get: weight × g/kg, rounded to the stocked vials (ivig.ts). */
    plannedDose: ivigDose(patient.weight_kg, protocol),
    doses: doseStates.map((d) => {
      const row = doses.find((r) => String(r.id) === d.id);
      return { ...d, plannedDoseG: row?.planned_dose_g ?? null, planWarning: row?.plan_warning ?? null };
    }),
    iggChecks: checks,
    ivigStop: stop,
    alerts,
    // visitFactId: the milestone_visits row to mark entered-in-error when undoing "done".
    milestones: milestones.map((m) => ({ ...m, visitFactId: m.visitId === null ? null : Number(m.visitId) })),
    autoantibodies,
    remission,
    immunosuppressantStops: stops.map((s) => ({ id: s.id, drug: s.drug, stoppedAt: s.stopped_at })),
    remissionAssessments: remissions.map((r) => ({
      id: r.id,
      at: r.assessed_at,
      inRemission: r.in_remission === 1,
      note: r.note,
    })),
    diseaseRemission: ofDisease,
    diseaseScores: diseaseScores.map(diseaseScoreDto),
    infections: infections.map((i) => ({
      id: i.id,
      onsetAt: i.onset_at,
      site: i.site,
      organism: i.organism,
      bacterial: i.bacterial === 1,
      ctcaeGrade: i.ctcae_grade,
      hospitalised: i.hospitalised === 1,
      note: i.note,
    })),
    licats: {
      events: licats.map((e) => ({
        id: e.id,
        organ: e.organ,
        onsetAt: e.onset_at,
        resolvedAt: e.resolved_at,
        grade: e.grade,
        treatment: e.treatment,
      })),
      hints,
    },
  } satisfies FollowUpPicture;
}
