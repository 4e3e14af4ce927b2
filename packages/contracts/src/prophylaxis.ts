/** Requests of infection prophylaxis and revaccination (issue 17; rules in packages/clinical). */
import { PROPHYLAXIS_KINDS, VACCINE_GROUPS } from '@cellwatch/clinical';
import { z } from 'zod';
import { Instant, SafeLine, SafeText } from './common.ts';

const text = (max: number) => SafeLine.min(1).max(max);

/** A prophylaxis started (or planned to run): its kind, drug, start and planned stop. */
export const ProphylaxisRecordRequest = z
  .strictObject({
    kind: z.enum(PROPHYLAXIS_KINDS),
    drug: text(100),
    startedAt: Instant,
    plannedStopAt: Instant.optional(),
    note: SafeText.max(2000).optional(),
  })
  .refine((r) => r.plannedStopAt === undefined || Date.parse(r.plannedStopAt) >= Date.parse(r.startedAt), {
    path: ['plannedStopAt'],
    message: 'must not be before startedAt',
  });

/** A prophylaxis stopped. */
export const ProphylaxisStopRequest = z.strictObject({
  stoppedAt: Instant,
  reason: SafeText.min(1).max(500).optional(),
});

/** HBV screening before therapy: the core antibody (anti-HBc) result. */
export const HbvScreeningRequest = z.strictObject({
  screenedAt: Instant,
  coreAntibody: z.enum(['positive', 'negative']),
});

/** A vaccine dose given. */
export const VaccineDoseRequest = z.strictObject({
  group: z.enum(VACCINE_GROUPS),
  vaccine: text(100),
  givenAt: Instant,
  lot: text(60).optional(),
});
