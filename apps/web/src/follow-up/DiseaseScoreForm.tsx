import { DISEASE_SCORE_KINDS, DISEASE_SCORE_RANGES, type DiseaseScoreKind } from '@cellwatch/clinical';
import { DiseaseScoreRequest, type SleActivityComponents } from '@cellwatch/contracts';
import { Fragment } from 'react';
import type { z } from 'zod';
import { useFollowUpEntryForm } from './follow-up-form.tsx';
import { SaveRow } from './QuerySection.tsx';
import { localInputToIso } from './queries.ts';

type Component = keyof SleActivityComponents;

/** The DORIS 2021 / LLDAS components in the order of the SLEDAI-2K sheet, as the clinic names them. */
const NUMBER_COMPONENTS: [Component, string][] = [
  ['sledai', 'SLEDAI-2K total'],
  ['clinicalSledai', 'Clinical SLEDAI-2K (without anti-dsDNA and complement)'],
  ['pga', 'Physician global assessment (0–3)'],
  ['prednisoloneMgPerDay', 'Prednisolone (mg/day)'],
];
const YES_NO_COMPONENTS: [Component, string][] = [
  ['majorOrganActivity', 'Renal, CNS, cardiopulmonary, vasculitis or fever activity'],
  ['haemolyticOrGiActivity', 'Haemolytic anaemia or GI activity'],
  ['newActivitySincePrevious', 'New activity since the previous assessment'],
  ['antimalarial', 'Antimalarial taken'],
  ['immunosuppressantOrBiologic', 'Immunosuppressant or biologic taken'],
];
const YES_NO = { '': 'Choose', no: 'No', yes: 'Yes' };

type Entry = {
  kind: string;
  assessedAt: string;
  value: string;
  components: Record<Component, string>;
};
// Nothing is pre-filled: every score and component is what the clinician enters.
const EMPTY: Entry = {
  kind: '',
  assessedAt: '',
  value: '',
  components: Object.fromEntries(
    [...NUMBER_COMPONENTS, ...YES_NO_COMPONENTS].map(([k]) => [k, '']),
  ) as Record<Component, string>,
};

/** Entered text as a number ("2,5" too); empty or not a number is left for the contract to refuse. */
const number = (text: string) => (text.trim() === '' ? undefined : Number(text.trim().replace(',', '.')));
const yesNo = (text: string) => (text === 'yes' ? true : text === 'no' ? false : undefined);

function toRequest(v: Entry): z.input<typeof DiseaseScoreRequest> {
  const assessedAt = localInputToIso(v.assessedAt);
  if (v.kind !== 'sledai_2k') {
    return { kind: v.kind, assessedAt, value: number(v.value) } as z.input<typeof DiseaseScoreRequest>;
  }
  const components = Object.fromEntries([
    ...NUMBER_COMPONENTS.map(([k]) => [k, number(v.components[k])]),
    ...YES_NO_COMPONENTS.map(([k]) => [k, yesNo(v.components[k])]),
  ]) as SleActivityComponents;
  return { kind: 'sledai_2k', assessedAt, components };
}

/** Chart a disease activity score with its date: for SLE the SLEDAI-2K with its DORIS components. */
export function DiseaseScoreForm({
  patientId,
  instruments,
}: {
  patientId: number;
  /** The instruments of the patient's disease; none (another diagnosis): every instrument. */
  instruments: readonly DiseaseScoreKind[];
}) {
  const { onSubmit, error, pending, input, select, form } = useFollowUpEntryForm({
    patientId,
    path: 'disease-scores',
    schema: DiseaseScoreRequest,
    defaultValues: EMPTY,
    toRequest,
  });
  const kinds = instruments.length ? instruments : DISEASE_SCORE_KINDS;
  const labels = {
    '': 'Choose the score',
    ...Object.fromEntries(kinds.map((k) => [k, DISEASE_SCORE_RANGES[k].label])),
  };
  const kind = form.watch('kind');
  return (
    <form
      className="fu-inline-form"
      onSubmit={onSubmit}
      noValidate
      aria-label="Chart a disease activity score"
    >
      {select('kind', 'Score', labels)}
      {input('assessedAt', 'Assessed', 'datetime-local')}
      {kind === 'sledai_2k' ? (
        <>
          {NUMBER_COMPONENTS.map(([k, label]) => (
            <Fragment key={k}>{input(`components.${k}`, label, 'text')}</Fragment>
          ))}
          {YES_NO_COMPONENTS.map(([k, label]) => (
            <Fragment key={k}>{select(`components.${k}`, label, YES_NO)}</Fragment>
          ))}
        </>
      ) : (
        input(
          'value',
          kind ? `${DISEASE_SCORE_RANGES[kind as DiseaseScoreKind].label} value` : 'Value',
          'text',
        )
      )}
      <SaveRow error={error} pending={pending} label="Chart score" />
    </form>
  );
}
