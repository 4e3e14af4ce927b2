import {
  AcknowledgeAlertRequest,
  AlertQuery,
  AnnotationRequest,
  AuditQuery,
  AuditVerifyRequest,
  ChangePasswordRequest,
  ConfirmEnrolmentRequest,
  ConfirmGradeRequest,
  CreateDeviceRequest,
  CreateUserRequest,
  EmptyBody,
  EnrolPatientRequest,
  EnteredInErrorRequest,
  FactRangeQuery,
  FhirBundleRequest,
  ImmunosuppressantStopRequest,
  InfectionRequest,
  IvigCancelRequest,
  IvigGivenRequest,
  IvigMissedRequest,
  LabPanelRequest,
  LicatsRequest,
  LoginRequest,
  MalignancyRequest,
  MedicationRequest,
  MilestoneVisitRequest,
  NeuroAssessmentRequest,
  OverrideGradeRequest,
  PatientListQuery,
  PlanIvigRequest,
  RemissionAssessmentRequest,
  ReportQuery,
  ResetPasswordRequest,
  ResolveAlertRequest,
  ReviewQuery,
  ROLES,
  type Role,
  StartEnrolmentRequest,
  TimelineQuery,
  TransgeneTestingDoneRequest,
  UpdatePatientRequest,
  VasopressorDoseChangeRequest,
  VasopressorStartRequest,
  VasopressorStopRequest,
  VitalSetRequest,
  WorklistQuery,
} from '@cellwatch/contracts';
import type { z } from 'zod';
import { PROPHYLAXIS_ROUTES } from './permissions-prophylaxis.ts';

/** Anyone may call these: no session needed. */
export const PUBLIC = 'public' as const;
/** Devices call these with their own API key instead of a session; the route checks the key. */
export const DEVICE = 'device' as const;
export type Permission = typeof PUBLIC | typeof DEVICE | readonly Role[];

export interface RouteSpec {
  allow: Permission;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
}

const EVERYONE = ROLES;
const ADMIN = ['admin'] as const;
/** The clinical team reads patient records; admins manage accounts and the audit trail only. */
const CARE_TEAM = ['nurse', 'hematologist', 'coordinator'] as const;
/** Bedside charting: vitals, neuro checks, medications, pressors. */
const BEDSIDE = ['nurse', 'hematologist'] as const;
/**
 * Enrolment, weight, status and course dates: at a unit the coordinators and the admitting nurses
 * register patients and nurses weigh them (tocilizumab is dosed by weight), with the hematologists.
 */
const ENROL = ['hematologist', 'coordinator', 'nurse'] as const;
const HEMATOLOGIST = ['hematologist'] as const;
/** Long-term follow-up: coordinators, with the hematologists. */
const FOLLOW_UP = ['coordinator', 'hematologist'] as const;
/** Trial reports hold every patient's course: hematologists and coordinators. */
const REPORTS = ['hematologist', 'coordinator'] as const;
const FOLLOW_UP_AND_BEDSIDE = ['coordinator', 'hematologist', 'nurse'] as const;

const eie = (what: string): RouteSpec => ({
  allow: BEDSIDE,
  summary: `Mark a ${what} entered-in-error (kept, ignored by the rules)`,
  body: EnteredInErrorRequest,
});

/**
 * THE route table: every route the API registers, by `METHOD /path` as registered, with the
 * roles that may call it and its contract. The permission check, the OpenAPI document and a
 * test over every registered route × every role all read this one table, so a route cannot be
 * forgotten: a route missing here is refused to everyone (fail closed).
 */
