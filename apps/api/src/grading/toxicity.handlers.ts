import { type CoursePoint, gradeEarlyIcaht, type IecHsSignal, RULE_VERSION } from '@cellwatch/clinical';
import type { Toxicity } from '@cellwatch/contracts';
import { notEnteredInError } from '../db/entered-in-error.ts';
import { resourceRouter } from '../http/routes.ts';
import { readPatientRecord } from '../patients/record.ts';
import { factDetails } from './fact-details.ts';
import { gradesOfRecord, gradesOfRecordOf } from './grade-of-record.ts';
import { patientIecHs } from './iec-hs.ts';
import { groupByInfusion, infusionHeaders } from './infusion-courses.ts';
import { currentToxicity } from './toxicity.routes.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function momentView(point: CoursePoint, syndrome: 'crs' | 'icans') {
  const m = point[syndrome];
  return {
    grade: m.grade,
    at: iso(point.at),
    day: point.day,
    reasons: m.reasons,
    factIds: m.factIds,
    missing: m.missing.map((x) => ({ ...x, lastAt: iso(x.lastAt) })),
    episode: m.episode,
    ...('feverNoLongerRequired' in m && { feverNoLongerRequired: m.feverNoLongerRequired }),
    ruleVersion: point.ruleVersion,
  };
}

const iecHsView = (signal: IecHsSignal | null) =>
  signal && { ...signal, since: iso(signal.since), metAt: iso(signal.metAt) };

/**
 * The patient's toxicity picture: the current CRS and ICANS grade with the reasons, the facts
 * behind them (value, time, who) and what is missing or stale; episodes; daily maxima; the
 * review status of the latest grade change; the grades of record (signed where signed, with the
 * computed grade beside them: grade-of-record.ts); early ICAHT from the ANC series; the IEC-HS
 * watch signal with its basis (never a grade).
 */
export const toxicityRoutes = resourceRouter().openapi(currentToxicity, async (c) => {
  const { id } = c.req.valid('param');
  const { regrader } = c.var.services;
  const body = await readPatientRecord(c, id, 'toxicity', async (trx, patient) => {
    const course = await regrader.courseOf(trx, patient);
    const anc = await trx
      .selectFrom('lab_results')
      .select(['id', 'collected_at_ms', 'value'])
      .where('patient_id', '=', id)
      .where('analyte', '=', 'anc')
      .where(notEnteredInError('lab_results'))
      .orderBy('collected_at_ms')
      .execute();
    const icaht =
      patient.infusion_at === null
        ? null
        : gradeEarlyIcaht(
            anc.map((r) => ({ id: `lab_results:${r.id}`, at: r.collected_at_ms, ancPerUl: r.value })),
            Date.parse(patient.infusion_at),
            { dayNumbering: regrader.dayNumbering },
          );
    const latestReview = await trx
      .selectFrom('grade_changes')
      .selectAll()
      .where('patient_id', '=', id)
      .where('status', '!=', 'superseded')
      .orderBy('at_ms', 'desc')
      .orderBy('id', 'desc')
      .execute();
    const reviewOf = (syndrome: 'crs' | 'icans') => {
      const row = latestReview.find((r) => r.syndrome === syndrome);
      return row
        ? {
            gradeChangeId: row.id,
            status: row.status,
            toGrade: row.to_grade,
            at: row.at,
            returnedReason: row.returned_reason,
          }
        : null;
    };
    const graded = async (crs: number | null, icans: number | null) =>
      gradesOfRecordOf(await gradesOfRecord(trx, [{ id, crs, icans }]), id);
    if (!course) {
      return {
        patientId: id,
        infusionAt: null,
        ruleVersion: RULE_VERSION,
        current: null,
        facts: {},
        episodes: { crs: [], icans: [] },
        infusions: [],
        dailyMax: [],
        review: { crs: null, icans: null },
        grades: await graded(null, null),
        icaht,
        iecHs: null,
      } satisfies Toxicity;
    }
    const count = course.pointCount();
    const latest = count ? course.pointAt(count - 1) : null;
    const result = course.result();
    const current = latest ? { crs: momentView(latest, 'crs'), icans: momentView(latest, 'icans') } : null;
    const usedIds = latest ? [...latest.crs.factIds, ...latest.icans.factIds] : [];
    const { crsEpisodes, icansEpisodes } = result;
    const headers = await infusionHeaders(trx, patient);
    const episodeView = (e: (typeof crsEpisodes)[number]) => ({
      ...e,
      onsetAt: iso(e.onsetAt),
      maxGradeAt: iso(e.maxGradeAt),
      feverNoLongerRequiredFrom: iso(e.feverNoLongerRequiredFrom),
      resolvedAt: iso(e.resolvedAt),
      resolutionConfirmedAt: iso(e.resolutionConfirmedAt),
      durationHours: e.durationMs === null ? null : Math.round((e.durationMs / 3_600_000) * 10) / 10,
    });
    return {
      patientId: id,
      infusionAt: patient.infusion_at,
      ruleVersion: RULE_VERSION,
      current,
      facts: await factDetails(trx, usedIds),
      episodes: { crs: crsEpisodes.map(episodeView), icans: icansEpisodes.map(episodeView) },
      infusions: groupByInfusion(
        headers,
        { crs: crsEpisodes.map(episodeView), icans: icansEpisodes.map(episodeView) },
        regrader.dayNumbering,
      ),
      dailyMax: result.dailyMax.map((d) => ({
        ...d,
        crsMaxAt: iso(d.crsMaxAt),
        icansMaxAt: iso(d.icansMaxAt),
      })),
      review: { crs: reviewOf('crs'), icans: reviewOf('icans') },
      grades: await graded(latest?.crs.grade ?? null, latest?.icans.grade ?? null),
      icaht,
      iecHs: iecHsView(await patientIecHs(trx, patient, course)),
    } satisfies Toxicity;
  });
  return c.json(body, 200);
});
