import {
  EnteredInErrorRequest,
  FactRangeQuery,
  HbvScreeningRequest,
  ProphylaxisRecordRequest,
  ProphylaxisStopRequest,
  type Role,
  VaccineDoseRequest,
} from '@cellwatch/contracts';
import type { z } from 'zod';

/** The shape of permissions.ts RouteSpec (kept here so the two files do not import each other). */
interface RouteSpec {
  allow: readonly Role[];
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
}

/** Long-term follow-up: coordinators, with the hematologists (as FOLLOW_UP in permissions.ts). */
const FOLLOW_UP = ['coordinator', 'hematologist'] as const;
const CARE_TEAM = ['nurse', 'hematologist', 'coordinator'] as const;
const eie = (what: string): RouteSpec => ({
  allow: FOLLOW_UP,
  summary: `Mark a ${what} entered-in-error (kept, ignored by the rules)`,
  body: EnteredInErrorRequest,
});

/** The infection prophylaxis and vaccine routes (follow-up/prophylaxis.ts, vaccines.ts), spread into ROUTES. */
export const PROPHYLAXIS_ROUTES: Record<string, RouteSpec> = {
  'GET /api/patients/:id/prophylaxis': {
    allow: CARE_TEAM,
    summary:
      'Infection prophylaxis: each kind expected or not, its status and stop rule, HBV, CMV PCR; rule version',
  },
  'GET /api/patients/:id/prophylaxis-records': {
    allow: CARE_TEAM,
    summary: 'Charted prophylaxis records, newest first, with entered-in-error marks',
    query: FactRangeQuery,
  },
  'POST /api/patients/:id/prophylaxis-records': {
    allow: FOLLOW_UP,
    summary: 'Chart a prophylaxis (kind, drug, start, planned stop)',
    body: ProphylaxisRecordRequest,
  },
  'POST /api/patients/:id/prophylaxis-records/:recordId/stop': {
    allow: FOLLOW_UP,
    summary: 'Record a prophylaxis as stopped',
    body: ProphylaxisStopRequest,
  },
  'POST /api/patients/:id/prophylaxis-records/:factId/entered-in-error': eie('prophylaxis record'),
  'POST /api/patients/:id/prophylaxis-stops/:factId/entered-in-error': eie('prophylaxis stop'),
  'POST /api/patients/:id/hbv-screenings': {
    allow: FOLLOW_UP,
    summary: 'Record the HBV screening (core antibody) result',
    body: HbvScreeningRequest,
  },
  'POST /api/patients/:id/hbv-screenings/:factId/entered-in-error': eie('HBV screening'),
  'GET /api/patients/:id/vaccines': {
    allow: CARE_TEAM,
    summary: 'Revaccination: each vaccine group due, blocked with every reason, or given; rule version',
  },
  'GET /api/patients/:id/vaccine-doses': {
    allow: CARE_TEAM,
    summary: 'Charted vaccine doses, newest first, with entered-in-error marks',
    query: FactRangeQuery,
  },
  'POST /api/patients/:id/vaccine-doses': {
    allow: FOLLOW_UP,
    summary: 'Chart a vaccine dose given',
    body: VaccineDoseRequest,
  },
  'POST /api/patients/:id/vaccine-doses/:factId/entered-in-error': eie('vaccine dose'),
};
