import {
  AlertList,
  LabResultList,
  MedicationList,
  NeuroAssessmentList,
  PatientResponse,
  Timeline,
  Toxicity,
  VasopressorInfusionList,
  VitalSetList,
} from '@cellwatch/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';

export const patientQuery = (id: number) =>
  queryOptions({
    queryKey: queryKeys.patient(id),
    queryFn: ({ signal }) => apiRequest(`/api/patients/${id}`, { schema: PatientResponse, signal }),
  });

export const toxicityQuery = (id: number) =>
  queryOptions({
    queryKey: queryKeys.toxicity(id),
    queryFn: ({ signal }) => apiRequest(`/api/patients/${id}/toxicity`, { schema: Toxicity, signal }),
  });

/**
 * The timeline, thinned on the server to 2,000 points per series: of the whole history, or of a
 * range (ISO instants) so that a zoomed-in chart gets the full detail of that range.
 */
export const timelineQuery = (id: number, range?: { from: string; to: string }) =>
  queryOptions({
    queryKey: queryKeys.timeline(id, range),
    queryFn: ({ signal }) =>
      apiRequest(`/api/patients/${id}/timeline`, {
        schema: Timeline,
        query: { points: 2000, ...range },
        signal,
      }),
  });

export const vitalsQuery = (id: number) =>
  queryOptions({
    queryKey: queryKeys.vitals(id),
    queryFn: ({ signal }) =>
      apiRequest(`/api/patients/${id}/vitals`, {
        schema: VitalSetList,
        query: { limit: 500 },
        signal,
      }),
  });
export const neuroQuery = (id: number) =>
  queryOptions({
    queryKey: queryKeys.neuroAssessments(id),
    queryFn: ({ signal }) =>
      apiRequest(`/api/patients/${id}/neuro-assessments`, {
        schema: NeuroAssessmentList,
        query: { limit: 500 },
        signal,
      }),
  });
export const medicationsQuery = (id: number) =>
  queryOptions({
    queryKey: queryKeys.medications(id),
    queryFn: ({ signal }) =>
      apiRequest(`/api/patients/${id}/medications`, {
        schema: MedicationList,
        query: { limit: 500 },
        signal,
      }),
  });
export const vasopressorsQuery = (id: number) =>
  queryOptions({
    queryKey: queryKeys.vasopressors(id),
    queryFn: ({ signal }) =>
      apiRequest(`/api/patients/${id}/vasopressors`, {
        schema: VasopressorInfusionList,
        signal,
      }),
  });
export const labsQuery = (id: number) =>
  queryOptions({
    queryKey: queryKeys.labs(id),
    queryFn: ({ signal }) =>
      apiRequest(`/api/patients/${id}/labs`, {
        schema: LabResultList,
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
        schema: AlertList,
        query: { status: 'unresolved', patientId: id },
        signal,
      }),
  });
