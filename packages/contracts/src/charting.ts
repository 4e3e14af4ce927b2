import type { NotPerformedReason, OxygenDevice, Vasopressor } from '@cellwatch/clinical';
import { z } from 'zod';
import { Instant, SafeLine, SafeText } from './common.ts';

/** Every charted fact carries these when read back. */
export const FactMeta = z.object({
  id: z.number().int(),
  patientId: z.number().int(),
  recordedBy: z.object({ id: z.number().int(), displayName: z.string() }),
  recordedAt: z.string(),
  enteredInError: z
    .object({
      reason: z.string(),
      by: z.object({ id: z.number().int(), displayName: z.string() }),
      at: z.string(),
    })
    .nullable(),
});

export const Flag = z.object({ field: z.string(), message: z.string() });
export type Flag = z.infer<typeof Flag>;

export const OxygenDeviceSchema = z.enum([
  'room_air',
  'nasal_cannula',
  'blow_by',
  'high_flow_nasal_cannula',
  'face_mask',
  'non_rebreather',
  'venturi_mask',
  'cpap',
  'bipap',
  'mechanical_ventilation',
] as const satisfies readonly OxygenDevice[]);

export const VasopressorSchema = z.enum([
  'norepinephrine',
  'epinephrine',
  'phenylephrine',
  'dopamine',
  'vasopressin',
] as const satisfies readonly Vasopressor[]);

const num = z.number().finite();
const note = SafeText.max(2000).optional();

/**
 * A vital set. Temperature in °C, or in °F (converted at the edge; give one, not both).
 * Impossible values are refused with 422; unusual ones are stored with a flag.
 */
export const VitalSetRequest = z
  .strictObject({
    takenAt: Instant,
    temperatureC: num.optional(),
    temperatureF: num.optional(),
    heartRate: num.optional(),
    systolic: num.optional(),
    diastolic: num.optional(),
    respiratoryRate: num.optional(),
    spo2: num.optional(),
    oxygenDevice: OxygenDeviceSchema.default('room_air'),
    oxygenFlowLpm: num.optional(),
    /**
     * The oxygen is given for comfort only, not for a low saturation: CRS grading does not count it
     * as hypoxia (ASTCT 2019). Off unless the nurse says so.
     */
    oxygenForComfort: z.boolean().optional(),
    fio2: num.optional(),
    /** The clinician judges hypotension present (or absent) regardless of the numeric cut-off. */
    hypotension: z.boolean().optional(),
    note,
  })
  .refine((v) => !(v.temperatureC !== undefined && v.temperatureF !== undefined), {
    message: 'give the temperature in °C or °F, not both',
    path: ['temperatureF'],
  })
  .refine((v) => (v.diastolic === undefined) === (v.systolic === undefined) || v.systolic !== undefined, {
    message: 'a diastolic pressure needs its systolic',
    path: ['systolic'],
  })
  .refine((v) => !(v.oxygenForComfort && v.oxygenDevice === 'room_air'), {
    message: 'room air is no oxygen: only oxygen given can be marked for comfort',
    path: ['oxygenForComfort'],
  })
  .refine((v) => v.oxygenDevice !== 'nasal_cannula' || v.oxygenFlowLpm !== undefined, {
    message: 'nasal cannula needs its flow in L/min (above 6 L/min is high flow)',
    path: ['oxygenFlowLpm'],
  })
  .refine(
    (v) =>
      [v.temperatureC, v.temperatureF, v.heartRate, v.systolic, v.respiratoryRate, v.spo2].some(
        (x) => x !== undefined,
      ) ||
      v.oxygenDevice !== 'room_air' ||
      v.hypotension !== undefined,
    { message: 'a vital set needs at least one measurement', path: ['(body)'] },
  );
export type VitalSetRequest = z.infer<typeof VitalSetRequest>;

export const VitalSet = FactMeta.extend({
  takenAt: z.string(),
  temperatureC: z.number().nullable(),
  heartRate: z.number().nullable(),
  systolic: z.number().nullable(),
  diastolic: z.number().nullable(),
  meanArterial: z.number().nullable(),
  respiratoryRate: z.number().nullable(),
  spo2: z.number().nullable(),
  oxygenDevice: OxygenDeviceSchema,
  oxygenFlowLpm: z.number().nullable(),
  oxygenForComfort: z.boolean(),
  fio2: z.number().nullable(),
  hypotension: z.boolean().nullable(),
  flags: z.array(Flag),
  note: z.string().nullable(),
});
export type VitalSet = z.infer<typeof VitalSet>;

