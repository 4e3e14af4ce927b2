import { type IceItems, iceScore } from '@cellwatch/clinical';
import { NeuroAssessment } from '@cellwatch/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { z } from 'zod';
import { apiRequest } from '../api/client.ts';
import { formatLocalDateTime } from '../format/time.ts';
import { FormError, fieldError, localInputValue, toInstant } from './shared.tsx';

const NeuroResponse = z.object({ assessment: NeuroAssessment });

const ITEMS: { key: string; label: string }[] = [
  { key: 'year', label: 'Orientation: knows the year' },
  { key: 'month', label: 'Orientation: knows the month' },
  { key: 'city', label: 'Orientation: knows the city' },
  { key: 'hospital', label: 'Orientation: knows the hospital' },
  { key: 'named1', label: 'Names object 1 (e.g. clock)' },
  { key: 'named2', label: 'Names object 2 (e.g. pen)' },
  { key: 'named3', label: 'Names object 3 (e.g. button)' },
  { key: 'followsCommands', label: 'Follows simple commands ("show me 2 fingers")' },
  { key: 'writesSentence', label: 'Writes a standard sentence' },
  { key: 'countsBackwardBy10', label: 'Counts backwards from 100 by 10' },
];

const OPTIONS = {
  consciousness: [
    ['normal', 'Normal, alert'],
    ['awakens_spontaneously', 'Awakens spontaneously'],
    ['awakens_to_voice', 'Awakens to voice'],
    ['awakens_to_touch', 'Awakens only to tactile stimulus'],
    ['unarousable', 'Unarousable'],
  ],
  seizure: [
    ['none', 'None'],
    ['rapidly_resolving', 'Any seizure, rapidly resolving'],
    ['nonconvulsive_eeg_resolved_with_intervention', 'Non-convulsive on EEG, resolved with intervention'],
    ['prolonged_or_repetitive', 'Prolonged (> 5 min) or repetitive'],
  ],
  motorWeakness: [
    ['none', 'None'],
    ['deep_focal', 'Deep focal motor weakness'],
  ],
  raisedIcp: [
    ['none', 'None'],
    ['focal_edema', 'Focal/local oedema on imaging'],
    ['diffuse_edema', 'Diffuse cerebral oedema on imaging'],
    ['posturing', 'Decerebrate or decorticate posturing'],
    ['cranial_nerve_vi_palsy', 'Cranial nerve VI palsy'],
    ['papilledema', 'Papilloedema'],
    ['cushings_triad', "Cushing's triad"],
  ],
  notPerformed: [
    ['unarousable', 'Unarousable'],
    ['global_aphasia', 'Global aphasia'],
    ['intubated_sedated', 'Intubated / sedated'],
    ['other', 'Other'],
  ],
} as const;

type SelectKey = 'consciousness' | 'seizure' | 'motorWeakness' | 'raisedIcp';

