import {
  ANALYTES,
  type Analyte,
  checkValue,
  type PlausibilityResult,
  toStoredUnit,
} from '@cellwatch/clinical';
import { LabPanelRequest, LabPanelResponse } from '@cellwatch/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { z } from 'zod';
import { ApiError, apiRequest } from '../api/client.ts';
import { formatLocalDateTime } from '../format/time.ts';
import { useRequestForm } from '../forms/request-form.ts';
import { describedBy, Field, FormError, fieldError, NowButton, useChartedTime } from './shared.tsx';
import './bedside.css';
import { queryKeys } from '../api/query-keys.ts';

/**
 * What the CAR-T follow-up charts ask for, grouped as the lab report prints them. The units,
 * conversions and plausibility limits are the API's own (packages/clinical labs.ts), so what is
 * flagged here is what the API flags.
 */
const GROUPS: { title: string; analytes: Analyte[] }[] = [
  { title: 'Blood count', analytes: ['anc', 'lymphocytes', 'platelets', 'hemoglobin'] },
  { title: 'Inflammation', analytes: ['crp', 'ferritin'] },
  { title: 'Immune reconstitution', analytes: ['igg', 'cd19_absolute', 'cd19_percent', 'cd4_absolute'] },
  { title: 'Kidney', analytes: ['creatinine'] },
];
const ALL = GROUPS.flatMap((g) => g.analytes);

/** UCUM as people write it: 10*3/uL → ×10³/µL. */
export function unitLabel(ucum: string): string {
  return ucum
    .replace('10*3', '×10³')
    .replace('10*9', '×10⁹')
    .replace('umol', 'µmol')
    .replace('uL', 'µL')
    .replace('ug', 'µg');
}

const unitsOf = (a: Analyte) => [ANALYTES[a].unit, ...Object.keys(ANALYTES[a].alternativeUnits)];

/**
 * A result as entered. The unit starts unchosen ('') wherever the report may print another one
 * (CRP in mg/L or mg/dL differ tenfold): the nurse picks the report's own. An analyte with one
 * unit has nothing to choose.
 */
type Row = { value: string; unit: string };
const emptyRows = (): Record<Analyte, Row> =>
  Object.fromEntries(ALL.map((a) => [a, { value: '', unit: '' }])) as Record<Analyte, Row>;

/** The unit a result is sent in: the analyte's only one, or the one chosen ('' while none is). */
const unitOf = (a: Analyte, row: Row) => (unitsOf(a).length === 1 ? ANALYTES[a].unit : row.unit);

const parse = (text: string) => Number(text.trim().replace(',', '.'));

/** The API's own check of one typed value, for the "unusual" hint before saving. */
function unusualHint(analyte: Analyte, row: Row): string | undefined {
  const unit = unitOf(analyte, row);
  if (row.value.trim() === '' || unit === '') return undefined;
  const converted = toStoredUnit(analyte, parse(row.value), unit);
  if (!converted.ok) return undefined;
  const def = ANALYTES[analyte];
  const check: PlausibilityResult = { impossible: [], unusual: [] };
  checkValue('value', converted.value, { ...def.limits, unit: def.unit }, check);
  return check.unusual[0] ? `Unusual, will be flagged: ${check.unusual[0].message}` : undefined;
}

/** The collection time is not part of the entry: it follows the clock until edited (useChartedTime). */
type LabEntry = { rows: Record<Analyte, Row> };
type LabPanelBody = z.input<typeof LabPanelRequest>;

const filledOf = (rows: Record<Analyte, Row>) => ALL.filter((a) => rows[a].value.trim() !== '');

/**
 * What the entered text alone refuses, in the ward's words, by the entry's paths: text that is no
 * number, a result without its unit, or no result at all.
 */
function enteredTextProblems({ rows }: LabEntry): Record<string, string> {
  const filled = filledOf(rows);
  const problems: Record<string, string> = {};
  for (const a of filled) {
    if (!Number.isFinite(parse(rows[a].value))) problems[`rows.${a}.value`] = 'must be a number';
    else if (unitOf(a, rows[a]) === '') problems[`rows.${a}.unit`] = 'choose the unit the report gives';
  }
  if (filled.length === 0) problems[`rows.${ALL[0]}.value`] = 'enter at least one result';
  return problems;
}

