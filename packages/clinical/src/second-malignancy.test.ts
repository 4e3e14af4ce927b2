import { describe, expect, it } from 'vitest';
import {
  TRANSGENE_TESTING_TASK,
  transgeneTestingAlert,
  transgeneTestingStatus,
} from './second-malignancy.ts';

describe('transgene-testing task status (FDA class labelling, January 2024)', () => {
  it.each([
    { malignancyEnteredInError: false, done: false, status: 'open' },
    { malignancyEnteredInError: false, done: true, status: 'done' },
    { malignancyEnteredInError: true, done: false, status: 'entered_in_error' },
    { malignancyEnteredInError: true, done: true, status: 'entered_in_error' },
  ])('entered in error $malignancyEnteredInError, done $done → $status', ({ status, ...task }) => {
    expect(transgeneTestingStatus(task)).toBe(status);
  });
});

describe('coordinator alert while a task is open', () => {
  it('none without an open task', () => {
    expect(transgeneTestingAlert([])).toBeNull();
  });
  it('one open task: names the malignancy, the task and its source', () => {
    const alert = transgeneTestingAlert([
      { id: 4, createdAt: '2027-01-05T10:00:00.000Z', malignancyDiagnosedOn: '2027-01-03' },
    ]);
    expect(alert).toMatchObject({
      rule: 'transgene_testing_open',
      severity: 'warning',
      factIds: ['transgene_testing_tasks:4'],
    });
    expect(alert?.message).toContain(TRANSGENE_TESTING_TASK.title);
    expect(alert?.message).toContain('diagnosed 2027-01-03');
    expect(alert?.message).toContain('January 2024');
  });
  it('several open tasks: one alert, counting them from the oldest', () => {
    const alert = transgeneTestingAlert([
      { id: 9, createdAt: '2028-02-01T10:00:00.000Z', malignancyDiagnosedOn: '2028-01-30' },
      { id: 4, createdAt: '2027-01-05T10:00:00.000Z', malignancyDiagnosedOn: '2027-01-03' },
    ]);
    expect(alert?.message).toContain('2 malignancies (oldest task from 2027-01-05)');
    expect(alert?.factIds).toEqual(['transgene_testing_tasks:9', 'transgene_testing_tasks:4']);
  });
});
