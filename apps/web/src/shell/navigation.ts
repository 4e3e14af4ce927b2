import type { Role } from '@cellwatch/contracts';

export interface NavItem {
  to: string;
  label: string;
}

/** What each role sees in the header, first view first. */
const NAVIGATION: Record<Role, readonly NavItem[]> = {
  nurse: [
    { to: '/ward', label: 'Ward' },
    { to: '/alerts', label: 'Alerts' },
    { to: '/patients/new', label: 'Enrol' },
  ],
  hematologist: [
    { to: '/ward', label: 'Ward' },
    { to: '/alerts', label: 'Alerts' },
    { to: '/reviews', label: 'Reviews' },
    { to: '/reports', label: 'Reports' },
    { to: '/patients/new', label: 'Enrol' },
  ],
  coordinator: [
    { to: '/ward', label: 'Ward' },
    { to: '/alerts', label: 'Alerts' },
    { to: '/follow-up', label: 'Follow-up' },
    { to: '/reports', label: 'Reports' },
    { to: '/patients/new', label: 'Enrol' },
  ],
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

/** Views outside the header navigation (matched by pattern, most specific first), with their roles. */
const HIDDEN_ROUTES: readonly { pattern: RegExp; roles: readonly Role[] }[] = [
  { pattern: /^\/patients\/\d+\/bedside(\/|$)/, roles: ['nurse', 'hematologist'] },
  { pattern: /^\/patients\/\d+\/?$/, roles: ['nurse', 'hematologist', 'coordinator'] },
  // Everyone on the unit may read the review queue; only hematologists sign (and see it in the nav).
  { pattern: /^\/reviews\/?$/, roles: ['nurse', 'hematologist', 'coordinator'] },
  { pattern: /^\/follow-up(\/\d+)?\/?$/, roles: ['coordinator', 'hematologist'] },
  // Everyone changes their own password and sets up their own one-time password app.
  { pattern: /^\/account\/?$/, roles: ['nurse', 'hematologist', 'coordinator', 'admin'] },
];

/** Which roles may open a path (the API enforces the same; this keeps people out of dead ends). */
export function rolesFor(path: string): readonly Role[] {
  const hidden = HIDDEN_ROUTES.find((route) => route.pattern.test(path));
  if (hidden) return hidden.roles;
  return (Object.keys(NAVIGATION) as Role[]).filter((role) =>
    NAVIGATION[role].some((item) => path === item.to || path.startsWith(`${item.to}/`)),
  );
}