/** The answer to charting a vital set (201): the set as stored, with the flags of unusual values. */
export const VitalSetResponse = z.object({ vital: VitalSet });
export type VitalSetResponse = z.infer<typeof VitalSetResponse>;

export const IceItemsSchema = z.strictObject({
  orientation: z.strictObject({
    year: z.boolean(),
    month: z.boolean(),
    city: z.boolean(),
    hospital: z.boolean(),
  }),
  namedObjects: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
  followsCommands: z.boolean(),
  writesSentence: z.boolean(),
  countsBackwardBy10: z.boolean(),
});

export const Consciousness = z.enum([
  'normal',
  'awakens_spontaneously',
  'awakens_to_voice',
  'awakens_to_touch',
  'unarousable',
]);
export const Seizure = z.enum([
  'none',
  'rapidly_resolving',
  'nonconvulsive_eeg_resolved_with_intervention',
  'prolonged_or_repetitive',
]);
export const MotorWeakness = z.enum(['none', 'deep_focal']);
export const RaisedIcp = z.enum([
  'none',
  'focal_edema',
  'diffuse_edema',
  'posturing',
  'cranial_nerve_vi_palsy',
  'papilledema',
  'cushings_triad',
]);

/** Why the ICE (children: CAPD) could not be performed; each one's effect: clinical not-performed.ts. */
export const IceNotPerformedReason = z.enum([
  'unarousable',
  'global_aphasia',
  'intubated_sedated',
  'language_barrier',
  'patient_refused',
  'other',
] as const satisfies readonly NotPerformedReason[]);

/**
 * A neurological assessment. The ICE score is computed from the ten items, never typed in.
 * `ice: null` means it could not be performed, with the reason.
 */
export const NeuroAssessmentRequest = z
  .strictObject({
    assessedAt: Instant,
    ice: IceItemsSchema.nullable().optional(),
    iceNotPerformedReason: IceNotPerformedReason.optional(),
    capdScore: z.number().int().min(0).max(32).optional(),
    consciousness: Consciousness,
    /** Depressed consciousness attributed to another cause (e.g. sedation): not graded as ICANS. */
    consciousnessOtherCause: z.boolean().default(false),
    seizure: Seizure.default('none'),
    motorWeakness: MotorWeakness.default('none'),
    raisedIcp: RaisedIcp.default('none'),
    note,
  })
  .refine((v) => v.ice !== null || v.iceNotPerformedReason !== undefined, {
    message: 'say why the ICE could not be performed',
    path: ['iceNotPerformedReason'],
  });
export type NeuroAssessmentRequest = z.infer<typeof NeuroAssessmentRequest>;

export const NeuroAssessment = FactMeta.extend({
  assessedAt: z.string(),
  ice: IceItemsSchema.nullable(),
  iceScore: z.number().int().nullable(),
  iceNotPerformedReason: z.string().nullable(),
  capdScore: z.number().int().nullable(),
  consciousness: Consciousness,
  consciousnessOtherCause: z.boolean(),
  seizure: Seizure,
  motorWeakness: MotorWeakness,
  raisedIcp: RaisedIcp,
  note: z.string().nullable(),
});
export type NeuroAssessment = z.infer<typeof NeuroAssessment>;

/** The answer to charting a neuro assessment (201): as stored, with the ICE score computed. */
export const NeuroAssessmentResponse = z.object({ assessment: NeuroAssessment });
export type NeuroAssessmentResponse = z.infer<typeof NeuroAssessmentResponse>;

export const Drug = z.enum([
  'tocilizumab',
  'dexamethasone',
  'methylprednisolone',
  'hydrocortisone',
  'prednisolone',
  'paracetamol',
  'ibuprofen',
  'metamizole',
  'anakinra',
  'siltuximab',
  'levetiracetam',
  'ivig',
]);
export type Drug = z.infer<typeof Drug>;

export const MedicationRoute = z.enum(['iv', 'po', 'sc', 'im', 'pr']);
export type MedicationRoute = z.infer<typeof MedicationRoute>;

export const MedicationRequest = z.strictObject({
  givenAt: Instant,
  drug: Drug,
  /** mg for every drug except IVIG, which is in g. */
  dose: num.positive(),
  route: MedicationRoute.optional(),
  lot: SafeLine.max(60).optional(),
  /** A hematologist's reason to give tocilizumab beyond the count limits. */
  overrideReason: SafeText.min(5).max(500).optional(),
  note,
});
export type MedicationRequest = z.infer<typeof MedicationRequest>;

