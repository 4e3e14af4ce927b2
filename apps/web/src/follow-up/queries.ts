import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiRequest } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';

const WorklistItem = z.object({
  patientId: z.number(),
  label: z.string(),
  kind: z.enum(['ivig_dose', 'igg_check', 'milestone']).or(z.string()),
  dueAt: z.string(),
  status: z.enum(['overdue', 'due', 'upcoming']).or(z.string()),
  title: z.string(),
});
export type WorklistItem = z.infer<typeof WorklistItem>;
const Worklist = z.object({ items: z.array(WorklistItem) });

export const worklistQuery = (horizonDays: number) =>
  queryOptions({
    queryKey: queryKeys.worklist(horizonDays),
    queryFn: ({ signal }) =>
      apiRequest('/api/worklist', { query: { horizonDays }, schema: Worklist, signal }),
  });

const CalendarFeed = z.object({
  feed: z.object({ id: z.number(), createdAt: z.string() }).nullable(),
});
export const calendarFeedQuery = () =>
  queryOptions({
    queryKey: queryKeys.calendarFeed(),
    queryFn: ({ signal }) => apiRequest('/api/calendar-feed', { schema: CalendarFeed, signal }),
  });
const NewCalendarFeed = z.object({
  feed: z.object({ id: z.number(), createdAt: z.string() }),
  token: z.string(),
  path: z.string(),
});
/** Creates or rotates the signed-in user's feed: the URL is in this answer only. */
export const createCalendarFeed = () =>
  apiRequest('/api/calendar-feed', { method: 'POST', body: {}, schema: NewCalendarFeed });
export const revokeCalendarFeed = () => apiRequest('/api/calendar-feed/revoke', { method: 'POST', body: {} });

const Cd19Point = z.object({
  id: z.string().nullable(),
  at: z.number(),
  day: z.number().nullable(),
  percentOfLymphocytes: z.number().nullable(),
  absolutePerUl: z.number().nullable(),
  below: z.boolean().nullable(),
});

const BCells = z.object({
  status: z.string(),
  aplasiaBeganAt: z.number().nullable(),
  aplasiaBeganDay: z.number().nullable(),
  daysInAplasia: z.number().nullable(),
  reconstitutedAt: z.number().nullable(),
  reconstitutedDay: z.number().nullable(),
  episodes: z.array(z.object({ beganAt: z.number(), reconstitutedAt: z.number().nullable() })),
  flags: z.array(z.unknown()),
  points: z.array(Cd19Point),
  thresholds: z
    .object({ percentBelow: z.number().optional(), absoluteBelow: z.number().optional() })
    .optional(),
  reasons: z.array(z.string()),
});

const Dose = z.object({
  id: z.union([z.string(), z.number()]),
  dueAt: z.number(),
  status: z.string(),
  given: z
    .object({
      at: z.union([z.string(), z.number()]),
      doseG: z.number(),
      lot: z.string().nullable(),
      by: z.string().nullable().optional(),
    })
    .nullable(),
  cancelledReason: z.string().nullable().optional(),
  trough: z.object({ status: z.string(), dueFrom: z.number().nullable().optional() }).nullable().optional(),
  reason: z.string().nullable().optional(),
  doseG: z.number().nullable().optional(),
  /** The dose planned (g, from weight and protocol): what "given" starts from. */
  plannedDoseG: z.number().nullable().optional(),
  /** The warning recorded when IVIG was planned although the rule did not indicate it. */
  planWarning: z.string().nullable().optional(),
});
export type Dose = z.infer<typeof Dose>;

const Milestone = z.object({
  id: z.string(),
  label: z.string(),
  dueDate: z.string(),
  dueAt: z.number(),
  items: z.array(z.string()),
  status: z.string(),
  completedAt: z.union([z.string(), z.number()]).nullable(),
  reason: z.string().nullable().optional(),
  completedBy: z.enum(['visit', 'data']).nullable().optional(),
  visitFactId: z.number().nullable().optional(),
  missingItems: z.array(z.string()).optional(),
});
export type Milestone = z.infer<typeof Milestone>;

const Autoantibody = z.object({
  antibody: z.string(),
  status: z.string(),
  seroconvertedDay: z.number().nullable().optional(),
  points: z.array(
    z.object({
      at: z.number(),
      day: z.number().nullable(),
      value: z.number().nullable(),
      negative: z.boolean().nullable(),
    }),
  ),
  change: z.object({ from: z.number(), to: z.number(), percent: z.number() }).nullable().optional(),
  reasons: z.array(z.string()),
});

const Infection = z.object({
  id: z.union([z.number(), z.string()]),
  onsetAt: z.union([z.string(), z.number()]),
  site: z.string(),
  organism: z.string().nullable().optional(),
  bacterial: z.boolean(),
  ctcaeGrade: z.number(),
  hospitalised: z.boolean(),
});

export const FollowUp = z.object({
  patientId: z.number(),
  infusionAt: z.string().nullable().optional(),
  bCells: BCells.nullable(),
  igg: z.array(z.object({ id: z.string(), at: z.string(), mgPerDl: z.number() })),
  ivig: z.object({ status: z.string(), doseG: z.number().nullable(), reasons: z.array(z.string()) }),
  /** The protocol the IVIG rule used (its thresholds are what the IgG chart draws). */
  ivigProtocol: z.object({
    igGIndicatedBelowMgDl: z.number(),
    clinicianDecisionUpToMgDl: z.number(),
    doseGPerKg: z.number(),
    intervalWeeks: z.number(),
  }),
  plannedDose: z.object({ doseG: z.number(), reason: z.string() }),
  doses: z.array(Dose),
  iggChecks: z.array(
    z.object({
      kind: z.string(),
      label: z.string(),
      dueAt: z.number(),
      status: z.string(),
      reason: z.string().nullable().optional(),
    }),
  ),
  ivigStop: z.object({ suggested: z.boolean(), reasons: z.array(z.string()) }),
  milestones: z.array(Milestone),
  autoantibodies: z.array(Autoantibody),
  remission: z.object({
    status: z.string(),
    since: z.union([z.string(), z.number()]).nullable(),
    reasons: z.array(z.string()),
  }),
  infections: z.array(Infection),
});
export type FollowUp = z.infer<typeof FollowUp>;

export const followUpQuery = (patientId: number) =>
  queryOptions({
    queryKey: queryKeys.followUp(patientId),
    queryFn: ({ signal }) => apiRequest(`/api/patients/${patientId}/follow-up`, { schema: FollowUp, signal }),
  });

const PatientHead = z.object({
  patient: z.object({
    id: z.number(),
    mrn: z.string(),
    familyName: z.string(),
    givenName: z.string(),
    infusionAt: z.string().nullable(),
    weightKg: z.number().nullable().optional(),
    isDemo: z.boolean().optional(),
  }),
});

export const followUpPatientQuery = (patientId: number) =>
  queryOptions({
    queryKey: queryKeys.followUpPatient(patientId),
    queryFn: ({ signal }) => apiRequest(`/api/patients/${patientId}`, { schema: PatientHead, signal }),
  });

export const postFollowUp = (patientId: number, path: string, body: unknown) =>
  apiRequest(`/api/patients/${patientId}/${path}`, { method: 'POST', body });

/** A datetime-local value ("2026-11-25T14:03") as an ISO instant; "" when empty or invalid. */
export function localInputToIso(value: string): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

/** Now as a datetime-local value in the device's zone. */
export function nowLocalInput(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
}
