import {
  GradesOfRecord,
  LabResult,
  MedicationAdministration,
  NeuroAssessment,
  Patient,
  VasopressorInfusion,
  VitalSet,
} from '@cellwatch/contracts';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';

const PatientResponse = z.object({ patient: Patient });

export const patientQuery = (id: number) =>
  queryOptions({
    queryKey: queryKeys.patient(id),
    queryFn: ({ signal }) => apiRequest(`/api/patients/${id}`, { schema: PatientResponse, signal }),
  });

const Missing = z.object({
  item: z.string(),
  status: z.string(),
  lastAt: z.string().nullable().optional(),
  message: z.string(),
});
const SyndromeGrade = z.object({
  grade: z.number(),
  at: z.string().nullable(),
  day: z.number().nullable(),
  reasons: z.array(z.string()),
  factIds: z.array(z.string()),
  missing: z.array(Missing),
  episode: z.number().nullable(),
  ruleVersion: z.string(),
});
export type SyndromeGrade = z.infer<typeof SyndromeGrade>;
const Review = z
  .object({
    gradeChangeId: z.number(),
    status: z.string(),
    toGrade: z.number(),
    at: z.string(),
    returnedReason: z.string().nullable(),
  })
  .nullable();
export type Review = z.infer<typeof Review>;
const Fact = z.object({
  id: z.string(),
  kind: z.string(),
  at: z.string(),
  summary: z.string(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string().nullable(),
  enteredInError: z.unknown(),
});
export type ToxFact = z.infer<typeof Fact>;

const ToxicityResponse = z.object({
  patientId: z.number(),
  infusionAt: z.string().nullable(),
  ruleVersion: z.string(),
  current: z.object({ crs: SyndromeGrade, icans: SyndromeGrade }).nullable(),
  facts: z.record(z.string(), Fact),
  review: z.object({ crs: Review, icans: Review }),
  /** The grades of record: signed where signed, else computed and awaiting review. */
  grades: GradesOfRecord.optional(),
  icaht: z
    .object({
      grade: z.number(),
      reasons: z.array(z.string()),
      daysAtOrBelow500: z.number(),
      daysAtOrBelow100: z.number(),
      complete: z.boolean(),
      afterDay30: z.object({ daysAtOrBelow500: z.array(z.number()), lowestAncPerUl: z.number().nullable() }),
    })
    .nullable(),
});
export type Toxicity = z.infer<typeof ToxicityResponse>;

export const toxicityQuery = (id: number) =>
  queryOptions({
    queryKey: queryKeys.toxicity(id),
    queryFn: ({ signal }) => apiRequest(`/api/patients/${id}/toxicity`, { schema: ToxicityResponse, signal }),
  });

const Series = z.object({
  total: z.number(),
  points: z.array(z.tuple([z.number(), z.number(), z.string()])),
});
export type Series = z.infer<typeof Series>;
const GradeStep = z.object({ t: z.number(), grade: z.number(), status: z.string().nullable() });
const TimelineResponse = z.object({
  infusionAt: z.number().nullable(),
  vitals: z.object({
    temperatureC: Series,
    heartRate: Series,
    systolic: Series,
    meanArterial: Series,
    spo2: Series,
  }),
  oxygen: z.array(
    z.object({ from: z.number(), to: z.number(), device: z.string(), flowLpm: z.number().nullable() }),
  ),
  grades: z.object({ crs: z.array(GradeStep), icans: z.array(GradeStep) }),
  medications: z.array(
    z.object({
      id: z.number(),
      t: z.number(),
      drug: z.string(),
      category: z.string(),
      dose: z.number(),
      unit: z.string(),
    }),
  ),
  vasopressors: z.array(
    z.object({ id: z.number(), drug: z.string(), from: z.number(), to: z.number().nullable() }),
  ),
  labs: z.object({ crp: Series, ferritin: Series, il6: Series, anc: Series, platelets: Series }),
});
export type Timeline = z.infer<typeof TimelineResponse>;

/**
 * The timeline, thinned on the server to 2,000 points per series: of the whole history, or of a
 * range (ISO instants) so that a zoomed-in chart gets the full detail of that range.
 */
export const timelineQuery = (id: number, range?: { from: string; to: string }) =>
  queryOptions({
    queryKey: queryKeys.timeline(id, range),
    queryFn: ({ signal }) =>
      apiRequest(`/api/patients/${id}/timeline`, {
        schema: TimelineResponse,
        query: { points: 2000, ...range },
        signal,
      }),
  });

export const vitalsQuery = (id: number) =>
  queryOptions({
    queryKey: queryKeys.vitals(id),
    queryFn: ({ signal }) =>
      apiRequest(`/api/patients/${id}/vitals`, {
        schema: z.object({ vitals: z.array(VitalSet) }),
        query: { limit: 500 },
        signal,
      }),
  });
export const neuroQuery = (id: number) =>
  queryOptions({
    queryKey: queryKeys.neuroAssessments(id),
    queryFn: ({ signal }) =>
      apiRequest(`/api/patients/${id}/neuro-assessments`, {
        schema: z.object({ assessments: z.array(NeuroAssessment) }),
        query: { limit: 500 },
        signal,
      }),
  });
export const medicationsQuery = (id: number) =>
  queryOptions({
    queryKey: queryKeys.medications(id),
    queryFn: ({ signal }) =>
      apiRequest(`/api/patients/${id}/medications`, {
        schema: z.object({ medications: z.array(MedicationAdministration) }),
        query: { limit: 500 },
        signal,
      }),
  });
export const vasopressorsQuery = (id: number) =>
  queryOptions({
    queryKey: queryKeys.vasopressors(id),
    queryFn: ({ signal }) =>
      apiRequest(`/api/patients/${id}/vasopressors`, {
        schema: z.object({ infusions: z.array(VasopressorInfusion) }),
        signal,
      }),
  });
export const labsQuery = (id: number) =>
  queryOptions({
    queryKey: queryKeys.labs(id),
    queryFn: ({ signal }) =>
      apiRequest(`/api/patients/${id}/labs`, {
        schema: z.object({ results: z.array(LabResult) }),
        query: { limit: 500 },
        signal,
      }),
  });

/** Open alerts for the header count (the alerts view belongs to the other engineer). */
export const patientAlertCountQuery = (id: number) =>
  queryOptions({
    queryKey: queryKeys.alertList({ patientId: id, status: 'unresolved' }),
    queryFn: ({ signal }) =>
      apiRequest('/api/alerts', {
        schema: z.object({ alerts: z.array(z.object({ id: z.number(), severity: z.string() })) }),
        query: { status: 'unresolved', patientId: id },
        signal,
      }),
  });
