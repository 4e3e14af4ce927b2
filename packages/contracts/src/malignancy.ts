import { z } from 'zod';
import { CalendarDate, SafeLine, SafeText } from './common.ts';

/**
 * New malignancies after CAR-T, charted as events for lifelong follow-up (15 years; FDA guidance
 * "Considerations for the Development of CAR T Cell Products", 2024). T-cell lymphoma is kept
 * apart because the FDA's January 2024 class labelling names T-cell malignancies.
 */
export const MalignancyType = z.enum(['t_cell_lymphoma', 'other_haematological', 'solid']);
export type MalignancyType = z.infer<typeof MalignancyType>;

export const MalignancyRequest = z.strictObject({
  diagnosedOn: CalendarDate,
  type: MalignancyType,
  site: SafeLine.min(1).max(200),
  tumourSampleAvailable: z.boolean(),
  notes: SafeText.max(2000).optional(),
});
export type MalignancyRequest = z.infer<typeof MalignancyRequest>;

/** The transgene-testing task done: the date the manufacturer was contacted and testing arranged. */
export const TransgeneTestingDoneRequest = z.strictObject({
  doneOn: CalendarDate,
  note: SafeText.max(2000).optional(),
});
export type TransgeneTestingDoneRequest = z.infer<typeof TransgeneTestingDoneRequest>;

export const TransgeneTestingTaskParams = z.strictObject({
  id: z.coerce.number().int().positive(),
  taskId: z.coerce.number().int().positive(),
});

const Person = z.object({ id: z.number(), displayName: z.string() });
const EnteredInError = z.object({ reason: z.string(), by: Person, at: z.string() }).nullable();

export const TransgeneTestingTask = z.object({
  id: z.number(),
  title: z.string(),
  source: z.string(),
  /** `entered_in_error`: its malignancy was charted in error; the task is kept, no longer tracked. */
  status: z.enum(['open', 'done', 'entered_in_error']),
  createdAt: z.string(),
  done: z
    .object({
      id: z.number(),
      doneOn: z.string(),
      by: Person,
      note: z.string().nullable(),
      recordedAt: z.string(),
    })
    .nullable(),
});
export type TransgeneTestingTask = z.infer<typeof TransgeneTestingTask>;

export const Malignancy = z.object({
  id: z.number(),
  patientId: z.number(),
  diagnosedOn: z.string(),
  type: MalignancyType,
  site: z.string(),
  tumourSampleAvailable: z.boolean(),
  notes: z.string().nullable(),
  recordedBy: Person,
  recordedAt: z.string(),
  enteredInError: EnteredInError,
  task: TransgeneTestingTask,
});
export type Malignancy = z.infer<typeof Malignancy>;

export const MalignanciesResponse = z.object({ malignancies: z.array(Malignancy) });
export type MalignanciesResponse = z.infer<typeof MalignanciesResponse>;
