import { describe, expect, it } from 'vitest';
import { type AlertContent, refreshAlert } from './alert-refresh.ts';

const open: AlertContent = {
  severity: 'warning',
  message: 'Antiviral due to stop 2027-02-10 but its stop rule is not met: CD4 150/µL not above 200/µL',
  factIds: [],
};

describe('refreshAlert: what a rule firing again does to its unresolved alert', () => {
  it('the same firing evaluated again changes nothing (not "raised again")', () => {
    expect(refreshAlert(open, { ...open })).toEqual({ kind: 'unchanged' });
    const fired = { severity: 'high' as const, message: 'SpO2 90 %, below 92 %', factIds: ['vital_sets:7'] };
    expect(refreshAlert(fired, { ...fired })).toEqual({ kind: 'unchanged' });
  });

  it('a changed reason of the same condition brings the message up to date, counted apart', () => {
    const now = { ...open, message: open.message.replace('150', '170') };
    expect(refreshAlert(open, now)).toEqual({ kind: 'updated', alert: now, messageChanged: true });
  });

  it('a new charted fact is a real re-firing: the current message, every fact behind the alert', () => {
    const first = { severity: 'high' as const, message: 'SpO2 90 %, below 92 %', factIds: ['vital_sets:7'] };
    const next = { severity: 'high' as const, message: 'SpO2 87 %, below 92 %', factIds: ['vital_sets:9'] };
    expect(refreshAlert(first, next)).toEqual({
      kind: 'raised_again',
      alert: { ...next, factIds: ['vital_sets:7', 'vital_sets:9'] },
      messageChanged: true,
    });
    const same = { ...first, factIds: ['vital_sets:9'] };
    expect(refreshAlert(first, same)).toEqual({
      kind: 'raised_again',
      alert: { ...first, factIds: ['vital_sets:7', 'vital_sets:9'] },
      messageChanged: false,
    });
  });

  it('a higher severity escalates, with or without a new fact', () => {
    const worse = { severity: 'high' as const, message: 'IgG check overdue', factIds: [] };
    expect(refreshAlert({ ...open, message: 'IgG check due' }, worse)).toEqual({
      kind: 'escalated',
      alert: worse,
      messageChanged: true,
    });
  });

  it('a less severe firing never de-escalates: counted only on a new fact, the content kept', () => {
    const critical = {
      severity: 'critical' as const,
      message: 'ICE fell 5 points: 9 → 4/10',
      factIds: ['n:1', 'n:2'],
    };
    const milder = {
      severity: 'high' as const,
      message: 'ICE fell 3 points: 9 → 6/10',
      factIds: ['n:2', 'n:3'],
    };
    expect(refreshAlert(critical, milder)).toEqual({
      kind: 'raised_again',
      alert: { ...critical, factIds: ['n:1', 'n:2', 'n:3'] },
      messageChanged: false,
    });
    expect(refreshAlert(critical, { ...milder, factIds: ['n:2'] })).toEqual({ kind: 'unchanged' });
  });
});
