import type { FieldValues, Path, UseFormRegister } from 'react-hook-form';

/**
 * The neurological findings charted with each ICE assessment, as the ICANS grade reads them
 * (ASTCT 2019: level of consciousness, seizure, motor findings, raised ICP / cerebral oedema).
 */
const FINDINGS = {
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
} as const;

export type NeuroFinding = keyof typeof FINDINGS;

const LABELS: [NeuroFinding, string][] = [
  ['consciousness', 'Level of consciousness'],
  ['seizure', 'Seizure'],
  ['motorWeakness', 'Motor findings'],
  ['raisedIcp', 'Raised ICP / cerebral oedema'],
];

/**
 * One select per finding. The level of consciousness starts unchosen (the nurse says it each time,
 * nothing fills in "Normal, alert"); the others start at "None", the contract's own default.
 */
export function NeuroFindings<T extends FieldValues & Record<NeuroFinding, string>>({
  id,
  register,
  errorOf,
}: {
  id: string;
  register: UseFormRegister<T>;
  errorOf: (finding: NeuroFinding) => string | undefined;
}) {
  return LABELS.map(([key, label]) => {
    const error = errorOf(key);
    const fid = `${id}-${key}`;
    return (
      <div key={key} className={error ? 'bs-field bs-field--error' : 'bs-field'}>
        <label htmlFor={fid} className="bs-field__label">
          {label}
        </label>
        <select
          id={fid}
          {...register(key as Path<T>)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${fid}-error` : undefined}
        >
          {key === 'consciousness' && (
            <option value="" disabled>
              Choose…
            </option>
          )}
          {FINDINGS[key].map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
        {error && (
          <p className="field__error" id={`${fid}-error`}>
            {error}
          </p>
        )}
      </div>
    );
  });
}
