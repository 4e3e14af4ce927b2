import {
  EnteredInErrorRequest,
  FollowUpPicture,
  IdParam,
  ImmunosuppressantStopRequest,
  InfectionRequest,
  IvigCancelRequest,
  IvigGivenRequest,
  IvigMissedRequest,
  LicatsRequest,
  MilestoneVisitRequest,
  PlanIvigRequest,
  RemissionAssessmentRequest,
} from '@cellwatch/contracts';
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { FactParams } from '../charting/facts.ts';
import {
  allow,
  answers,
  CARE_TEAM,
  FOLLOW_UP,
  FOLLOW_UP_AND_BEDSIDE,
  jsonBody,
} from '../http/route-declaration.ts';

/** A planned IVIG dose of a patient. */
export const DoseParams = z.strictObject({
  id: z.coerce.number().int().positive(),
  doseId: z.coerce.number().int().positive(),
});

export const followUp = createRoute({
  method: 'get',
  path: '/follow-up',
  summary: 'B-cell aplasia, IgG and IVIG, checks, milestones, autoantibodies, remission, LICATS',
  ...allow(CARE_TEAM),
  request: { params: IdParam },
  responses: answers(
    'B-cell aplasia, IgG and IVIG, checks, milestones, autoantibodies, remission, LICATS',
    FollowUpPicture,
  ),
});

export const logInfection = createRoute({
  method: 'post',
  path: '/infections',
  summary: 'Log an infection',
  ...allow(FOLLOW_UP),
  request: { params: IdParam, body: jsonBody(InfectionRequest) },
  responses: answers('Log an infection'),
});

export const infectionEnteredInError = createRoute({
  method: 'post',
  path: '/infections/{factId}/entered-in-error',
  summary: 'Mark a infection entered-in-error (kept, ignored by the rules)',
  ...allow(FOLLOW_UP),
  request: { params: FactParams, body: jsonBody(EnteredInErrorRequest) },
  responses: answers('Mark a infection entered-in-error'),
});

export const planIvigDoses = createRoute({
  method: 'post',
  path: '/ivig-doses',
  summary: 'Plan IVIG doses',
  ...allow(FOLLOW_UP),
  request: { params: IdParam, body: jsonBody(PlanIvigRequest) },
  responses: answers('Plan IVIG doses'),
});

export const ivigDoseGiven = createRoute({
  method: 'post',
  path: '/ivig-doses/{doseId}/given',
  summary: 'Record an IVIG dose as given',
  ...allow(FOLLOW_UP_AND_BEDSIDE),
  request: { params: DoseParams, body: jsonBody(IvigGivenRequest) },
  responses: answers('Record an IVIG dose as given'),
});

export const ivigDoseMissed = createRoute({
  method: 'post',
  path: '/ivig-doses/{doseId}/missed',
  summary: 'Record an IVIG dose as missed',
  ...allow(FOLLOW_UP),
  request: { params: DoseParams, body: jsonBody(IvigMissedRequest) },
  responses: answers('Record an IVIG dose as missed'),
});

export const ivigDoseCancelled = createRoute({
  method: 'post',
  path: '/ivig-doses/{doseId}/cancel',
  summary: 'Cancel a planned IVIG dose with a reason',
  ...allow(FOLLOW_UP),
  request: { params: DoseParams, body: jsonBody(IvigCancelRequest) },
  responses: answers('Cancel a planned IVIG dose with a reason'),
});

export const recordImmunosuppressantStop = createRoute({
  method: 'post',
  path: '/immunosuppressant-stops',
  summary: 'Record an immunosuppressant stop',
  ...allow(FOLLOW_UP),
  request: { params: IdParam, body: jsonBody(ImmunosuppressantStopRequest) },
  responses: answers('Record an immunosuppressant stop'),
});

export const recordRemissionAssessment = createRoute({
  method: 'post',
  path: '/remission-assessments',
  summary: 'Record a remission assessment',
  ...allow(FOLLOW_UP),
  request: { params: IdParam, body: jsonBody(RemissionAssessmentRequest) },
  responses: answers('Record a remission assessment'),
});

export const recordLicats = createRoute({
  method: 'post',
  path: '/licats',
  summary: 'Record a LICATS event (graded)',
  ...allow(FOLLOW_UP),
  request: { params: IdParam, body: jsonBody(LicatsRequest) },
  responses: answers('Record a LICATS event'),
});

export const recordMilestoneVisit = createRoute({
  method: 'post',
  path: '/milestones',
  summary: 'Record a completed follow-up visit',
  ...allow(FOLLOW_UP),
  request: { params: IdParam, body: jsonBody(MilestoneVisitRequest) },
  responses: answers('Record a completed follow-up visit'),
});

export const milestoneVisitEnteredInError = createRoute({
  method: 'post',
  path: '/milestones/{factId}/entered-in-error',
  summary: 'Mark a completed follow-up visit entered-in-error (kept, ignored by the rules)',
  ...allow(FOLLOW_UP),
  request: { params: FactParams, body: jsonBody(EnteredInErrorRequest) },
  responses: answers('Mark a completed follow-up visit entered-in-error'),
});
