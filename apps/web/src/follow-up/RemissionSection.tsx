import type { FollowUpPicture as FollowUp } from '@cellwatch/contracts';
import { formatDayNumber } from '../format/clinical.ts';
import { formatLocalDate } from '../format/time.ts';
import { InfusionList } from '../patient/InfusionEpisodes.tsx';
import { DiseaseRemissionSummary } from './DiseaseRemissionSummary.tsx';
import { DiseaseScoreForm } from './DiseaseScoreForm.tsx';
import { FollowUpSection, Reasons } from './FollowUpSection.tsx';
import { ScoreCourseChart } from './ScoreCourseChart.tsx';
import { StatusTag } from './StatusTag.tsx';

/**
 * Disease activity and remission: whether the protocol's remission definition holds, with its
 * basis; each score course of the patient's disease; the infusion episodes (each Day 0 and its
 * CRS/ICANS), so a re-treatment is seen beside the course; immunosuppressants stopped; drug-free
 * remission; each autoantibody's course; and the form to chart a score.
 */
export function RemissionSection({ patientId, data }: { patientId: number; data: FollowUp }) {
  const disease = data.diseaseRemission;
  const charted = disease.courses.filter((c) => c.points.length > 0 || disease.instruments.includes(c.kind));
  return (
    <FollowUpSection title="Disease activity, autoantibodies and remission">
      <DiseaseRemissionSummary remission={disease} />
      {charted.map((c) =>
        c.points.length === 0 ? (
          <p key={c.kind} className="muted">
            No {c.label} charted.
          </p>
        ) : (
          <ScoreCourseChart
            key={c.kind}
            course={{ title: c.label, range: { min: c.min, max: c.max }, points: c.points }}
            infusionAt={data.infusionAt}
          />
        ),
      )}
      <section aria-labelledby={`remission-infusions-${patientId}`}>
        <h3 id={`remission-infusions-${patientId}`}>Infusion episodes</h3>
        <InfusionList patientId={patientId} />
      </section>
      <h3>Immunosuppressants stopped</h3>
      {data.immunosuppressantStops.length === 0 ? (
        <p className="muted">None recorded.</p>
      ) : (
        <ul className="fu-plain" aria-label="Immunosuppressants stopped">
          {data.immunosuppressantStops.map((s) => (
            <li key={s.id}>
              <strong>{s.drug}</strong> stopped {formatLocalDate(s.stoppedAt)}
            </li>
          ))}
        </ul>
      )}
      <p className="fu-big">
        <StatusTag status={data.remission.status} /> Remission: {data.remission.status.replaceAll('_', ' ')}
        {data.remission.since && <> since {formatLocalDate(data.remission.since)}</>}
      </p>
      <Reasons reasons={data.remission.reasons} />
      <h3>Autoantibodies</h3>
      {data.autoantibodies.length === 0 ? (
        <p className="muted">No autoantibody results.</p>
      ) : (
        <ul className="fu-plain">
          {data.autoantibodies.map((a) => (
            <li key={a.antibody}>
              <strong>{a.antibody}</strong>: {serologyLabel(a)}
              {a.change && (
                <>
                  {' '}
                  ({a.change.from} → {a.change.to}, {a.change.percent > 0 ? '+' : ''}
                  {Math.round(a.change.percent)}%)
                </>
              )}
              <span className="cell-sub">
                {a.points
                  .map(
                    (p) =>
                      `${p.day === null ? formatLocalDate(p.at) : formatDayNumber(p.day)}: ${p.value ?? (p.negative ? 'negative' : '—')}`,
                  )
                  .join(' · ')}
              </span>
              {a.points.some((p) => p.value !== null) && (
                <ScoreCourseChart
                  course={{ title: a.antibody, points: a.points }}
                  infusionAt={data.infusionAt}
                />
              )}
              <Reasons reasons={a.reasons} />
            </li>
          ))}
        </ul>
      )}
      <h3>Chart a disease activity score</h3>
      <DiseaseScoreForm patientId={patientId} instruments={disease.instruments} />
    </FollowUpSection>
  );
}

/** The serology status in words; results that no cut-off or flag classifies are not "no data". */
function serologyLabel(a: FollowUp['autoantibodies'][number]): string {
  if (a.status === 'no_data' && a.points.length > 0) return 'not classified (no cut-off)';
  return a.status.replaceAll('_', ' ');
}
