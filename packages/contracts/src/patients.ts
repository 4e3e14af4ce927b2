import type { CellProduct, Diagnosis } from '@cellwatch/clinical';
import { z } from 'zod';
import { CalendarDate, Instant, SafeLine } from './common.ts';

export const DiagnosisSchema = z.enum([
  'sle',
  'myositis',
  'systemic_sclerosis',
  'musk_myasthenia_gravis',
  'pemphigus_vulgaris',
  'other',
] as const satisfies readonly Diagnosis[]);

export const CellProductSchema = z.enum([
  'cd19_car_t',
  'cd19_bcma_car_t',
  'dsg3_caar_t',
  'musk_caar_t',
  'car_treg',
  'other',
] as const satisfies readonly CellProduct[]);

export const PatientStatus = z.enum([
  'planned',
  'infused',
  'inpatient_monitoring',
  'outpatient_follow_up',
  'long_term_follow_up',
  'withdrawn',
  'deceased',
]);
export type PatientStatus = z.infer<typeof PatientStatus>;

/** Statuses in which the ward follows the patient day to day. */
export const ACTIVE_STATUSES: readonly PatientStatus[] = [
  'infused',
  'inpatient_monitoring',
  'outpatient_follow_up',
];

export const Sex = z.enum(['female', 'male', 'other', 'unknown']);

const name = SafeLine.min(1).max(100);
const isoDate = CalendarDate;

export const EnrolPatientRequest = z.strictObject({
  mrn: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{3,32}$/, 'letters, digits and dashes; 3 to 32 characters'),
  givenName: name,
  familyName: name,
  birthDate: isoDate,
  sex: Sex,
  weightKg: z.number().finite(),
  diagnosis: DiagnosisSchema,
  autoantibody: SafeLine.max(100).optional(),
  product: CellProductSchema,
  trialId: SafeLine.max(40).optional(),
  lymphodepletionStart: isoDate.optional(),
  infusionAt: Instant.optional(),
  status: PatientStatus.default('planned'),
});
export type EnrolPatientRequest = z.infer<typeof EnrolPatientRequest>;

/** Demographics and course dates may be corrected; the MRN may not. Null clears an optional field. */
export const UpdatePatientRequest = z
  .strictObject({
    givenName: name,
    familyName: name,
    birthDate: isoDate,
    sex: Sex,
    weightKg: z.number().finite(),
    diagnosis: DiagnosisSchema,
    autoantibody: SafeLine.max(100).nullable(),
    product: CellProductSchema,
    trialId: SafeLine.max(40).nullable(),
    lymphodepletionStart: isoDate.nullable(),
    infusionAt: Instant.nullable(),
    status: PatientStatus,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'name at least one field to change');
export type UpdatePatientRequest = z.infer<typeof UpdatePatientRequest>;

export const Patient = z.object({
  id: z.number().int(),
  mrn: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  birthDate: z.string(),
  sex: Sex,
  weightKg: z.number(),
  diagnosis: DiagnosisSchema,
  autoantibody: z.string().nullable(),
  product: CellProductSchema,
  trialId: z.string().nullable(),
  lymphodepletionStart: z.string().nullable(),
  infusionAt: z.string().nullable(),
  status: PatientStatus,
  isDemo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Patient = z.infer<typeof Patient>;
/** GET /api/patients/:id, and the answer to enrolling or updating a patient. */
export const PatientResponse = z.object({ patient: Patient });
export type PatientResponse = z.infer<typeof PatientResponse>;

export const PatientListQuery = z.strictObject({
  status: PatientStatus.optional(),
  active: z.enum(['true', 'false']).optional(),
  product: CellProductSchema.optional(),
  diagnosis: DiagnosisSchema.optional(),
  q: SafeLine.max(100).optional(),
});
