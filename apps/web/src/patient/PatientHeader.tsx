import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useUnitTimeZone } from '../auth/unit-time-zone.ts';
import { useSignedInUser } from '../auth/user-context.ts';
import { dayLabel, diagnosisLabel, productLabel, statusLabel } from '../format/clinical.ts';
import { formatLocalDateTime } from '../format/time.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { GradeOfRecordBadge } from './GradeOfRecord.tsx';
import { patientAlertCountQuery, patientQuery, toxicityQuery } from './queries.ts';
import './clinical-ui.css';
import './patient.css';

/** The patient of the address (/patients/:id…), or null when it names none. */
export function usePatientId(): number | null {
  const { id } = useParams();
  const n = Number(id);
  return Number.isInteger(n) && n > 0 ? n : null;
}

export function PatientHeader({ patientId }: { patientId: number }) {
  const user = useSignedInUser();
  const patient = useQuery(patientQuery(patientId));
  const alerts = useQuery(patientAlertCountQuery(patientId));
  // The grades of record (signed where signed): the same query as the grade panel's.
  const grades = useQuery(toxicityQuery(patientId)).data?.grades;
  const timeZone = useUnitTimeZone();
  if (patient.isPending) return <LoadingState label="Loading the patient…" />;
  if (patient.isError) {
    return (
      <ErrorState
        title="The patient could not be loaded"
        error={patient.error}
        onRetry={() => patient.refetch()}
      />
    );
  }
  const p = patient.data.patient;
  const name = `${p.familyName}, ${p.givenName}`;
  const alertCount = alerts.data?.alerts.length;
  return (
    <header className="patient-head card">
      <title>{`${name} · CellWatch`}</title>
      <div className="patient-head__main">
        <h1 id="patient-title">{name}</h1>
        <p className="patient-head__facts">
          <span>MRN {p.mrn}</span>
          <strong>{dayLabel(p.infusionAt, Date.now(), timeZone) ?? 'Not infused yet'}</strong>
          <span>{productLabel(p.product)}</span>
          <span>{diagnosisLabel(p.diagnosis)}</span>
          <span>{p.weightKg} kg</span>
          <span>{statusLabel(p.status)}</span>
          {p.isDemo && <span className="tag">DEMO</span>}
        </p>
        {p.infusionAt && <p className="muted small">Infused {formatLocalDateTime(p.infusionAt)}</p>}
        {grades && grades.crs.computedGrade !== null && (
          <p className="patient-head__grades">
            <span className="visually-hidden">Current grades: </span>
            <GradeOfRecordBadge syndrome="CRS" grade={grades.crs} />
            <GradeOfRecordBadge syndrome="ICANS" grade={grades.icans} />
          </p>
        )}
      </div>
      <div className="patient-head__side">
        <p
          className={alertCount ? 'patient-head__alerts patient-head__alerts--open' : 'patient-head__alerts'}
        >
          {alertCount === undefined
            ? 'Alerts…'
            : `${alertCount} open ${alertCount === 1 ? 'alert' : 'alerts'}`}
        </p>
        {(user.role === 'nurse' || user.role === 'hematologist') && (
          <Link className="button button--primary" to={`/patients/${patientId}/bedside`}>
            Chart at the bedside
          </Link>
        )}
      </div>
    </header>
  );
}
