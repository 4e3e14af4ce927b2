/** FHIR R4: a patient's record exported, bundles imported. */
export { fhirExportRoutes, fhirImportRoutes } from './fhir.handlers.ts';
