import { type IceItems, iceScore } from '@cellwatch/clinical';
import { type NeuroAssessment, NeuroAssessmentRequest, NeuroAssessmentResponse } from '@cellwatch/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type { z } from 'zod';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';
import { formatLocalDateTime } from '../format/time.ts';
import { useRequestForm } from '../forms/request-form.ts';
import { type NeuroFinding, NeuroFindings } from './NeuroFindings.tsx';
import { FormError, fieldError, NowButton, SaveActions, useChartedTime } from './shared.tsx';

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

const NOT_PERFORMED_REASONS = [
  ['unarousable', 'Unarousable'],
  ['global_aphasia', 'Global aphasia (awake, cannot speak or understand)'],
  ['intubated_sedated', 'Intubated / sedated'],
  ['language_barrier', 'Language barrier (no interpreter)'],
  ['patient_refused', 'Patient refused'],
  ['other', 'Other'],
] as const;

/** One ICE item as entered: '' while unanswered, so nothing counts until the nurse ticks it. */
type Answer = '' | 'correct' | 'incorrect';

/** The level of consciousness starts unchosen (''): the contract asks for it, nothing fills it in. */
type IceEntry = {
  answers: Record<string, Answer>;
  consciousness: z.infer<typeof NeuroAssessmentRequest>['consciousness'] | '';
  notPerformed: boolean;
  reason: string;
  otherCause: boolean;
  note: string;
} & Record<Exclude<NeuroFinding, 'consciousness'>, string>;
type NeuroAssessmentBody = z.input<typeof NeuroAssessmentRequest>;

const CHOOSE_CONSCIOUSNESS = 'Choose the level of consciousness.';

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
  // Marked at a refused save, so an unchosen level is said beside its field with the ICE items.
  const [consciousnessAsked, setConsciousnessAsked] = useState(false);
  const [saved, setSaved] = useState<NeuroAssessment | null>(null);

  const save = useMutation({
    mutationFn: (body: NeuroAssessmentBody) =>
      apiRequest(`/api/patients/${patientId}/neuro-assessments`, { body, schema: NeuroAssessmentResponse }),
    onSuccess: (res) => {
      setSaved(res.assessment);
      // Seizure, motor, ICP and the other-cause tick stay; the ICE answers, reason and note do not,
      // nor the level of consciousness: each assessment says it anew, never the last one's.
      form.reset({
        ...form.getValues(),
        answers: unansweredItems(),
        consciousness: '',
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
      consciousness: '',
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
      // Unchosen: left out, for the contract to ask for it beside the field.
      consciousness: values.consciousness === '' ? (undefined as unknown as 'normal') : values.consciousness,
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
  const consciousness = form.watch('consciousness');
  const refusedConsciousness = fieldError(error, 'consciousness');
  // The select offers only the contract's levels: a refusal can only mean none is chosen yet.
  const consciousnessError =
    consciousness === '' && (consciousnessAsked || refusedConsciousness) ? CHOOSE_CONSCIOUSNESS : undefined;
  const selectError = (key: NeuroFinding) =>
    key === 'consciousness' ? consciousnessError : fieldError(error, key);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (pending) return;
    const values = form.getValues();
    const missing = missingOf(values);
    setConsciousnessAsked(values.consciousness === '');
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
            {NOT_PERFORMED_REASONS.map(([v, l]) => (
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
        <NeuroFindings id={id} register={form.register} errorOf={selectError} />
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
            {consciousness === '' && <p>Choose the level of consciousness too.</p>}
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
