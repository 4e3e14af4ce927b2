import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { diagnosisLabel, productLabel } from '../format/clinical.ts';
import { formatLocalDateTime } from '../format/time.ts';
import { dayText, dueText, oxygenLabel, SeverityBadge, timeAgo } from '../patient/clinical-ui.tsx';
import '../patient/clinical-ui.css';
import type { WardPatient } from '@cellwatch/contracts';
import { GradeOfRecordBadge } from '../patient/GradeOfRecord.tsx';
import { EmptyState, ErrorState, LoadingState } from '../ui/states.tsx';
import { TableScroller } from '../ui/TableScroller.tsx';
import { wardQuery } from './queries.ts';
import './ward.css';

type Diagnosis = Parameters<typeof diagnosisLabel>[0];
type Product = Parameters<typeof productLabel>[0];

function safeLabel<T extends string>(fn: (v: T) => string, value: string): string {
  try {
    return fn(value as T) ?? value;
  } catch {
    return value;
  }
}

function Vitals({ patient, now }: { patient: WardPatient; now: number }) {
  const v = patient.latestVitals;
  if (!v) return <span className="muted">No vitals charted</span>;
  const fever = v.temperature_c != null && v.temperature_c >= 38;
  return (
    <div className="ward-vitals">
      <span className={fever ? 'ward-vitals__alarm' : undefined}>
        T {v.temperature_c ?? '—'} °C{fever && ' (fever)'}
      </span>
      <span>HR {v.heart_rate ?? '—'}/min</span>
      <span>
        BP {v.systolic ?? '—'}/{v.diastolic ?? '—'} mmHg
      </span>
      <span>SpO2 {v.spo2 ?? '—'} %</span>
      <span>{oxygenLabel(v.oxygen_device, v.oxygen_flow_lpm)}</span>
      <span className="cell-sub" title={formatLocalDateTime(v.taken_at)}>
        {timeAgo(v.taken_at_ms, now)}
      </span>
    </div>
  );
}

function NextDue({ patient, now }: { patient: WardPatient; now: number }) {
  const due = patient.nextDue;
  if (!due) return <span className="muted">No schedule</span>;
  if (!due.inWindow) return <span className="muted">Outside monitoring window</span>;
  const item = (label: string, at: string | null, overdue: boolean) =>
    at ? (
      <span className={overdue ? 'overdue' : undefined} title={formatLocalDateTime(at)}>
        {label}: {overdue ? <strong>OVERDUE</strong> : 'due'} {dueText(at, now)}
      </span>
    ) : (
      <span className="muted">{label}: not scheduled</span>
    );
  return (
    <div className="ward-due">
      {item('Vitals', due.vitalsDueAt, due.vitalsOverdue)}
      {item('ICE', due.iceDueAt, due.iceOverdue)}
    </div>
  );
}

/**
 * One patient. On a desktop and a landscape tablet a table row; on a phone the same row is laid
 * out as a card (ward.css), so grades, alerts and overdue checks are never off to the side. The
 * cells come in the order a nurse needs them: who, which Day, grades, alerts, next check, then
 * the latest vitals (the widest cell, last so it can wrap).
 */
function PatientRow({ patient, now }: { patient: WardPatient; now: number }) {
  const overdue = patient.nextDue?.vitalsOverdue || patient.nextDue?.iceOverdue;
  return (
    <tr data-ward-patient={patient.name} className={overdue ? 'ward-row ward-row--overdue' : 'ward-row'}>
      <th scope="row">
        <Link className="ward-name" to={`/patients/${patient.id}`}>
          {patient.name}
        </Link>
        <span className="cell-sub">
          <span className="nowrap">MRN {patient.mrn}</span>
          {patient.isDemo && (
            <span className="tag" title="Synthetic demo patient, not a real person">
              DEMO
            </span>
          )}
        </span>
      </th>
      <td>
        <strong className="nowrap">{dayText(patient.day)}</strong>
        <span className="cell-sub">{safeLabel<Diagnosis>(diagnosisLabel, patient.diagnosis)}</span>
        <span className="cell-sub">{safeLabel<Product>(productLabel, patient.product)}</span>
      </td>
      <td>
        <div className="ward-grades">
          <GradeOfRecordBadge syndrome="CRS" grade={patient.grades?.crs} fallback={patient.crsGrade} />
          <GradeOfRecordBadge syndrome="ICANS" grade={patient.grades?.icans} fallback={patient.icansGrade} />
        </div>
      </td>
      <td className="ward-alerts-cell" data-label="Alerts">
        {patient.openAlerts.count === 0 ? (
          <span className="muted">None open</span>
        ) : (
          <div className="ward-alerts">
            <span>{patient.openAlerts.count} open</span>
            <SeverityBadge severity={patient.openAlerts.highest} />
          </div>
        )}
      </td>
      <td className="ward-due-cell" data-label="Next check">
        <NextDue patient={patient} now={now} />
      </td>
      <td className="ward-vitals-cell" data-label="Latest vitals">
        <Vitals patient={patient} now={now} />
      </td>
    </tr>
  );
}

function WardList() {
  const ward = useQuery(wardQuery());
  if (ward.isPending) return <LoadingState label="Loading patients under active monitoring…" />;
  if (ward.isError) {
    return (
      <ErrorState
        title="The ward list could not be loaded"
        error={ward.error}
        onRetry={() => ward.refetch()}
      />
    );
  }
  const { patients } = ward.data;
  const now = Date.parse(ward.data.now) || Date.now();
  if (patients.length === 0) {
    return (
      <EmptyState title="No patients under active monitoring">
        <p>Patients appear here from their infusion until monitoring ends.</p>
      </EmptyState>
    );
  }
  return (
    <div className="ward-list stack">
      <p className="muted" aria-live="polite">
        {patients.length} {patients.length === 1 ? 'patient' : 'patients'} under active monitoring, sickest
        first. Updated {formatLocalDateTime(ward.data.now)}.
      </p>
      <TableScroller label="Ward list">
        <table className="table ward-table">
          <caption className="visually-hidden">Patients under active monitoring, by acuity</caption>
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Day · diagnosis · product</th>
              <th scope="col">Grades</th>
              <th scope="col">Alerts</th>
              <th scope="col">Next check</th>
              <th scope="col">Latest vitals</th>
            </tr>
          </thead>
          <tbody>
            {patients.map((patient) => (
              <PatientRow key={patient.id} patient={patient} now={now} />
            ))}
          </tbody>
        </table>
      </TableScroller>
    </div>
  );
}

export function WardPage() {
  return (
    <section className="stack" aria-labelledby="ward-title">
      <title>Ward · CellWatch</title>
      <h1 id="ward-title">Ward</h1>
      <WardList />
    </section>
  );
}
