import {
  ANALYTES,
  type Analyte,
  checkValue,
  type PlausibilityResult,
  toStoredUnit,
} from '@cellwatch/clinical';
import { LabResult } from '@cellwatch/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { z } from 'zod';
import { ApiError, apiRequest } from '../api/client.ts';
import { formatLocalDateTime } from '../format/time.ts';
import { describedBy, Field, FormError, fieldError, localInputValue, toInstant } from './shared.tsx';
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

const PanelResponse = z.object({ panelId: z.string(), results: z.array(LabResult) });

type Row = { value: string; unit: string };
const emptyRows = (): Record<Analyte, Row> =>
  Object.fromEntries(ALL.map((a) => [a, { value: '', unit: ANALYTES[a].unit }])) as Record<Analyte, Row>;

const parse = (text: string) => Number(text.trim().replace(',', '.'));

/** The API's own check of one typed value, for the "unusual" hint before saving. */
function unusualHint(analyte: Analyte, row: Row): string | undefined {
  if (row.value.trim() === '') return undefined;
  const converted = toStoredUnit(analyte, parse(row.value), row.unit);
  if (!converted.ok) return undefined;
  const def = ANALYTES[analyte];
  const check: PlausibilityResult = { impossible: [], unusual: [] };
  checkValue('value', converted.value, { ...def.limits, unit: def.unit }, check);
  return check.unusual[0] ? `Unusual, will be flagged: ${check.unusual[0].message}` : undefined;
}

export function LabForm({ patientId }: { patientId: number }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [rows, setRows] = useState(emptyRows);
  const [collectedAt, setCollectedAt] = useState(localInputValue());
  const [sent, setSent] = useState<Analyte[]>([]);
  const [localErrors, setLocalErrors] = useState<Partial<Record<Analyte, string>>>({});
  const save = useMutation({
    mutationFn: (body: unknown) =>
      apiRequest(`/api/patients/${patientId}/labs`, { body, schema: PanelResponse }),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: queryKeys.patient(patientId) });
      queryClient.invalidateQueries({ queryKey: queryKeys.followUp(patientId) });
      queryClient.invalidateQueries({ queryKey: queryKeys.ward() });
      queryClient.invalidateQueries({ queryKey: queryKeys.worklists() });
      setRows(emptyRows());
      setCollectedAt(localInputValue());
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (save.isPending) return;
    const filled = ALL.filter((a) => rows[a].value.trim() !== '');
    const notNumbers = Object.fromEntries(
      filled.filter((a) => !Number.isFinite(parse(rows[a].value))).map((a) => [a, 'must be a number']),
    );
    setLocalErrors(notNumbers);
    if (Object.keys(notNumbers).length > 0) return;
    if (filled.length === 0) {
      setLocalErrors({ [ALL[0] as Analyte]: 'enter at least one result' });
      return;
    }
    setSent(filled);
    save.mutate({
      collectedAt: toInstant(collectedAt) ?? collectedAt,
      results: filled.map((a) => ({
        analyte: a,
        value: parse(rows[a].value),
        unit: rows[a].unit,
      })),
    });
  };

  /** The API names rows by their place in the panel sent: results.3.value is the fourth sent. */
  const errorOf = (a: Analyte) => {
    if (localErrors[a]) return localErrors[a];
    const i = sent.indexOf(a);
    return i < 0 ? undefined : fieldError(save.error, `results.${i}.value`, `results.${i}.unit`);
  };
  const knownPaths = ['collectedAt', ...sent.map((_, i) => `results.${i}`)];
  const refused = save.error instanceof ApiError && save.error.status === 422;
  const flagged = save.data?.results.filter((r) => r.flags.length > 0) ?? [];

  return (
    <form className="bs-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Lab results</h2>
      <p className="muted">Fill in what the report shows; empty fields are not charted.</p>
      <Field
        id={`${id}-collected`}
        label="Collected at"
        hint="Defaults to now"
        error={fieldError(save.error, 'collectedAt')}
      >
        <input
          id={`${id}-collected`}
          type="datetime-local"
          value={collectedAt}
          onChange={(e) => setCollectedAt(e.target.value)}
          aria-describedby={describedBy(`${id}-collected`, fieldError(save.error, 'collectedAt'))}
        />
      </Field>
      {GROUPS.map((group) => (
        <fieldset key={group.title} className="bs-lab-group">
          <legend>{group.title}</legend>
          <div className="bs-grid">
            {group.analytes.map((a) => {
              const def = ANALYTES[a];
              const fid = `${id}-${a}`;
              const error = errorOf(a);
              const units = unitsOf(a);
              return (
                <Field
                  key={a}
                  id={fid}
                  label={def.name}
                  error={error}
                  hint={unusualHint(a, rows[a])}
                  unit={
                    units.length > 1 ? (
                      <select
                        aria-label={`Unit of ${def.name}`}
                        value={rows[a].unit}
                        onChange={(e) => setRows({ ...rows, [a]: { ...rows[a], unit: e.target.value } })}
                      >
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
                    value={rows[a].value}
                    onChange={(e) => setRows({ ...rows, [a]: { ...rows[a], value: e.target.value } })}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={describedBy(fid, error)}
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
            <strong>Refused, nothing was charted: {(save.error as ApiError).message}</strong>
            <p>Correct the values marked above and save again.</p>
          </div>
        </div>
      ) : (
        <FormError error={save.error} known={knownPaths} />
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
