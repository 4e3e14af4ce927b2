/** `@cellwatch/api/course`: a patient's charted course as the regrader reads it (bench/ checks its grades). */
export { loadCourseFacts } from '../grading/load-facts.ts';
export { patientContext } from '../grading/regrader.ts';
export { findPatientRow } from '../patients/patients.ts';
