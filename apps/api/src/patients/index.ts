/** Enrolment, the patient list and a patient's record. */
export { patientRoutes } from './patients.handlers.ts';
