import { LabPanelRequest } from '@cellwatch/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import type { z } from 'zod';
import { queryKeys } from '../api/query-keys.ts';
import { fieldError } from '../bedside/shared.tsx';
import { formatLocalDateTime } from '../format/time.ts';
import { useRequestForm } from '../forms/request-form.ts';
import { labsQuery } from '../patient/queries.ts';
import { FormInput } from './follow-up-form.tsx';
import { useFollowUpWrite } from './follow-up-write.tsx';
import { SaveRow } from './QuerySection.tsx';
import { localInputToIso, nowLocalInput } from './queries.ts';

type Entry = { collectedAt: string; load: string; notDetected: boolean };

/**
 * Chart a CMV PCR result as a lab (CMV DNA, IU/mL; "not detected" is charted as 0), checked by the
 * lab panel contract before it is sent; the prophylaxis view and the lab list refresh after it.
 */
function CmvPcrForm({ patientId }: { patientId: number }) {
  const id = useId();
  const queryClient = useQueryClient();
  const write = useFollowUpWrite(patientId);
  const request = useRequestForm({
    schema: LabPanelRequest,
    defaultValues: { collectedAt: nowLocalInput(), load: '', notDetected: false },
    toRequest: (v: Entry): z.input<typeof LabPanelRequest> => ({
      collectedAt: localInputToIso(v.collectedAt),
      results: [
        {
          analyte: 'cmv_dna',
          value: v.notDetected ? 0 : Number(v.load.trim().replace(',', '.') || Number.NaN),
        },
      ],
    }),
    mutation: write,
    send: (body) =>
      write.mutate(
        { path: 'labs', body },
        {
          onSuccess: () => {
            request.form.reset({ collectedAt: nowLocalInput(), load: '', notDetected: false });
            queryClient.invalidateQueries({ queryKey: queryKeys.labs(patientId) });
          },
        },
      ),
  });
  const err = (path: string) => fieldError(request.error, path);
  return (
    <form
      className="fu-inline-form"
      onSubmit={request.onSubmit}
      noValidate
      aria-label="Chart a CMV PCR result"
    >
      <FormInput
        id={`${id}-collectedAt`}
        label="Sample taken"
        type="datetime-local"
        registration={request.form.register('collectedAt')}
        error={err('collectedAt')}
      />
      <FormInput
        id={`${id}-load`}
        label="CMV DNA (IU/mL)"
        type="text"
        registration={request.form.register('load')}
        error={err('results.0.value')}
      />
      <div className="fu-checks">
        <label>
          <input type="checkbox" {...request.form.register('notDetected')} /> Not detected
        </label>
      </div>
      <SaveRow error={request.error} pending={write.isPending} label="Add CMV PCR result" />
    </form>
  );
}

/** CMV PCR: whether monitoring is indicated (the steroid course) and the results charted, newest first. */
export function CmvPcrPanel({ patientId, reason }: { patientId: number; reason: string }) {
  const labs = useQuery(labsQuery(patientId));
  const results = (labs.data?.results ?? [])
    .filter((r) => r.analyte === 'cmv_dna' && !r.enteredInError)
    .sort((a, b) => Date.parse(b.collectedAt) - Date.parse(a.collectedAt));
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId}>CMV PCR</h3>
      <p>{reason.charAt(0).toUpperCase() + reason.slice(1)}</p>
      {labs.isError ? (
        <p className="muted">The CMV PCR results could not be loaded.</p>
      ) : results.length === 0 ? (
        <p className="muted">{labs.isPending ? 'Loading CMV PCR results…' : 'No CMV PCR result charted.'}</p>
      ) : (
        <ul className="fu-plain" aria-label="CMV PCR results">
          {results.map((r) => (
            <li key={r.id}>
              {formatLocalDateTime(r.collectedAt)}:{' '}
              {r.value > 0 ? <strong>detected, {r.value} IU/mL</strong> : 'not detected'}
            </li>
          ))}
        </ul>
      )}
      <CmvPcrForm patientId={patientId} />
    </section>
  );
}