export const MedicationAdministration = FactMeta.extend({
  givenAt: z.string(),
  drug: Drug,
  category: z.string(),
  dose: z.number(),
  doseUnit: z.string(),
  route: z.string().nullable(),
  lot: z.string().nullable(),
  overrideReason: z.string().nullable(),
  note: z.string().nullable(),
});
export type MedicationAdministration = z.infer<typeof MedicationAdministration>;

export const VasopressorStartRequest = z.strictObject({
  drug: VasopressorSchema,
  startedAt: Instant,
  doseNote: SafeLine.max(200).optional(),
});
export const VasopressorStopRequest = z.strictObject({ stoppedAt: Instant });
/**
 * A titration: the running infusion stops at `changedAt` and one of the same drug starts then at
 * the new dose, in one write, so the pressor never reads as paused (start ≤ t < stop).
 */
export const VasopressorDoseChangeRequest = z.strictObject({
  changedAt: Instant,
  doseNote: z.string().trim().min(1).max(200),
});

export const VasopressorInfusion = FactMeta.extend({
  drug: VasopressorSchema,
  startedAt: z.string(),
  stoppedAt: z.string().nullable(),
  /**
   * The stop that ended it (a stop, or the stop of the old rate at a dose change), so that stop
   * can be marked entered-in-error (`POST …/vasopressors/stops/{stopId}/entered-in-error`); null
   * while it runs, or once its stop is entered in error.
   */
  stopId: z.number().int().nullable(),
  doseNote: z.string().nullable(),
});

export const AnalyteSchema = z.enum([
  'crp',
  'ferritin',
  'il6',
  'anc',
  'lymphocytes',
  'platelets',
  'hemoglobin',
  'fibrinogen',
  'ldh',
  'creatinine',
  'alt',
  'ast',
  'bilirubin',
  'triglycerides',
  'igg',
  'cd19_absolute',
  'cd19_percent',
  'cd4_absolute',
  'urine_protein_creatinine',
  'cmv_dna',
  'autoantibody',
]);

export const LabResultEntry = z.strictObject({
  analyte: AnalyteSchema,
  value: num,
  /** UCUM; omitted means the analyte's stored unit. */
  unit: SafeLine.max(20).optional(),
  collectedAt: Instant.optional(),
});

/** A panel: results collected together, written all-or-nothing. Up to 5,000 rows. */
export const LabPanelRequest = z.strictObject({
  collectedAt: Instant,
  results: z.array(LabResultEntry).min(1).max(5000),
});
export type LabPanelRequest = z.infer<typeof LabPanelRequest>;

export const LabResult = FactMeta.extend({
  collectedAt: z.string(),
  analyte: AnalyteSchema,
  loinc: z.string().nullable(),
  value: z.number(),
  unit: z.string(),
  enteredValue: z.number().nullable(),
  enteredUnit: z.string().nullable(),
  flags: z.array(Flag),
});
export type LabResult = z.infer<typeof LabResult>;

export const AnnotationKind = z.enum(['fever_other_cause', 'crs_death', 'icans_death', 'clinical_note']);

export const AnnotationRequest = z
  .strictObject({
    kind: AnnotationKind,
    from: Instant,
    to: Instant.optional(),
    text: SafeText.min(3).max(2000),
  })
  .refine((v) => v.to === undefined || Date.parse(v.to) >= Date.parse(v.from), {
    message: 'the end must not be before the start',
    path: ['to'],
  });

export const Annotation = FactMeta.extend({
  kind: AnnotationKind,
  from: z.string(),
  to: z.string().nullable(),
  text: z.string(),
});
export type Annotation = z.infer<typeof Annotation>;

export const EnteredInErrorRequest = z.strictObject({ reason: SafeText.min(5).max(500) });

export const FactRangeQuery = z.strictObject({
  from: Instant.optional(),
  to: Instant.optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(500),
});

export const TocilizumabCheckQuery = z.strictObject({
  at: Instant.optional(),
  dose: z.coerce.number().finite().positive().optional(),
});

export const TimelineQuery = z.strictObject({
  from: Instant.optional(),
  to: Instant.optional(),
  /** Most points per series the chart can show. */
  points: z.coerce.number().int().min(50).max(10_000).default(2000),
});
