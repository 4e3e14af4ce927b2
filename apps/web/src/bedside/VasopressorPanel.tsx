import { VasopressorSchema } from '@cellwatch/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';
import { formatLocalDateTime } from '../format/time.ts';
import { vasopressorsQuery } from '../patient/queries.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { CrsNow } from './CrsNow.tsx';
import { describedBy, Field, FormError, fieldError, localInputValue, toInstant } from './shared.tsx';
import {
  DOSE_UNITS,
  doseNote,
  durationText,
  type Infusion,
  runningInfusions,
  runningSince,
  VASOPRESSOR_LABELS,
  type VasopressorDrug,
} from './vasopressor-course.ts';

const DRUGS = VasopressorSchema.options;

/** Minutes tick over while the page is open, so durations stay true on a long shift. */
function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

function useVasopressorWrite(patientId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body: unknown }) =>
      apiRequest(`/api/patients/${patientId}/vasopressors${path}`, { body }),
    onSuccess: () => {
      // The live events do the same for every screen; this one need not wait for them.
      queryClient.invalidateQueries({ queryKey: queryKeys.patient(patientId) });
      queryClient.invalidateQueries({ queryKey: queryKeys.ward() });
    },
  });
}

function DoseInputs({
  id,
  drug,
  dose,
  unit,
  onDose,
  onUnit,
  error,
}: {
  id: string;
  drug: VasopressorDrug;
  dose: string;
  unit: string;
  onDose: (v: string) => void;
  onUnit: (v: string) => void;
  error: string | undefined;
}) {
  return (
    <>
      <Field id={`${id}-dose`} label="Dose" error={error} hint="A positive number">
        <input
          id={`${id}-dose`}
          inputMode="decimal"
          autoComplete="off"
          value={dose}
          onChange={(e) => onDose(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(`${id}-dose`, error)}
        />
      </Field>
      <Field id={`${id}-unit`} label="Dose unit">
        <select id={`${id}-unit`} value={unit} onChange={(e) => onUnit(e.target.value)}>
          {DOSE_UNITS[drug].map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}

function StartInfusionForm({ patientId }: { patientId: number }) {
  const id = useId();
  const write = useVasopressorWrite(patientId);
  const [drug, setDrug] = useState<VasopressorDrug>('norepinephrine');
  const [dose, setDose] = useState('');
  const [unit, setUnit] = useState(DOSE_UNITS.norepinephrine[0] as string);
  const [startedAt, setStartedAt] = useState(localInputValue());
  const [doseError, setDoseError] = useState<string | undefined>();
  const [saved, setSaved] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const note = doseNote(dose, unit);
    if (!note) {
      setDoseError('give the dose as a positive number');
      return;
    }
    setDoseError(undefined);
    setSaved(null);
    write.mutate(
      { path: '', body: { drug, startedAt: toInstant(startedAt) ?? startedAt, doseNote: note } },
      {
        onSuccess: () => {
          setSaved(`Started ${VASOPRESSOR_LABELS[drug]} ${note} at ${formatLocalDateTime(startedAt)}.`);
          setDose('');
          setStartedAt(localInputValue());
        },
      },
    );
  };
  const err = (p: string) => fieldError(write.error, p);
  return (
    <form className="bs-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Start a vasopressor</h2>
      <div className="bs-grid">
        <Field id={`${id}-drug`} label="Vasopressor" error={err('drug')}>
          <select
            id={`${id}-drug`}
            value={drug}
            onChange={(e) => {
              const next = e.target.value as VasopressorDrug;
              setDrug(next);
              setUnit(DOSE_UNITS[next][0] as string);
            }}
          >
            {DRUGS.map((d) => (
              <option key={d} value={d}>
                {VASOPRESSOR_LABELS[d]}
              </option>
            ))}
          </select>
        </Field>
        <DoseInputs
          id={id}
          drug={drug}
          dose={dose}
          unit={unit}
          onDose={setDose}
          onUnit={setUnit}
          error={doseError ?? err('doseNote')}
        />
        <Field id={`${id}-time`} label="Started at" hint="Defaults to now" error={err('startedAt')}>
          <input
            id={`${id}-time`}
            type="datetime-local"
            value={startedAt}
            onChange={(e) => setStartedAt(e.target.value)}
            aria-describedby={describedBy(`${id}-time`, err('startedAt'))}
          />
        </Field>
      </div>
      <FormError error={write.error} known={['drug', 'doseNote', 'startedAt']} />
      <div className="form__actions">
        <button type="submit" className="button button--primary bs-submit" disabled={write.isPending}>
          {write.isPending ? 'Saving…' : 'Start infusion'}
        </button>
      </div>
      {saved && (
        <p className="notice notice--success" role="status">
          <span className="notice__icon" aria-hidden="true">
            ✓
          </span>
          {saved}
        </p>
      )}
    </form>
  );
}

/** Change the dose of, or stop, one running infusion. */
function RunningInfusion({
  patientId,
  infusion,
  all,
  now,
}: {
  patientId: number;
  infusion: Infusion;
  all: readonly Infusion[];
  now: number;
}) {
  const id = useId();
  const write = useVasopressorWrite(patientId);
  const [action, setAction] = useState<'none' | 'dose' | 'stop' | 'error'>('none');
  const [reason, setReason] = useState('');
  const [dose, setDose] = useState('');
  const [unit, setUnit] = useState(DOSE_UNITS[infusion.drug][0] as string);
  const [at, setAt] = useState(localInputValue());
  const [doseError, setDoseError] = useState<string | undefined>();
  const name = VASOPRESSOR_LABELS[infusion.drug];
  const since = runningSince(infusion, all);

  const open = (next: 'dose' | 'stop' | 'error') => {
    write.reset();
    setDoseError(undefined);
    setAt(localInputValue());
    setAction(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const instant = toInstant(at) ?? at;
    if (action === 'error') {
      // Kept and shown struck through; the grading ignores it from now on.
      write.mutate({ path: `/${infusion.id}/entered-in-error`, body: { reason } });
      return;
    }
    if (action === 'stop') {
      write.mutate({ path: `/${infusion.id}/stop`, body: { stoppedAt: instant } });
      return;
    }
    const note = doseNote(dose, unit);
    if (!note) {
      setDoseError('give the new dose as a positive number');
      return;
    }
    setDoseError(undefined);
    write.mutate({ path: `/${infusion.id}/dose`, body: { changedAt: instant, doseNote: note } });
  };
  const timeField = action === 'stop' ? 'stoppedAt' : 'changedAt';
  const reasonError = fieldError(write.error, 'reason');
  const timeError = fieldError(write.error, timeField);

  return (
    <li className="bs-pressor">
      <div className="bs-pressor__head">
        <p className="bs-pressor__what">
          <strong>{name}</strong> {infusion.doseNote ?? 'dose not charted'}
        </p>
        <p className="bs-pressor__since">
          Running for <strong>{durationText(since, now)}</strong> (since {formatLocalDateTime(since)})
          {since !== infusion.startedAt && <> · this dose since {formatLocalDateTime(infusion.startedAt)}</>}
        </p>
        <div className="bs-pressor__actions">
          <button
            type="button"
            className="button"
            aria-expanded={action === 'dose'}
            onClick={() => open('dose')}
          >
            Change dose of {name}
          </button>
          <button
            type="button"
            className="button button--danger-quiet"
            aria-expanded={action === 'stop'}
            onClick={() => open('stop')}
          >
            Stop {name}
          </button>
          <button
            type="button"
            className="button button--quiet"
            aria-expanded={action === 'error'}
            onClick={() => open('error')}
          >
            {name} entered in error
          </button>
        </div>
      </div>
      {action !== 'none' && (
        <form
          className="bs-pressor__form"
          onSubmit={submit}
          noValidate
          aria-label={
            action === 'stop'
              ? `Stop ${name}`
              : action === 'error'
                ? `Mark ${name} entered in error`
                : `New dose of ${name}`
          }
        >
          {action === 'error' ? (
            <Field
              id={`${id}-reason`}
              label="Why is it in error?"
              hint="At least 5 characters; the entry is kept, struck through"
              error={reasonError}
            >
              <input
                id={`${id}-reason`}
                value={reason}
                maxLength={500}
                onChange={(e) => setReason(e.target.value)}
                aria-invalid={reasonError ? true : undefined}
                aria-describedby={describedBy(`${id}-reason`, reasonError)}
              />
            </Field>
          ) : (
            <div className="bs-grid">
              {action === 'dose' && (
                <DoseInputs
                  id={id}
                  drug={infusion.drug}
                  dose={dose}
                  unit={unit}
                  onDose={setDose}
                  onUnit={setUnit}
                  error={doseError ?? fieldError(write.error, 'doseNote')}
                />
              )}
              <Field
                id={`${id}-at`}
                label={action === 'stop' ? 'Stopped at' : 'New dose from'}
                hint="Defaults to now"
                error={timeError}
              >
                <input
                  id={`${id}-at`}
                  type="datetime-local"
                  value={at}
                  onChange={(e) => setAt(e.target.value)}
                  aria-invalid={timeError ? true : undefined}
                  aria-describedby={describedBy(`${id}-at`, timeError)}
                />
              </Field>
            </div>
          )}
          <FormError error={write.error} known={['doseNote', 'reason', timeField]} />
          <div className="form__actions">
            <button
              type="submit"
              className={action === 'dose' ? 'button button--primary' : 'button button--danger'}
              disabled={write.isPending}
            >
              {write.isPending
                ? 'Saving…'
                : action === 'stop'
                  ? `Confirm stop of ${name}`
                  : action === 'error'
                    ? 'Mark entered in error'
                    : 'Save new dose'}
            </button>
            <button type="button" className="button button--quiet" onClick={() => setAction('none')}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </li>
  );
}

export function VasopressorPanel({ patientId }: { patientId: number }) {
  const infusions = useQuery(vasopressorsQuery(patientId));
  const now = useNow();
  const all = infusions.data?.infusions ?? [];
  const running = runningInfusions(all);
  const ended = all.filter((i) => i.stoppedAt !== null || i.enteredInError !== null).slice(0, 10);
  return (
    <div className="stack">
      <CrsNow patientId={patientId} />
      <section className="bs-form" aria-labelledby="pressors-running">
        <h2 id="pressors-running">Running vasopressors</h2>
        {infusions.isPending ? (
          <LoadingState label="Loading the infusions…" />
        ) : infusions.isError ? (
          <ErrorState
            title="The infusions could not be loaded"
            error={infusions.error}
            onRetry={() => infusions.refetch()}
          />
        ) : running.length === 0 ? (
          <p className="muted">No vasopressor running.</p>
        ) : (
          <ul className="bs-pressors">
            {running.map((i) => (
              <RunningInfusion key={i.id} patientId={patientId} infusion={i} all={all} now={now} />
            ))}
          </ul>
        )}
      </section>
      <StartInfusionForm patientId={patientId} />
      {ended.length > 0 && (
        <section className="bs-form" aria-labelledby="pressors-ended">
          <h2 id="pressors-ended">Earlier infusions and doses</h2>
          <ul className="bs-pressors bs-pressors--ended">
            {ended.map((i) => (
              <li key={i.id}>
                <strong>{VASOPRESSOR_LABELS[i.drug]}</strong> {i.doseNote ?? ''} ·{' '}
                {formatLocalDateTime(i.startedAt)} to {i.stoppedAt ? formatLocalDateTime(i.stoppedAt) : '—'}
                {i.enteredInError && <span className="tag"> entered in error</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
