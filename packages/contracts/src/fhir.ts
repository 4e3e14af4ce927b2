import { z } from 'zod';

/**
 * The body of `POST /api/fhir` (FHIR R4 Bundle of Observations): only its envelope is checked
 * here; each entry's resource is validated on its own by the import, so one bad entry becomes an
 * OperationOutcome issue for that entry rather than refusing the whole Bundle.
 */
export const FhirBundleRequest = z
  .object({
    resourceType: z.literal('Bundle'),
    type: z.enum(['transaction', 'batch', 'collection']),
    entry: z
      .array(
        z
          .object({ fullUrl: z.string().optional(), resource: z.record(z.string(), z.unknown()) })
          .passthrough(),
      )
      .max(5000),
  })
  .passthrough();
export type FhirBundleRequest = z.infer<typeof FhirBundleRequest>;
