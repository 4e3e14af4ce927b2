import { ROLES } from '@cellwatch/contracts';
import { describe, expect, it } from 'vitest';
import { homePathFor, navigationFor, rolesFor } from './navigation.ts';

describe('role navigation', () => {
  it('gives every role at least one view and lands it on the first', () => {
    for (const role of ROLES) {
      const items = navigationFor(role);
      expect(items.length).toBeGreaterThan(0);
      expect(homePathFor(role)).toBe(items[0]?.to);
    }
  });

  it('keeps the admin views for admins and the ward for the care team', () => {
    expect(rolesFor('/admin/users')).toEqual(['admin']);
    expect(rolesFor('/admin/audit')).toEqual(['admin']);
    expect(rolesFor('/ward')).toEqual(['nurse', 'hematologist', 'coordinator']);
    expect(rolesFor('/nowhere')).toEqual([]);
  });

  it('offers the trial reports to hematologists and coordinators only', () => {
    expect(rolesFor('/reports')).toEqual(['hematologist', 'coordinator']);
    for (const role of ['hematologist', 'coordinator'] as const)
      expect(navigationFor(role).map((item) => item.label)).toContain('Reports');
    for (const role of ['nurse', 'admin'] as const)
      expect(navigationFor(role).map((item) => item.to)).not.toContain('/reports');
  });

  it('lets the care team that enrols at the unit open the enrolment form, and no one else', () => {
    expect(rolesFor('/patients/new')).toEqual(['nurse', 'hematologist', 'coordinator']);
    expect(navigationFor('admin').map((item) => item.to)).not.toContain('/patients/new');
  });
});
