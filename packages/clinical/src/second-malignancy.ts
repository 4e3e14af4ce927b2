/**
 * Second malignancies after CAR-T: the transgene-testing task and its coordinator alert.
 *
 * Source: FDA, January 2024 class labelling of the autologous BCMA- and CD19-directed CAR-T
 * products (boxed warning "T cell malignancies"; section 5 "Secondary Hematological
 * Malignancies"): patients are monitored life-long for secondary malignancies, and "in the event
 * that a secondary malignancy occurs, contact [the manufacturer] to obtain instructions on
 * collection of patient samples for testing" (for the CAR transgene in the tumour).
 * shared/clinical-reference.md, "B-cell aplasia, hypogammaglobulinemia, IVIG": follow-up for 15
 * years, including watch for secondary malignancy.
 *
 * CELLWATCH INTERPRETATION: every malignancy charted creates one task; it stays open until it is
 * marked done (a charted fact with its date and who), and the coordinators are alerted while any
 * task is open. A malignancy marked entered-in-error takes its task with it.
 */

export const TRANSGENE_TESTING_TASK = {
  title: 'Contact the manufacturer to arrange CAR transgene testing of the tumour sample',
  source: 'FDA class labelling of CAR-T products, January 2024 (T-cell malignancies)',
} as const;

export type TransgeneTestingStatus = 'open' | 'done' | 'entered_in_error';

/** A task's status from its malignancy's entered-in-error mark and its (valid) completion. */
export function transgeneTestingStatus(task: {
  malignancyEnteredInError: boolean;
  done: boolean;
}): TransgeneTestingStatus {
  if (task.malignancyEnteredInError) return 'entered_in_error';
  return task.done ? 'done' : 'open';
}

export const TRANSGENE_TESTING_RULE = 'transgene_testing_open';

export interface TransgeneTestingAlert {
  rule: typeof TRANSGENE_TESTING_RULE;
  severity: 'warning';
  message: string;
  factIds: string[];
}

/**
 * The coordinator alert while transgene testing is still to be arranged: one alert for the
 * patient naming how many tasks are open and since when; none when no task is open.
 */
export function transgeneTestingAlert(
  openTasks: readonly { id: number; createdAt: string; malignancyDiagnosedOn: string }[],
): TransgeneTestingAlert | null {
  if (openTasks.length === 0) return null;
  const oldest = [...openTasks].sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
  const which =
    openTasks.length === 1
      ? `the malignancy diagnosed ${oldest?.malignancyDiagnosedOn}`
      : `${openTasks.length} malignancies (oldest task from ${oldest?.createdAt.slice(0, 10)})`;
  return {
    rule: TRANSGENE_TESTING_RULE,
    severity: 'warning',
    message: `${TRANSGENE_TESTING_TASK.title}: open for ${which} (${TRANSGENE_TESTING_TASK.source}).`,
    factIds: openTasks.map((t) => `transgene_testing_tasks:${t.id}`),
  };
}
