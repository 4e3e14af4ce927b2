import type { FollowUpPicture as FollowUp } from '@cellwatch/contracts';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useUnitTimeZone } from '../auth/unit-time-zone.ts';
import { LabForm } from '../bedside/LabForm.tsx';
import { dayLabel } from '../format/clinical.ts';
import { formatLocalDate } from '../format/time.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { BCellSection } from './BCellSection.tsx';
import { FollowUpSection } from './FollowUpSection.tsx';
import { InfectionsSection } from './InfectionsSection.tsx';
import { IvigRecommendationSection } from './IvigRecommendationSection.tsx';
import { IvigScheduleSection } from './IvigScheduleSection.tsx';
import { MalignancySection } from './MalignancySection.tsx';
import { MilestonesTable } from './MilestonesSection.tsx';
import { ProphylaxisSection } from './ProphylaxisSection.tsx';
import { followUpPatientQuery, followUpQuery } from './queries.ts';
import { RemissionSection } from './RemissionSection.tsx';
import { VaccinesSection } from './VaccinesSection.tsx';
import './follow-up.css';

/**
 * The follow-up picture, one section per topic: a new section is its own file, mounted here with
 * one line.
 */
function FollowUpBody({ patientId, data }: { patientId: number; data: FollowUp }) {
  return (
    <div className="fu-grid-layout">
      <BCellSection data={data} />
      <IvigRecommendationSection data={data} />
      <IvigScheduleSection patientId={patientId} data={data} />
      <InfectionsSection patientId={patientId} data={data} />
      <RemissionSection patientId={patientId} data={data} />
      <FollowUpSection title="Milestones">
        <MilestonesTable patientId={patientId} milestones={data.milestones} />
      </FollowUpSection>
      <MalignancySection patientId={patientId} />
    </div>
  );
}

export function FollowUpPatientPage() {
  const params = useParams();
  const patientId = Number(params.id);
  const patient = useQuery({ ...followUpPatientQuery(patientId), enabled: Number.isInteger(patientId) });
  const followUp = useQuery({ ...followUpQuery(patientId), enabled: Number.isInteger(patientId) });
  const p = patient.data?.patient;
  const name = p ? `${p.familyName}, ${p.givenName}` : 'Patient';
  const timeZone = useUnitTimeZone();
  const day = p ? dayLabel(p.infusionAt, Date.now(), timeZone) : null;
  return (
    <section className="stack" aria-labelledby="fu-title">
      <title>{`Follow-up: ${name} · CellWatch`}</title>
      <p>
        <Link to="/follow-up">← Follow-up worklist</Link>
      </p>
      <div className="page-head">
        <h1 id="fu-title">Follow-up: {name}</h1>
        {p && (
          <p className="muted">
            MRN {p.mrn}
            {day && (
              <>
                {' '}
                · <strong>{day}</strong>
              </>
            )}
            {p.infusionAt && <> · infused {formatLocalDate(p.infusionAt)}</>}
            {p.weightKg != null && <> · {p.weightKg} kg</>}
            {' · '}
            <Link to={`/patients/${patientId}`}>Patient page</Link>
          </p>
        )}
      </div>
      {followUp.isPending ? (
        <LoadingState label="Loading the follow-up picture…" />
      ) : followUp.isError ? (
        <ErrorState
          title="The follow-up picture could not be loaded"
          error={followUp.error}
          onRetry={() => followUp.refetch()}
        />
      ) : (
        <FollowUpBody patientId={patientId} data={followUp.data} />
      )}
      {Number.isInteger(patientId) && <ProphylaxisSection patientId={patientId} />}
      {Number.isInteger(patientId) && <VaccinesSection patientId={patientId} />}
      {Number.isInteger(patientId) && <LabForm patientId={patientId} />}
    </section>
  );
}
