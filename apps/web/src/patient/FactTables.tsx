import { EnteredInErrorRequest, type Role } from '@cellwatch/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useId, useState } from 'react';
import type { z } from 'zod';
import { ApiError, apiRequest, describeError } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';
import { useSignedInUser } from '../auth/user-context.ts';
import { formatLocalDateTime } from '../format/time.ts';
import { useRequestForm } from '../forms/request-form.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { TableScroller } from '../ui/TableScroller.tsx';
import { oxygenLabel } from './clinical-ui.tsx';
import { labsQuery, medicationsQuery, neuroQuery, vitalsQuery } from './queries.ts';

type EnteredInError = { reason: string; by: { displayName: string }; at: string } | null;
type Kind = 'vitals' | 'neuro-assessments' | 'medications' | 'labs';

function EnteredInErrorAction({
  patientId,
  kind,
  factId,
  what,
}: {
  patientId: number;
  kind: Kind;
  factId: number;
  what: string;
}) {
  const [open, setOpen] = useState(false);
  const errorId = useId();
  const queryClient = useQueryClient();
  const mark = useMutation({
    mutationFn: (body: z.input<typeof EnteredInErrorRequest>) =>
      apiRequest(`/api/patients/${patientId}/${kind}/${factId}/entered-in-error`, { body }),
    onSuccess: () => {
      setOpen(false);
      form.reset();
      queryClient.invalidateQueries({ queryKey: queryKeys.patient(patientId) });
      queryClient.invalidateQueries({ queryKey: queryKeys.ward() });
    },
  });
  const { form, onSubmit, error } = useRequestForm({
    schema: EnteredInErrorRequest,
    defaultValues: { reason: '' },
    toRequest: (values: { reason: string }) => ({ reason: values.reason.trim() }),
    mutation: mark,
    send: (body) => mark.mutate(body),
  });
  if (!open) {
    return (
      <button type="button" className="button button--danger-quiet" onClick={() => setOpen(true)}>
        Mark entered in error<span className="visually-hidden">: {what}</span>
      </button>
    );
  }
  // Refused before sending (too short, or characters a record must not hold), or by the server.
  const refused = form.formState.errors.reason;
  const reasonError = refused
    ? refused.type === 'too_small'
      ? 'Give the reason in at least 5 characters.'
      : refused.message
    : error instanceof ApiError
      ? (error.fieldMessage('reason') ?? describeError(error))
      : error
        ? describeError(error)
        : undefined;
  const aboutReason = refused || (error instanceof ApiError && error.fieldMessage('reason'));
  return (
    <form className="eie-form" onSubmit={onSubmit} noValidate>
      <label>
        Reason (at least 5 characters)
        <input
          {...form.register('reason')}
          // biome-ignore lint/a11y/noAutofocus: the reason field is what the user just asked for.
          autoFocus
          maxLength={500}
          aria-invalid={aboutReason ? true : undefined}
          aria-describedby={reasonError ? errorId : undefined}
        />
      </label>
      {reasonError ? (
        <p className="field__error" id={errorId}>
          {reasonError}
        </p>
      ) : null}
      <div className="row-actions">
        <button type="submit" className="button button--danger" disabled={mark.isPending}>
          {mark.isPending ? 'Marking…' : 'Confirm entered in error'}
        </button>
        <button type="button" className="button button--quiet" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function EieCell({
  eie,
  canMark,
  ...props
}: {
  eie: EnteredInError;
  canMark: boolean;
  patientId: number;
  kind: Kind;
  factId: number;
  what: string;
}) {
  if (eie) {
    return (
      <td>
        <span className="eie-reason">
          Entered in error: “{eie.reason}” — {eie.by.displayName}, {formatLocalDateTime(eie.at)}
        </span>
      </td>
    );
  }
  return <td>{canMark ? <EnteredInErrorAction {...props} /> : null}</td>;
}

function FactTable({
  title,
  headers,
  children,
  count,
}: {
  title: string;
  headers: string[];
  children: ReactNode;
  count: number;
}) {
  return (
    <details className="fact-table" open={title === 'Vital signs'}>
      <summary>
        <h3>
          {title} ({count})
        </h3>
      </summary>
      {count === 0 ? (
        <p className="muted">Nothing charted.</p>
      ) : (
        <TableScroller label={title}>
          <table className="table table--dense">
            <caption className="visually-hidden">{title}, newest first</caption>
            <thead>
              <tr>
                {headers.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </TableScroller>
      )}
    </details>
  );
}

const BEDSIDE: readonly Role[] = ['nurse', 'hematologist'];
const v = (n: number | null, unit: string) => (n === null ? '—' : `${n} ${unit}`);

export function FactTables({ patientId }: { patientId: number }) {
  const user = useSignedInUser();
  const bedside = BEDSIDE.includes(user.role);
  const vitals = useQuery(vitalsQuery(patientId));
  const neuro = useQuery(neuroQuery(patientId));
  const meds = useQuery(medicationsQuery(patientId));
  const labs = useQuery(labsQuery(patientId));
  const pending = vitals.isPending || neuro.isPending || meds.isPending || labs.isPending;
  const error = vitals.error ?? neuro.error ?? meds.error ?? labs.error;
  if (pending) return <LoadingState label="Loading charted data…" />;
  if (error || !vitals.data || !neuro.data || !meds.data || !labs.data) {
    return <ErrorState title="Charted data could not be loaded" error={error} />;
  }
  const common = { patientId };
  return (
    <section className="stack" aria-labelledby="data-title">
      <h2 id="data-title">Charted data</h2>
      <FactTable
        title="Vital signs"
        count={vitals.data.vitals.length}
        headers={['Taken', 'T', 'HR', 'BP', 'RR', 'SpO2', 'Oxygen', 'Flags', 'By', '']}
      >
        {vitals.data.vitals.map((r) => (
          <tr key={r.id} className={r.enteredInError ? 'struck' : undefined}>
            <th scope="row">{formatLocalDateTime(r.takenAt)}</th>
            <td className="nowrap">{v(r.temperatureC, '°C')}</td>
            <td className="nowrap">{v(r.heartRate, '/min')}</td>
            <td className="nowrap">
              {r.systolic === null ? '—' : `${r.systolic}/${r.diastolic ?? '—'} mmHg`}
            </td>
            <td className="nowrap">{v(r.respiratoryRate, '/min')}</td>
            <td className="nowrap">{v(r.spo2, '%')}</td>
            <td>
              {oxygenLabel(r.oxygenDevice, r.oxygenFlowLpm)}
              {r.oxygenForComfort ? ' (for comfort only)' : ''}
            </td>
            <td>{r.flags.map((f) => f.message).join('; ')}</td>
            <td>{r.recordedBy.displayName}</td>
            <EieCell
              {...common}
              eie={r.enteredInError}
              canMark={bedside}
              kind="vitals"
              factId={r.id}
              what={`vital set of ${formatLocalDateTime(r.takenAt)}`}
            />
          </tr>
        ))}
      </FactTable>
      <FactTable
        title="Neurological assessments"
        count={neuro.data.assessments.length}
        headers={['Assessed', 'ICE', 'Consciousness', 'Seizure', 'Motor', 'ICP', 'By', '']}
      >
        {neuro.data.assessments.map((r) => (
          <tr key={r.id} className={r.enteredInError ? 'struck' : undefined}>
            <th scope="row">{formatLocalDateTime(r.assessedAt)}</th>
            <td className="nowrap">
              {r.iceScore !== null
                ? `${r.iceScore}/10`
                : r.iceNotPerformedReason
                  ? `Not performed (${r.iceNotPerformedReason.replaceAll('_', ' ')})`
                  : 'Not recorded'}
            </td>
            <td>{r.consciousness.replaceAll('_', ' ')}</td>
            <td>{r.seizure.replaceAll('_', ' ')}</td>
            <td>{r.motorWeakness.replaceAll('_', ' ')}</td>
            <td>{r.raisedIcp.replaceAll('_', ' ')}</td>
            <td>{r.recordedBy.displayName}</td>
            <EieCell
              {...common}
              eie={r.enteredInError}
              canMark={bedside}
              kind="neuro-assessments"
              factId={r.id}
              what={`neuro assessment of ${formatLocalDateTime(r.assessedAt)}`}
            />
          </tr>
        ))}
      </FactTable>
      <FactTable
        title="Medications"
        count={meds.data.medications.length}
        headers={['Given', 'Drug', 'Dose', 'Route', 'Override reason', 'By', '']}
      >
        {meds.data.medications.map((r) => (
          <tr key={r.id} className={r.enteredInError ? 'struck' : undefined}>
            <th scope="row">{formatLocalDateTime(r.givenAt)}</th>
            <td>{r.drug}</td>
            <td className="nowrap">
              {r.dose} {r.doseUnit}
            </td>
            <td>{r.route ?? '—'}</td>
            <td>{r.overrideReason ?? ''}</td>
            <td>{r.recordedBy.displayName}</td>
            <EieCell
              {...common}
              eie={r.enteredInError}
              canMark={bedside}
              kind="medications"
              factId={r.id}
              what={`${r.drug} of ${formatLocalDateTime(r.givenAt)}`}
            />
          </tr>
        ))}
      </FactTable>
      <FactTable
        title="Lab results"
        count={labs.data.results.length}
        headers={['Collected', 'Analyte', 'Value', 'Flags', 'By', '']}
      >
        {labs.data.results.map((r) => (
          <tr key={r.id} className={r.enteredInError ? 'struck' : undefined}>
            <th scope="row">{formatLocalDateTime(r.collectedAt)}</th>
            <td>{r.analyte}</td>
            <td className="nowrap">
              {r.value} {r.unit}
            </td>
            <td>{r.flags.map((f) => f.message).join('; ')}</td>
            <td>{r.recordedBy.displayName}</td>
            <EieCell
              {...common}
              eie={r.enteredInError}
              canMark
              kind="labs"
              factId={r.id}
              what={`${r.analyte} of ${formatLocalDateTime(r.collectedAt)}`}
            />
          </tr>
        ))}
      </FactTable>
    </section>
  );
}
