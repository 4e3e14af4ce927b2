import { type IceItems, iceScore } from '@cellwatch/clinical';
import { NeuroAssessment, NeuroAssessmentRequest } from '@cellwatch/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { z } from 'zod';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';
import { formatLocalDateTime } from '../format/time.ts';
import { useRequestForm } from '../forms/request-form.ts';
import { FormError, fieldError, NowButton, SaveActions, useChartedTime } from './shared.tsx';

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

/** One ICE item as entered: '' while unanswered, so nothing counts until the nurse ticks it. */
type Answer = '' | 'correct' | 'incorrect';

type IceEntry = {
  answers: Record<string, Answer>;
  notPerformed: boolean;
  reason: string;
  otherCause: boolean;
  note: string;
} & Record<SelectKey, string>;
type NeuroAssessmentBody = z.input<typeof NeuroAssessmentRequest>;

// Every ICE item starts unanswered: a form saved by accident must not chart ICE 0/10 (grade 3).
const unansweredItems = (): Record<string, Answer> => Object.fromEntries(ITEMS.map((item) => [item.key, '']));

/** The ICE items from the answers; null while any item is unanswered (never defaults to 0 points). */
function iceItemsOf(answers: Record<string, Answer>): IceItems | null {
  if (ITEMS.some((item) => !answers[item.key])) return null;
  const correct = (key: string) => answers[key] === 'correct';
  return {
    orientation: {
      year: correct('year'),
      month: correct('month'),
      city: correct('city'),
      hospital: correct('hospital'),
    },
    namedObjects: ['named1', 'named2', 'named3'].filter(correct).length as 0 | 1 | 2 | 3,
    followsCommands: correct('followsCommands'),
    writesSentence: correct('writesSentence'),
    countsBackwardBy10: correct('countsBackwardBy10'),
  };
}

/** What saving needs: every item answered, or "not performed" with its reason. */
function missingOf({ notPerformed, reason, answers }: IceEntry): string[] {
  if (notPerformed) return reason === '' ? ['Why the ICE could not be performed'] : [];
  return ITEMS.filter((item) => !answers[item.key]).map((item) => item.label);
}

export function IceForm({ patientId }: { patientId: number }) {
  const id = useId();
  const queryClient = useQueryClient();
  const assessedAt = useChartedTime();
  const [incomplete, setIncomplete] = useState<string[] | null>(null);
  const [saved, setSaved] = useState<z.infer<typeof NeuroAssessment> | null>(null);

  const save = useMutation({
    mutationFn: (body: NeuroAssessmentBody) =>
      apiRequest(`/api/patients/${patientId}/neuro-assessments`, { body, schema: NeuroResponse }),
    onSuccess: (res) => {
      setSaved(res.assessment);
      // The neurology selects and the other-cause tick stay; the ICE answers, reason and note do not.
      form.reset({
        ...form.getValues(),
        answers: unansweredItems(),
        notPerformed: false,
        reason: '',
        note: '',
      });
      assessedAt.followNow();
      queryClient.invalidateQueries({ queryKey: queryKeys.patient(patientId) });
      queryClient.invalidateQueries({ queryKey: queryKeys.ward() });
    },
    onError: () => setSaved(null),
  });
  const { form, onSubmit, error } = useRequestForm({
    schema: NeuroAssessmentRequest,
    defaultValues: {
      answers: unansweredItems(),
      notPerformed: false,
      reason: '',
      consciousness: 'normal',
      seizure: 'none',
      motorWeakness: 'none',
      raisedIcp: 'none',
      otherCause: false,
      note: '',
    },
    mutation: save,
    send: (body) => save.mutate(body),
    onInvalid: () => setSaved(null),
    toRequest: (values: IceEntry): NeuroAssessmentBody => ({
      assessedAt: assessedAt.instant(),
      ice: values.notPerformed ? null : iceItemsOf(values.answers),
      iceNotPerformedReason: values.notPerformed
        ? (values.reason as NeuroAssessmentBody['iceNotPerformedReason'])
        : undefined,
      consciousness: values.consciousness as NeuroAssessmentBody['consciousness'],
      seizure: values.seizure as NeuroAssessmentBody['seizure'],
      motorWeakness: values.motorWeakness as NeuroAssessmentBody['motorWeakness'],
      raisedIcp: values.raisedIcp as NeuroAssessmentBody['raisedIcp'],
      consciousnessOtherCause: values.otherCause,
      note: values.note.trim() || undefined,
    }),
  });
  const pending = save.isPending;
  const answers = form.watch('answers');
  const notPerformed = form.watch('notPerformed');
  const reason = form.watch('reason');
  const items = iceItemsOf(answers);
  const unanswered = ITEMS.filter((item) => !answers[item.key]);
  const score = items === null ? null : iceScore(items);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (pending) return;
    const missing = missingOf(form.getValues());
    if (missing.length > 0) {
      setIncomplete(missing);
      setSaved(null);
      return;
    }
    setIncomplete(null);
    onSubmit(e);
  };

  return (
    <form className="bs-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
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
        <input type="checkbox" {...form.register('notPerformed', { onChange: () => setIncomplete(null) })} />
        ICE could not be performed
      </label>
      {notPerformed ? (
        <div className="bs-field">
          <label htmlFor={`${id}-reason`} className="bs-field__label">
            Why not
          </label>
          <select
            id={`${id}-reason`}
            {...form.register('reason')}
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
                incomplete && !answers[item.key] ? 'bs-ice-item bs-ice-item--missing' : 'bs-ice-item'
              }
            >
              <legend>{item.label}</legend>
              {(
                [
                  ['correct', 'Correct'],
                  ['incorrect', 'Incorrect'],
                ] as const
              ).map(([value, text]) => (
                <label key={text} className="bs-check bs-ice-item__choice">
                  <input type="radio" value={value} {...form.register(`answers.${item.key}`)} />
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
            <select id={`${id}-${key}`} {...form.register(key)}>
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
          <input type="checkbox" {...form.register('otherCause')} />
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
          <input id={`${id}-note`} {...form.register('note')} maxLength={2000} />
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
      <SaveActions pending={pending} label="Save assessment" />
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
