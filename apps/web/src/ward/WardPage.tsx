import type { Patient } from '@cellwatch/contracts';
import { useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import { dayLabel, diagnosisLabel, productLabel, statusLabel } from '../format/clinical.ts';
import { formatLocalDate, formatLocalDateTime } from '../format/time.ts';
import { EmptyState, ErrorState, LoadingState } from '../ui/states.tsx';
import { TableScroller } from '../ui/TableScroller.tsx';
import { wardPatientsQuery } from './queries.ts';

/** Lets a cell wrap between words only: "CD19 CAR-T" never breaks after its hyphen. */
function WrapAtSpaces({ text }: { text: string }) {
  const words = text.split(' ');
  return words.map((word, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: the words of a fixed label never reorder.
    <Fragment key={i}>
      {i > 0 && ' '}
      <span className="nowrap">{word}</span>
    </Fragment>
  ));
}

function PatientRow({ patient }: { patient: Patient }) {
  const day = dayLabel(patient.infusionAt);
  return (
    <tr>
      <th scope="row">
        <span className="cell-title">
          {patient.familyName}, {patient.givenName}
        </span>
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
        {day ? (
          <>
            <strong className="nowrap">{day}</strong>
            {patient.infusionAt && (
              <span className="cell-sub" title={`Infused ${formatLocalDateTime(patient.infusionAt)}`}>
                Infused {formatLocalDate(patient.infusionAt)}
              </span>
            )}
          </>
        ) : (
          <span className="muted">Not infused yet</span>
        )}
      </td>
      <td>{diagnosisLabel(patient.diagnosis)}</td>
      <td>
        <WrapAtSpaces text={productLabel(patient.product)} />
      </td>
      <td>{statusLabel(patient.status)}</td>
    </tr>
  );
}

function WardList() {
  const ward = useQuery(wardPatientsQuery());
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
  if (patients.length === 0) {
    return (
      <EmptyState title="No patients under active monitoring">
        <p>Patients appear here from their infusion until monitoring ends.</p>
      </EmptyState>
    );
  }
  return (
    <>
      <p className="muted" aria-live="polite">
        {patients.length} {patients.length === 1 ? 'patient' : 'patients'} under active monitoring, by name.
      </p>
      <TableScroller label="Ward list">
        <table className="table">
          <caption className="visually-hidden">Patients under active monitoring</caption>
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Day</th>
              <th scope="col">Diagnosis</th>
              <th scope="col">Product</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {patients.map((patient) => (
              <PatientRow key={patient.id} patient={patient} />
            ))}
          </tbody>
        </table>
      </TableScroller>
    </>
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