export const ROUTES: Record<string, RouteSpec> = {
  'GET /api/health': { allow: PUBLIC, summary: 'Liveness, with the database checked' },
  'POST /api/auth/login': { allow: PUBLIC, summary: 'Sign in; sets the session cookie', body: LoginRequest },
  'POST /api/auth/logout': { allow: PUBLIC, summary: 'Sign out; ends the session' },
  'GET /api/auth/me': { allow: EVERYONE, summary: 'The signed-in user and session expiry' },
  'POST /api/auth/password': {
    allow: EVERYONE,
    summary: 'Change your own password (required after an administrator reset it)',
    body: ChangePasswordRequest,
  },
  'POST /api/auth/second-factor/enrol': {
    allow: EVERYONE,
    summary: 'Start setting up a one-time password app (the otpauth:// URI and secret, shown once)',
    body: StartEnrolmentRequest,
  },
  'POST /api/auth/second-factor/confirm': {
    allow: EVERYONE,
    summary: 'Finish setting up the one-time password app with a code; returns recovery codes once',
    body: ConfirmEnrolmentRequest,
  },
  'GET /api/openapi.json': { allow: EVERYONE, summary: 'This API as an OpenAPI 3 document' },
  'GET /api/events': { allow: EVERYONE, summary: 'Server-sent events for the signed-in user' },

  'GET /api/users': { allow: ADMIN, summary: 'List users' },
  'POST /api/users': { allow: ADMIN, summary: 'Create a user', body: CreateUserRequest },
  'POST /api/users/:id/second-factor/reset': {
    allow: ADMIN,
    summary: "Remove another user's one-time password app (lost phone) and end their sessions",
    body: EmptyBody,
  },
  'POST /api/users/:id/deactivate': {
    allow: ADMIN,
    summary: 'Deactivate a user and end their sessions',
    body: EmptyBody,
  },
  'POST /api/users/:id/reactivate': { allow: ADMIN, summary: 'Reactivate a user', body: EmptyBody },
  'POST /api/users/:id/password': {
    allow: ADMIN,
    summary: "Reset a user's password",
    body: ResetPasswordRequest,
  },
  'GET /api/audit': { allow: ADMIN, summary: 'The audit trail, newest first', query: AuditQuery },
  'GET /api/audit/verify': {
    allow: ADMIN,
    summary: 'Verify the audit chain and the charted facts it covers',
  },
  'POST /api/audit/verify': {
    allow: ADMIN,
    summary: 'Verify the audit chain against a checkpoint kept elsewhere (detects removed rows)',
    body: AuditVerifyRequest,
  },
  'GET /api/audit/checkpoint': { allow: ADMIN, summary: 'A signed checkpoint of the audit trail' },

  'GET /api/patients': { allow: CARE_TEAM, summary: 'List patients', query: PatientListQuery },
  'POST /api/patients': { allow: ENROL, summary: 'Enrol a patient', body: EnrolPatientRequest },
  'GET /api/patients/:id': { allow: CARE_TEAM, summary: 'One patient' },
  'PATCH /api/patients/:id': {
    allow: ENROL,
    summary: 'Update demographics, status or course dates',
    body: UpdatePatientRequest,
  },

  'GET /api/patients/:id/vitals': {
    allow: CARE_TEAM,
    summary: 'Vital sets, newest first',
    query: FactRangeQuery,
  },
  'POST /api/patients/:id/vitals': { allow: BEDSIDE, summary: 'Chart a vital set', body: VitalSetRequest },
  'POST /api/patients/:id/vitals/:factId/entered-in-error': eie('vital set'),
  'GET /api/patients/:id/neuro-assessments': {
    allow: CARE_TEAM,
    summary: 'Neuro assessments',
    query: FactRangeQuery,
  },
  'POST /api/patients/:id/neuro-assessments': {
    allow: BEDSIDE,
    summary: 'Chart a neuro assessment (ICE computed from its items)',
    body: NeuroAssessmentRequest,
  },
  'POST /api/patients/:id/neuro-assessments/:factId/entered-in-error': eie('neuro assessment'),
  'GET /api/patients/:id/medications': {
    allow: CARE_TEAM,
    summary: 'Medication administrations',
    query: FactRangeQuery,
  },
  'POST /api/patients/:id/medications': {
    allow: BEDSIDE,
    summary: 'Chart a medication (tocilizumab checked against weight, cap and counts)',
    body: MedicationRequest,
  },
  'GET /api/patients/:id/medications/tocilizumab-check': {
    allow: CARE_TEAM,
    summary: 'What tocilizumab dose is allowed next, and why',
  },
  'POST /api/patients/:id/medications/:factId/entered-in-error': eie('medication administration'),
  'GET /api/patients/:id/vasopressors': { allow: CARE_TEAM, summary: 'Vasopressor infusions' },
  'POST /api/patients/:id/vasopressors': {
    allow: BEDSIDE,
    summary: 'Start a vasopressor infusion',
    body: VasopressorStartRequest,
  },
  'POST /api/patients/:id/vasopressors/:factId/stop': {
    allow: BEDSIDE,
    summary: 'Stop an infusion',
    body: VasopressorStopRequest,
  },
  'POST /api/patients/:id/vasopressors/:factId/dose': {
    allow: BEDSIDE,
    summary: 'Change the dose of a running infusion (it stops; the same drug starts at the new dose)',
    body: VasopressorDoseChangeRequest,
  },
  'POST /api/patients/:id/vasopressors/:factId/entered-in-error': eie('vasopressor infusion'),
  'POST /api/patients/:id/vasopressors/stops/:factId/entered-in-error': eie('vasopressor stop'),
  'GET /api/patients/:id/labs': { allow: CARE_TEAM, summary: 'Lab results', query: FactRangeQuery },
  'POST /api/patients/:id/labs': {
    allow: CARE_TEAM,
    summary: 'Enter a lab panel (all-or-nothing)',
    body: LabPanelRequest,
  },
  'POST /api/patients/:id/labs/:factId/entered-in-error': { ...eie('lab result'), allow: CARE_TEAM },
  // Clinician statements the engine uses (fever attributed to another cause, death from CRS/ICANS).
  'GET /api/patients/:id/annotations': {
    allow: CARE_TEAM,
    summary: 'Clinician annotations',
    query: FactRangeQuery,
  },
  'POST /api/patients/:id/annotations': {
    allow: HEMATOLOGIST,
    summary: 'Add a clinician annotation',
    body: AnnotationRequest,
  },
  'POST /api/patients/:id/annotations/:factId/entered-in-error': {
    ...eie('annotation'),
    allow: HEMATOLOGIST,
  },
  'GET /api/patients/:id/toxicity': {
    allow: CARE_TEAM,
    summary: 'Current CRS/ICANS grades with reasons, facts, missing data, episodes, daily maxima, ICAHT',
  },

  'GET /api/patients/:id/fhir': {
    allow: ['hematologist', 'coordinator'],
    summary:
      "FHIR R4 Bundle of the patient's record: Patient, Observations, MedicationAdministrations, grades",
  },
  'GET /api/patients/:id/fhir/adverse-events': {
    allow: ['hematologist', 'coordinator'],
    summary:
      'FHIR R4 Bundle of AdverseEvents (after mCODE CTCAdverseEvent): every CRS, ICANS, ICAHT and LICATS episode, graded',
  },
  // Bedside monitors authenticate with a device key, not a session (checked by the route itself).
  'POST /api/hl7v2': {
    allow: DEVICE,
    summary: 'HL7 v2 ORU^R01 vitals from devices (text/plain; device key); ACK per message',
  },
  'GET /api/devices': { allow: ADMIN, summary: 'Device keys for HL7 v2 senders' },
  'POST /api/devices': {
    allow: ADMIN,
    summary: 'Create a device key (shown once)',
    body: CreateDeviceRequest,
  },
  'POST /api/devices/:id/revoke': { allow: ADMIN, summary: 'Revoke a device key', body: EmptyBody },
  'POST /api/fhir': {
    allow: CARE_TEAM,
    summary:
      'Import a FHIR R4 transaction/batch Bundle of Observations for enrolled patients (all-or-nothing)',
    body: FhirBundleRequest,
  },
  'GET /api/patients/:id/follow-up': {
    allow: CARE_TEAM,
    summary: 'B-cell aplasia, IgG and IVIG, checks, milestones, autoantibodies, remission, LICATS',
  },
  'POST /api/patients/:id/infections': {
    allow: FOLLOW_UP,
    summary: 'Log an infection',
    body: InfectionRequest,
  },
  'POST /api/patients/:id/infections/:factId/entered-in-error': { ...eie('infection'), allow: FOLLOW_UP },
  'POST /api/patients/:id/ivig-doses': {
    allow: FOLLOW_UP,
    summary: 'Plan IVIG doses',
    body: PlanIvigRequest,
  },
  'POST /api/patients/:id/ivig-doses/:doseId/given': {
    allow: FOLLOW_UP_AND_BEDSIDE,
    summary: 'Record an IVIG dose as given',
    body: IvigGivenRequest,
  },
  'POST /api/patients/:id/ivig-doses/:doseId/missed': {
    allow: FOLLOW_UP,
    summary: 'Record an IVIG dose as missed',
    body: IvigMissedRequest,
  },
  'POST /api/patients/:id/ivig-doses/:doseId/cancel': {
    allow: FOLLOW_UP,
    summary: 'Cancel a planned IVIG dose with a reason',
    body: IvigCancelRequest,
  },
  'POST /api/patients/:id/immunosuppressant-stops': {
    allow: FOLLOW_UP,
    summary: 'Record an immunosuppressant stop',
    body: ImmunosuppressantStopRequest,
  },
  'POST /api/patients/:id/remission-assessments': {
    allow: FOLLOW_UP,
    summary: 'Record a remission assessment',
    body: RemissionAssessmentRequest,
  },
  'POST /api/patients/:id/licats': {
    allow: FOLLOW_UP,
    summary: 'Record a LICATS event (graded)',
    body: LicatsRequest,
  },
  'POST /api/patients/:id/milestones': {
    allow: FOLLOW_UP,
    summary: 'Record a completed follow-up visit',
    body: MilestoneVisitRequest,
  },
  'POST /api/patients/:id/milestones/:factId/entered-in-error': {
    ...eie('completed follow-up visit'),
    allow: FOLLOW_UP,
  },
  'GET /api/patients/:id/malignancies': {
    allow: CARE_TEAM,
    summary: 'New malignancies after CAR-T, each with its CAR transgene-testing task (open or done)',
  },
  'POST /api/patients/:id/malignancies': {
    allow: FOLLOW_UP,
    summary: 'Chart a new malignancy; creates the task to arrange CAR transgene testing of the tumour',
    body: MalignancyRequest,
  },
  'POST /api/patients/:id/malignancies/:factId/entered-in-error': { ...eie('malignancy'), allow: FOLLOW_UP },
  'POST /api/patients/:id/transgene-testing-tasks/:taskId/done': {
    allow: FOLLOW_UP,
    summary: 'Mark a transgene-testing task done (the manufacturer contacted, testing arranged)',
    body: TransgeneTestingDoneRequest,
  },
  'POST /api/patients/:id/transgene-testing-done/:factId/entered-in-error': {
    ...eie('transgene-testing completion'),
    allow: FOLLOW_UP,
  },
  'GET /api/worklist': {
    allow: CARE_TEAM,
    summary: 'Due and overdue IVIG doses, IgG checks and visits, by date',
    query: WorklistQuery,
  },
  'GET /api/worklist.ics': {
    allow: CARE_TEAM,
    summary: 'The worklist (IVIG doses, IgG checks, visits) as an iCalendar file, without names',
    query: WorklistQuery,
  },
  'GET /api/calendar-feed': { allow: CARE_TEAM, summary: 'Whether you have an active calendar feed' },
  'POST /api/calendar-feed': {
    allow: CARE_TEAM,
    summary: 'Create or rotate your secret calendar feed URL (shown once; the old one stops working)',
    body: EmptyBody,
  },
  'POST /api/calendar-feed/revoke': {
    allow: CARE_TEAM,
    summary: 'Revoke your calendar feed URL',
    body: EmptyBody,
  },
  'GET /api/calendar-feeds/:token/worklist.ics': {
    // No session: calendar apps subscribe with the secret token in the path (checked by the route).
    allow: PUBLIC,
    summary: 'The worklist as an iCalendar feed for calendar apps (initials and ids, no names)',
    query: WorklistQuery,
  },
  'GET /api/reports/toxicity': {
    allow: REPORTS,
    summary: 'Trial toxicity table per patient (CSV, or JSON with the cohort summary)',
    query: ReportQuery,
  },
  'GET /api/reports/toxicity/summary': {
    allow: REPORTS,
    summary: 'Cohort summary: patients per maximum grade, with %',
    query: ReportQuery,
  },
  'GET /api/reports/cibmtr.json': {
    allow: REPORTS,
    summary:
      'CIBMTR Form 4100-oriented extract per infused patient (CRS, ICANS, ICE, recovery, infections, malignancy), each field with its basis',
  },
  'GET /api/reports/cibmtr.csv': {
    allow: REPORTS,
    summary: 'The CIBMTR Form 4100-oriented extract as CSV, each field followed by its basis',
  },
  'GET /api/ward': {
    allow: CARE_TEAM,
    summary:
      'Patients under active monitoring, most acute first, with grades, latest vitals, alerts and checks due',
  },
  'GET /api/patients/:id/timeline': {
    allow: CARE_TEAM,
    summary:
      'Everything the patient timeline draws, downsampled to the chart, extremes and graded values kept',
    query: TimelineQuery,
  },
  'GET /api/reviews': {
    allow: CARE_TEAM,
    summary: 'Grade changes and their review status, most urgent first, with the facts used in words',
    query: ReviewQuery,
  },
  'POST /api/reviews/:id/confirm': {
    allow: HEMATOLOGIST,
    summary: 'Confirm a computed grade (signed)',
    body: ConfirmGradeRequest,
  },
  'POST /api/reviews/:id/override': {
    allow: HEMATOLOGIST,
    summary: 'Override a computed grade with a reason (signed)',
    body: OverrideGradeRequest,
  },

  'GET /api/alerts': { allow: CARE_TEAM, summary: 'Alerts, most severe first', query: AlertQuery },
  'POST /api/alerts/:id/acknowledge': {
    allow: CARE_TEAM,
    summary: 'Acknowledge an alert',
    body: AcknowledgeAlertRequest,
  },
  'POST /api/alerts/:id/resolve': {
    allow: CARE_TEAM,
    summary: 'Resolve an alert with a note',
    body: ResolveAlertRequest,
  },
  ...PROPHYLAXIS_ROUTES,
};

export function permissionFor(method: string, path: string): Permission | undefined {
  return ROUTES[`${method} ${path}`]?.allow;
}
