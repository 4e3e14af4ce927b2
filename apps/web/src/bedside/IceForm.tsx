import { type IceItems, iceScore } from '@cellwatch/clinical';
import { NeuroAssessment } from '@cellwatch/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { z } from 'zod';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';
import { formatLocalDateTime } from '../format/time.ts';
import { FormError, fieldError, NowButton, useChartedTime } from './shared.tsx';

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
    ['global_aphasia', 'Global aphasia (awake, cannot speak or understand)'],
    ['intubated_sedated', 'Intubated / sedated'],
    ['language_barrier', 'Language barrier (no interpreter)'],
    ['patient_refused', 'Patient refused'],
    ['other', 'Other'],
  ],
} as const;

type SelectKey = 'consciousness' | 'seizure' | 'motorWeakness' | 'raisedIcp';

type Answer = boolean | undefined;

/** The ICE items from the answers; null while any item is unanswered (never defaults to 0 points). */
function iceItemsOf(answers: Record<string, Answer>): IceItems | null {
  if (ITEMS.some((item) => answers[item.key] === undefined)) return null;
  return {
    orientation: {
      year: answers.year === true,
      month: answers.month === true,
      city: answers.city === true,
      hospital: answers.hospital === true,
    },
    namedObjects: [answers.named1, answers.named2, answers.named3].filter(Boolean).length as 0 | 1 | 2 | 3,
    followsCommands: answers.followsCommands === true,
    writesSentence: answers.writesSentence === true,
    countsBackwardBy10: answers.countsBackwardBy10 === true,
  };
}

export function IceForm({ patientId }: { patientId: number }) {
  const id = useId();
  const queryClient = useQueryClient();
  // Every ICE item starts unanswered: a form saved by accident must not chart ICE 0/10 (grade 3).
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [notPerformed, setNotPerformed] = useState(false);
  const [reason, setReason] = useState('');
  const [selects, setSelects] = useState<Record<SelectKey, string>>({
    consciousness: 'normal',
    seizure: 'none',
    motorWeakness: 'none',
    raisedIcp: 'none',
  });
  const [otherCause, setOtherCause] = useState(false);
  const assessedAt = useChartedTime();
  const [note, setNote] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [incomplete, setIncomplete] = useState<string[] | null>(null);
  const [saved, setSaved] = useState<z.infer<typeof NeuroAssessment> | null>(null);

  const items = iceItemsOf(answers);
  const unanswered = ITEMS.filter((item) => answers[item.key] === undefined);
  const score = items === null ? null : iceScore(items);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (pending) return;
    // Saving needs every item answered, or "not performed" with its reason.
    const missing = notPerformed
      ? reason === ''
        ? ['Why the ICE could not be performed']
        : []
      : unanswered.map((item) => item.label);
    if (missing.length > 0) {
      setIncomplete(missing);
      setSaved(null);
      return;
    }
    setIncomplete(null);
    setPending(true);
    setError(null);
    try {
      const res = await apiRequest(`/api/patients/${patientId}/neuro-assessments`, {
        body: {
          assessedAt: assessedAt.instant(),
          ice: notPerformed ? null : items,
          iceNotPerformedReason: notPerformed ? reason : undefined,
          ...selects,
          consciousnessOtherCause: otherCause,
          note: note.trim() || undefined,
        },
        schema: NeuroResponse,
      });
      setSaved(res.assessment);
      setAnswers({});
      setNotPerformed(false);
      setReason('');
      assessedAt.followNow();
      setNote('');
      queryClient.invalidateQueries({ queryKey: queryKeys.patient(patientId) });
      queryClient.invalidateQueries({ queryKey: queryKeys.ward() });
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
          {notPerformed
            ? 'not performed'
            : score === null
              ? `not complete: ${unanswered.length} of 10 unanswered`
              : `${score}/10`}
        </output>
      </p>
      <label className="bs-check">
        <input
          type="checkbox"
          checked={notPerformed}
          onChange={(e) => {
            setNotPerformed(e.target.checked);
            setIncomplete(null);
          }}
        />
        ICE could not be performed
      </label>
      {notPerformed ? (
        <div className="bs-field">
          <label htmlFor={`${id}-reason`} className="bs-field__label">
            Why not
          </label>
          <select
            id={`${id}-reason`}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={incomplete && reason === '' ? true : undefined}
          >
            <option value="" disabled>
              Choose a reason
            </option>
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
          <legend>The ten ICE items: answer each one (correct = 1 point)</legend>
          {ITEMS.map((item) => (
            <fieldset
              key={item.key}
              id={`${id}-${item.key}`}
              className={
                incomplete && answers[item.key] === undefined
                  ? 'bs-ice-item bs-ice-item--missing'
                  : 'bs-ice-item'
              }
            >
              <legend>{item.label}</legend>
              {(
                [
                  [true, 'Correct'],
                  [false, 'Incorrect'],
                ] as const
              ).map(([value, text]) => (
                <label key={text} className="bs-check bs-ice-item__choice">
                  <input
                    type="radio"
                    name={`${id}-${item.key}`}
                    checked={answers[item.key] === value}
                    onChange={() => setAnswers((a) => ({ ...a, [item.key]: value }))}
                  />
                  {text}
                </label>
              ))}
            </fieldset>
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
          <div className="bs-field__head">
            <label htmlFor={`${id}-time`} className="bs-field__label">
              Assessed at
            </label>
            <NowButton time={assessedAt} label="assessed at" />
          </div>
          <input
            id={`${id}-time`}
            type="datetime-local"
            value={assessedAt.value}
            onChange={(e) => assessedAt.onChange(e.target.value)}
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
      {incomplete && (
        <div className="notice notice--error" role="alert">
          <span className="notice__icon" aria-hidden="true">
            ✕
          </span>
          <div>
            <strong>
              Not saved:{' '}
              {notPerformed
                ? 'say why the ICE could not be performed.'
                : `answer every ICE item, or tick "ICE could not be performed" and give the reason. Unanswered (${incomplete.length}):`}
            </strong>
            {!notPerformed && (
              <ul>
                {incomplete.map((label) => (
                  <li key={label}>{label}</li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
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