export function LabForm({ patientId }: { patientId: number }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [sent, setSent] = useState<Analyte[]>([]);
  const collectedAt = useChartedTime();
  const save = useMutation({
    mutationFn: (body: LabPanelBody) =>
      apiRequest(`/api/patients/${patientId}/labs`, { body, schema: LabPanelResponse }),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: queryKeys.patient(patientId) });
      queryClient.invalidateQueries({ queryKey: queryKeys.followUp(patientId) });
      queryClient.invalidateQueries({ queryKey: queryKeys.ward() });
      queryClient.invalidateQueries({ queryKey: queryKeys.worklists() });
      form.reset({ rows: emptyRows() });
      collectedAt.followNow();
    },
  });
  const { form, onSubmit, error } = useRequestForm({
    schema: LabPanelRequest,
    defaultValues: { rows: emptyRows() },
    mutation: save,
    send: (body) => save.mutate(body),
    checkEntry: enteredTextProblems,
    toRequest: ({ rows }: LabEntry): LabPanelBody => {
      // The API names rows by their place in the panel: remember which analyte each one was.
      const filled = filledOf(rows);
      setSent(filled);
      return {
        collectedAt: collectedAt.instant(),
        results: filled.map((a) => ({ analyte: a, value: parse(rows[a].value), unit: unitOf(a, rows[a]) })),
      };
    },
  });
  const rows = form.watch('rows');

  /** The API names rows by their place in the panel sent: results.3.value is the fourth sent. */
  const errorOf = (a: Analyte) => {
    const entered = fieldError(error, `rows.${a}.value`, `rows.${a}.unit`);
    const i = sent.indexOf(a);
    return entered ?? (i < 0 ? undefined : fieldError(error, `results.${i}.value`, `results.${i}.unit`));
  };
  const knownPaths = ['collectedAt', 'rows', ...sent.map((_, i) => `results.${i}`)];
  const refused = error instanceof ApiError && error.status === 422;
  const flagged = save.data?.results.filter((r) => r.flags.length > 0) ?? [];

  return (
    <form className="bs-form" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Lab results</h2>
      <p className="muted">Fill in what the report shows; empty fields are not charted.</p>
      <Field
        id={`${id}-collected`}
        label="Collected at"
        hint={
          collectedAt.edited
            ? 'As entered; "Now" follows the clock again'
            : 'Follows the clock; change it to the time on the report'
        }
        error={fieldError(error, 'collectedAt')}
        extra={<NowButton time={collectedAt} label="collected at" />}
      >
        <input
          id={`${id}-collected`}
          type="datetime-local"
          value={collectedAt.value}
          onChange={(e) => collectedAt.onChange(e.target.value)}
          aria-invalid={fieldError(error, 'collectedAt') ? true : undefined}
          aria-describedby={describedBy(`${id}-collected`, fieldError(error, 'collectedAt'))}
        />
      </Field>
      {GROUPS.map((group) => (
        <fieldset key={group.title} className="bs-lab-group">
          <legend>{group.title}</legend>
          <div className="bs-grid">
            {group.analytes.map((a) => {
              const def = ANALYTES[a];
              const fid = `${id}-${a}`;
              const refusal = errorOf(a);
              const units = unitsOf(a);
              return (
                <Field
                  key={a}
                  id={fid}
                  label={def.name}
                  error={refusal}
                  hint={unusualHint(a, rows[a])}
                  unit={
                    units.length > 1 ? (
                      <select
                        aria-label={`Unit of ${def.name}`}
                        {...form.register(`rows.${a}.unit`)}
                        aria-invalid={fieldError(error, `rows.${a}.unit`) ? true : undefined}
                        aria-describedby={fieldError(error, `rows.${a}.unit`) ? `${fid}-error` : undefined}
                      >
                        <option value="" disabled>
                          Unit…
                        </option>
                        {units.map((u) => (
                          <option key={u} value={u}>
                            {unitLabel(u)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      unitLabel(def.unit)
                    )
                  }
                >
                  <input
                    id={fid}
                    inputMode="decimal"
                    autoComplete="off"
                    {...form.register(`rows.${a}.value`)}
                    aria-invalid={refusal ? true : undefined}
                    aria-describedby={describedBy(fid, refusal)}
                  />
                </Field>
              );
            })}
          </div>
        </fieldset>
      ))}
      {refused ? (
        <div className="notice notice--error" role="alert">
          <span className="notice__icon" aria-hidden="true">
            ✕
          </span>
          <div>
            <strong>Refused, nothing was charted: {(error as ApiError).message}</strong>
            <p>Correct the values marked above and save again.</p>
          </div>
        </div>
      ) : (
        <FormError error={error} known={knownPaths} />
      )}
      <div className="form__actions">
        <button type="submit" className="button button--primary bs-submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save lab results'}
        </button>
      </div>
      {save.isSuccess && (
        <div className="notice notice--success" role="status">
          <span className="notice__icon" aria-hidden="true">
            ✓
          </span>
          <div>
            <strong>
              Saved {save.data.results.length} {save.data.results.length === 1 ? 'result' : 'results'}{' '}
              collected {formatLocalDateTime(save.data.results[0]?.collectedAt ?? '')}:
            </strong>{' '}
            {save.data.results
              .map((r) => `${ANALYTES[r.analyte].name} ${r.value} ${unitLabel(r.unit)}`)
              .join('; ')}
            {flagged.length > 0 && (
              <ul className="bs-lab-flags" aria-label="Flagged as unusual">
                {flagged.map((r) => (
                  <li key={r.id} className="bs-field__flag">
                    Flagged: {r.flags.map((f) => f.message).join('; ')}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
    </form>
  );
}
