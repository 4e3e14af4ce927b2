import {
  CellProductSchema,
  type InfusionCourse,
  InfusionEpisodeList,
  type Patient,
  RecordedInfusion,
  RecordInfusionRequest,
} from '@cellwatch/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';
import { useUnitTimeZone } from '../auth/unit-time-zone.ts';
import { useSignedInUser } from '../auth/user-context.ts';
import { fieldError, toInstant } from '../bedside/shared.tsx';
import { FormError } from '../follow-up/follow-up-write.tsx';
import { dayLabel, formatDayNumber, productLabel } from '../format/clinical.ts';
import { formatLocalDateTime } from '../format/time.ts';
import { useRequestForm } from '../forms/request-form.ts';
import { TextField } from '../ui/TextField.tsx';
import { toxicityQuery } from './queries.ts';

/**
 * A patient's infusion episodes (re-treatment): each infusion's Day 0 and product, the current
 * Day counted from the latest ("Day +N of infusion 2"), the CRS/ICANS episodes of each infusion
 * with onset Days from its own Day 0, and, for hematologists and coordinators, the form to
 * record a re-treatment.
 */
export const infusionsQuery = (id: number) =>
  queryOptions({
    queryKey: queryKeys.infusions(id),
    queryFn: ({ signal }) =>
      apiRequest(`/api/patients/${id}/infusions`, { schema: InfusionEpisodeList, signal }),
  });

const REASONS = {
  relapse: 'Relapse',
  insufficient_response: 'Insufficient response',
  re_treatment: 'Re-treatment',
};
const PRODUCT_CHOICES = CellProductSchema.options;

function CourseOf({ course }: { course: InfusionCourse }) {
  const all = [...course.episodes.crs, ...course.episodes.icans];
  if (all.length === 0) return <p className="muted small">No CRS or ICANS after this infusion.</p>;
  return (
    <ul className="small">
      {all.map((e) => (
        <li key={`${e.syndrome}-${e.index}`}>
          {e.syndrome} grade {e.maxGrade}, onset {formatDayNumber(e.onsetDay)} ({e.status})
        </li>
      ))}
    </ul>
  );
}

interface RetreatmentEntry {
  product: string;
  infusedAt: string;
  reason: string;
  lymphodepletionStart: string;
  note: string;
}

function RecordRetreatmentForm({ patientId }: { patientId: number }) {
  const queryClient = useQueryClient();
  const write = useMutation({
    mutationFn: (body: unknown) =>
      apiRequest(`/api/patients/${patientId}/infusions`, { method: 'POST', body, schema: RecordedInfusion }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.patient(patientId) }),
  });
  // Nothing pre-filled: a re-treatment's product, time and reason are entered deliberately.
  const { form, onSubmit, error } = useRequestForm({
    schema: RecordInfusionRequest,
    defaultValues: { product: '', infusedAt: '', reason: '', lymphodepletionStart: '', note: '' },
    mutation: write,
    send: (body) => write.mutate(body, { onSuccess: () => form.reset() }),
    toRequest: (v: RetreatmentEntry) => ({
      product: v.product as Patient['product'],
      infusedAt: toInstant(v.infusedAt) ?? v.infusedAt,
      reason: v.reason as keyof typeof REASONS,
      lymphodepletionStart: v.lymphodepletionStart || undefined,
      note: v.note.trim() || undefined,
    }),
  });
  const productId = useId();
  const reasonId = useId();
  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-label="Record a re-treatment">
      <div className="field">
        <label htmlFor={productId}>Product</label>
        <select id={productId} {...form.register('product')}>
          <option value="">Choose…</option>
          {PRODUCT_CHOICES.map((p) => (
            <option key={p} value={p}>
              {productLabel(p)}
            </option>
          ))}
        </select>
        {fieldError(error, 'product') && <p className="field__error">{fieldError(error, 'product')}</p>}
      </div>
      <TextField
        label="Infusion time (new Day 0)"
        type="datetime-local"
        error={fieldError(error, 'infusedAt')}
        {...form.register('infusedAt')}
      />
      <div className="field">
        <label htmlFor={reasonId}>Reason</label>
        <select id={reasonId} {...form.register('reason')}>
          <option value="">Choose…</option>
          {Object.entries(REASONS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        {fieldError(error, 'reason') && <p className="field__error">{fieldError(error, 'reason')}</p>}
      </div>
      <TextField
        label="Lymphodepletion start (optional)"
        type="date"
        error={fieldError(error, 'lymphodepletionStart')}
        {...form.register('lymphodepletionStart')}
      />
      <TextField label="Note (optional)" error={fieldError(error, 'note')} {...form.register('note')} />
      <FormError error={error} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={write.isPending}>
          Record re-treatment
        </button>
      </div>
    </form>
  );
}

/**
 * The infusion episodes themselves: the current Day counted from the latest infusion once there
 * is more than one, then each infusion's Day 0, product, reason and its CRS/ICANS episodes. Shown
 * on the patient page and in the follow-up remission view.
 */
export function InfusionList({ patientId }: { patientId: number }) {
  const timeZone = useUnitTimeZone();
  const infusions = useQuery(infusionsQuery(patientId));
  const toxicity = useQuery(toxicityQuery(patientId));
  const active = (infusions.data?.infusions ?? []).filter((i) => i.enteredInError === null);
  const courses = toxicity.data?.infusions ?? [];
  const latest = active.at(-1);
  if (infusions.isPending) return <p className="muted small">Loading the infusions…</p>;
  if (active.length === 0) return <p className="muted">No infusion recorded.</p>;
  return (
    <>
      {latest && active.length > 1 && (
        <p>
          <strong>
            {dayLabel(latest.infusedAt, Date.now(), timeZone)} of infusion {latest.number}
          </strong>
        </p>
      )}
      <ol className="stack">
        {active.map((infusion, i) => (
          <li key={infusion.id} aria-label={`Infusion ${infusion.number}`}>
            <strong>Infusion {infusion.number}</strong>: {productLabel(infusion.product)}, Day 0{' '}
            {formatLocalDateTime(infusion.infusedAt)}
            {infusion.reason !== 'first_infusion' && ` (${REASONS[infusion.reason]})`}
            {courses[i] && <CourseOf course={courses[i]} />}
          </li>
        ))}
      </ol>
    </>
  );
}

export function InfusionEpisodes({ patientId }: { patientId: number }) {
  const user = useSignedInUser();
  const infusions = useQuery(infusionsQuery(patientId));
  const active = (infusions.data?.infusions ?? []).filter((i) => i.enteredInError === null);
  const mayRecord = user.role === 'hematologist' || user.role === 'coordinator';
  if (active.length === 0 && !mayRecord) return null;
  return (
    <section className="card stack" aria-labelledby={`infusions-${patientId}`}>
      <h2 id={`infusions-${patientId}`}>Infusion episodes</h2>
      <InfusionList patientId={patientId} />
      {mayRecord && active.length > 0 && (
        <details>
          <summary>Record a re-treatment</summary>
          <RecordRetreatmentForm patientId={patientId} />
        </details>
      )}
    </section>
  );
}
