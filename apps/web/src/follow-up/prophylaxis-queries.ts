import { ProphylaxisPicture, VaccinesPicture } from '@cellwatch/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';

export const prophylaxisQuery = (patientId: number) =>
  queryOptions({
    queryKey: queryKeys.prophylaxis(patientId),
    queryFn: ({ signal }) =>
      apiRequest(`/api/patients/${patientId}/prophylaxis`, { schema: ProphylaxisPicture, signal }),
  });

export const vaccinesQuery = (patientId: number) =>
  queryOptions({
    queryKey: queryKeys.vaccines(patientId),
    queryFn: ({ signal }) =>
      apiRequest(`/api/patients/${patientId}/vaccines`, { schema: VaccinesPicture, signal }),
  });
