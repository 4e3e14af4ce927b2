import type { Role } from '@cellwatch/contracts';

export interface NavItem {
  to: string;
  label: string;
}

/**
 * What each role sees in the header. Only views that exist are listed: Alerts, the review
 * queue and follow-up join when their APIs do (issue 6).
 */
const NAVIGATION: Record<Role, readonly NavItem[]> = {
  nurse: [{ to: '/ward', label: 'Ward' }],
  hematologist: [{ to: '/ward', label: 'Ward' }],
  coordinator: [{ to: '/ward', label: 'Ward' }],
  admin: [
    { to: '/admin/users', label: 'Users' },
    { to: '/admin/audit', label: 'Audit trail' },
  ],
};

export const ROLE_LABELS: Record<Role, string> = {
  nurse: 'Nurse',
  hematologist: 'Hematologist',
  coordinator: 'Coordinator',
  admin: 'Administrator',
};

export function navigationFor(role: Role): readonly NavItem[] {
  return NAVIGATION[role];
}

/** Where a role lands after signing in: its first view. */
export function homePathFor(role: Role): string {
  return NAVIGATION[role][0]?.to ?? '/';
}

/** Which roles may open a path (the API enforces the same; this keeps people out of dead ends). */
export function rolesFor(path: string): readonly Role[] {
  return (Object.keys(NAVIGATION) as Role[]).filter((role) =>
    NAVIGATION[role].some((item) => path === item.to || path.startsWith(`${item.to}/`)),
  );
}