export function IceForm({ patientId }: { patientId: number }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [checked, setChecked] = useState<Record<string, boolean>>({});
  const [notPerformed, setNotPerformed] = useState(false);
  const [reason, setReason] = useState('unarousable');
  const [selects, setSelects] = useState<Record<SelectKey, string>>({
    consciousness: 'normal',
    seizure: 'none',
    motorWeakness: 'none',
    raisedIcp: 'none',
  });
  const [otherCause, setOtherCause] = useState(false);
  const [assessedAt, setAssessedAt] = useState(localInputValue());
  const [note, setNote] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<z.infer<typeof NeuroAssessment> | null>(null);

  const items: IceItems = {
    orientation: {
      year: !!checked.year,
      month: !!checked.month,
      city: !!checked.city,
      hospital: !!checked.hospital,
    },
    namedObjects: [checked.named1, checked.named2, checked.named3].filter(Boolean).length as 0 | 1 | 2 | 3,
    followsCommands: !!checked.followsCommands,
    writesSentence: !!checked.writesSentence,
    countsBackwardBy10: !!checked.countsBackwardBy10,
  };
  const score = iceScore(items);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      const res = await apiRequest(`/api/patients/${patientId}/neuro-assessments`, {
        body: {
          assessedAt: toInstant(assessedAt) ?? assessedAt,
          ice: notPerformed ? null : items,
          iceNotPerformedReason: notPerformed ? reason : undefined,
          ...selects,
          consciousnessOtherCause: otherCause,
          note: note.trim() || undefined,
        },
        schema: NeuroResponse,
      });
      setSaved(res.assessment);
      setChecked({});
      setNotPerformed(false);
      setAssessedAt(localInputValue());
      setNote('');
      queryClient.invalidateQueries({ queryKey: ['patients', patientId] });
      queryClient.invalidateQueries({ queryKey: ['ward'] });
    } catch (err) {
      setSaved(null);
      setError(err);
    } finally {
      setPending(false);
    }
  };

  return (
    <form className="bs-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>ICE assessment and neurology</h2>
      <p className="bs-ice-score" aria-live="polite">
        ICE score{' '}
        <output htmlFor={ITEMS.map((i) => `${id}-${i.key}`).join(' ')}>
          {notPerformed ? 'not performed' : `${score}/10`}
        </output>
      </p>
      <label className="bs-check">
        <input type="checkbox" checked={notPerformed} onChange={(e) => setNotPerformed(e.target.checked)} />
        ICE could not be performed
      </label>
      {notPerformed ? (
        <div className="bs-field">
          <label htmlFor={`${id}-reason`} className="bs-field__label">
            Why not
          </label>
          <select id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)}>
            {OPTIONS.notPerformed.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
          {fieldError(error, 'iceNotPerformedReason') && (
            <p className="field__error">{fieldError(error, 'iceNotPerformedReason')}</p>
          )}
        </div>
      ) : (
        <fieldset className="bs-ice-items">
          <legend>The ten ICE items: tick each one answered correctly (1 point each)</legend>
          {ITEMS.map((item) => (
            <label key={item.key} className="bs-check">
              <input
                id={`${id}-${item.key}`}
                type="checkbox"
                checked={!!checked[item.key]}
                onChange={(e) => setChecked((c) => ({ ...c, [item.key]: e.target.checked }))}
              />
              {item.label}
            </label>
          ))}
        </fieldset>
      )}
      <div className="bs-grid">
        {(
          [
            ['consciousness', 'Level of consciousness'],
            ['seizure', 'Seizure'],
            ['motorWeakness', 'Motor findings'],
            ['raisedIcp', 'Raised ICP / cerebral oedema'],
          ] as const
        ).map(([key, label]) => (
          <div key={key} className="bs-field">
            <label htmlFor={`${id}-${key}`} className="bs-field__label">
              {label}
            </label>
            <select
              id={`${id}-${key}`}
              value={selects[key]}
              onChange={(e) => setSelects((s) => ({ ...s, [key]: e.target.value }))}
            >
              {OPTIONS[key].map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
            {fieldError(error, key) && <p className="field__error">{fieldError(error, key)}</p>}
          </div>
        ))}
        <label className="bs-check">
          <input type="checkbox" checked={otherCause} onChange={(e) => setOtherCause(e.target.checked)} />
          Depressed consciousness has another cause (e.g. sedation)
        </label>
        <div className="bs-field">
          <label htmlFor={`${id}-time`} className="bs-field__label">
            Assessed at
          </label>
          <input
            id={`${id}-time`}
            type="datetime-local"
            value={assessedAt}
            onChange={(e) => setAssessedAt(e.target.value)}
          />
          {fieldError(error, 'assessedAt') && (
            <p className="field__error">{fieldError(error, 'assessedAt')}</p>
          )}
        </div>
        <div className="bs-field">
          <label htmlFor={`${id}-note`} className="bs-field__label">
            Note (optional)
          </label>
          <input id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
        </div>
      </div>
      <FormError
        error={error}
        known={[
          'assessedAt',
          'iceNotPerformedReason',
          'consciousness',
          'seizure',
          'motorWeakness',
          'raisedIcp',
        ]}
      />
      <div className="form__actions">
        <button type="submit" className="button button--primary bs-submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save assessment'}
        </button>
      </div>
      {saved && (
        <div className="notice notice--success" role="status">
          <span className="notice__icon" aria-hidden="true">
            ✓
          </span>
          <strong>
            Saved assessment of {formatLocalDateTime(saved.assessedAt)}: ICE{' '}
            {saved.iceScore === null ? 'not performed' : `${saved.iceScore}/10`}.
          </strong>
        </div>
      )}
    </form>
  );
}
