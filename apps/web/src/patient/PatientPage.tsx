import { Link } from 'react-router';
import { PatientDetailsForm } from '../patients/PatientDetailsForm.tsx';
import { FactTables } from './FactTables.tsx';
import { GradePanel } from './GradePanel.tsx';
import { InfusionEpisodes } from './InfusionEpisodes.tsx';
import { PatientHeader, usePatientId } from './PatientHeader.tsx';
import { TimelinePanel } from './Timeline.tsx';
import './clinical-ui.css';
import './patient.css';

export function PatientPage() {
  const id = usePatientId();
  if (id === null) return <p>There is no patient at this address.</p>;
  return (
    <section className="stack patient" aria-labelledby="patient-title">
      <p>
        <Link to="/ward">← Ward</Link>
      </p>
      <PatientHeader patientId={id} />
      <GradePanel patientId={id} />
      <InfusionEpisodes patientId={id} />
      <TimelinePanel patientId={id} />
      <FactTables patientId={id} />
      <PatientDetailsForm patientId={id} />
    </section>
  );
}
