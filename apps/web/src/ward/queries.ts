import { Patient } from '@cellwatch/contracts';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiRequest } from '../api/client.ts';

/** `GET /api/patients` answers `{ patients: Patient[] }` (apps/api/src/patients/routes.ts). */
const PatientListResponse = z.object({ patients: z.array(Patient) });

/** Everyone under active monitoring (infused, inpatient, outpatient follow-up). */
export const wardPatientsQuery = () =>
  queryOptions({
    queryKey: ['patients', 'list', { active: true }],
    queryFn: ({ signal }) =>
      apiRequest('/api/patients', { query: { active: 'true' }, schema: PatientListResponse, signal }),
  });
