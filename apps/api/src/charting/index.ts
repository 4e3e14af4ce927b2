/** Bedside charting: one router per kind of fact, each mounted under its patient. */
export { annotationRoutes } from './annotations.handlers.ts';
export { labRoutes } from './labs.handlers.ts';
export { medicationRoutes } from './medications.handlers.ts';
export { neuroRoutes } from './neuro.handlers.ts';
export { vasopressorRoutes } from './vasopressors.handlers.ts';
export { vitalsRoutes } from './vitals.handlers.ts';
