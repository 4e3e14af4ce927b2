import { ErrorBody, ROLES, type Role } from '@cellwatch/contracts';
import { z } from 'zod';

/**
 * What a route declaration (`createRoute` in a resource's `*.routes.ts`) is made of: the roles
 * that may call it (`x-roles`, read by the permission check), its JSON body, its answers. Apart
 * from http/routes.ts so that a declaration needs nothing of the app (the event audiences read
 * declarations too).
 */

/** Anyone may call these: no session needed. */
export const PUBLIC = 'public' as const;
/** Devices call these with their own API key instead of a session; the route checks the key. */
export const DEVICE = 'device' as const;
export type Permission = typeof PUBLIC | typeof DEVICE | readonly Role[];

export const EVERYONE = ROLES;
export const ADMIN = ['admin'] as const;
/** The clinical team reads patient records; admins manage accounts and the audit trail only. */
export const CARE_TEAM = ['nurse', 'hematologist', 'coordinator'] as const;
/** Bedside charting: vitals, neuro checks, medications, pressors. */
export const BEDSIDE = ['nurse', 'hematologist'] as const;
/**
 * Enrolment, weight, status and course dates: at a unit the coordinators and the admitting nurses
 * register patients and nurses weigh them (tocilizumab is dosed by weight), with the hematologists.
 */
export const ENROL = ['hematologist', 'coordinator', 'nurse'] as const;
export const HEMATOLOGIST = ['hematologist'] as const;
/** Long-term follow-up: coordinators, with the hematologists. */
export const FOLLOW_UP = ['coordinator', 'hematologist'] as const;
/** Trial reports and record exports hold a patient's whole course: hematologists and coordinators. */
export const REPORTS = ['hematologist', 'coordinator'] as const;
export const FOLLOW_UP_AND_BEDSIDE = ['coordinator', 'hematologist', 'nurse'] as const;

/** Who may call a route, and how it authenticates: spread into each `createRoute` declaration. */
export function allow(permission: Permission): {
  'x-roles': Permission;
  security?: Record<string, string[]>[];
} {
  if (permission === PUBLIC) return { 'x-roles': permission };
  const scheme = permission === DEVICE ? 'deviceKey' : 'session';
  return { 'x-roles': permission, security: [{ [scheme]: [] }] };
}

/** A JSON request body checked against a contract. */
export function jsonBody<S extends z.ZodType>(schema: S) {
  return { required: true, content: { 'application/json': { schema } } } as const;
}

/** A FHIR request body: JSON under FHIR's own media type too (FHIR clients send application/fhir+json). */
export function fhirBody<S extends z.ZodType>(schema: S) {
  return {
    required: true,
    content: { 'application/json': { schema }, 'application/fhir+json': { schema } },
  } as const;
}

/** The answers every route may give besides its own: the one error shape of DESIGN.md. */
export const ERROR_RESPONSES = {
  default: { description: 'Error', content: { 'application/json': { schema: ErrorBody } } },
} as const;

/** A route's successful answer (`status`), described; its body typed by its contract if given. */
export function answers<N extends number = 200>(
  description: string,
  schema?: undefined,
  status?: N,
): { [K in N]: { description: string } } & typeof ERROR_RESPONSES;
export function answers<S extends z.ZodType, N extends number = 200>(
  description: string,
  schema: S,
  status?: N,
): {
  [K in N]: { description: string; content: { 'application/json': { schema: S } } };
} & typeof ERROR_RESPONSES;
export function answers(description: string, schema?: z.ZodType, status = 200) {
  const answer = schema ? { description, content: { 'application/json': { schema } } } : { description };
  return { [status]: answer, ...ERROR_RESPONSES };
}

/**
 * A successful answer given as JSON, typed by its contract, or as CSV (a report's `?format=`):
 * the JSON is checked against the contract like any other answer, the CSV is text.
 */
export function answersJsonOrCsv<S extends z.ZodType>(description: string, schema: S) {
  return {
    200: {
      description,
      content: { 'application/json': { schema }, 'text/csv': { schema: z.string() } },
    },
    ...ERROR_RESPONSES,
  } as const;
}

/** Whether a role may call a declared route (a session's role: never a device or the public). */
export function mayCall(route: { 'x-roles': Permission }, role: Role): boolean {
  const permission = route['x-roles'];
  return Array.isArray(permission) && permission.includes(role);
}
