import type { AlertSeverity } from '@cellwatch/contracts';

const OXYGEN_LABELS: Record<string, string> = {
  room_air: 'Room air',
  nasal_cannula: 'Nasal cannula',
  blow_by: 'Blow-by',
  high_flow_nasal_cannula: 'High-flow nasal cannula',
  face_mask: 'Face mask',
  non_rebreather: 'Non-rebreather',
  venturi_mask: 'Venturi mask',
  cpap: 'CPAP',
  bipap: 'BiPAP',
  mechanical_ventilation: 'Mechanical ventilation',
};

export const OXYGEN_DEVICE_OPTIONS = Object.entries(OXYGEN_LABELS).map(([value, label]) => ({
  value,
  label,
}));

export function oxygenLabel(device: string | null, flow?: number | null): string {
  if (!device) return '—';
  const label = OXYGEN_LABELS[device] ?? device;
  return flow != null ? `${label} ${flow} L/min` : label;
}

/** "Day +3" from a day number. */
export function dayText(day: number | null | undefined): string {
  if (day == null) return 'Not infused';
  if (day === 0) return 'Day 0';
  return day > 0 ? `Day +${day}` : `Day \u2212${-day}`;
}

/** "12 min ago", "3 h ago", "2 d ago" (rounded down). */
export function timeAgo(at: string | number, now: number = Date.now()): string {
  const ms = now - (typeof at === 'number' ? at : Date.parse(at));
  if (Number.isNaN(ms)) return '';
  const min = Math.floor(ms / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min ago`;
  return `${Math.floor(h / 24)} d ago`;
}

/** "in 25 min" / "35 min overdue". */
export function dueText(at: string, now: number = Date.now()): string {
  const min = Math.round((Date.parse(at) - now) / 60_000);
  const abs = Math.abs(min);
  const span = abs < 60 ? `${abs} min` : `${Math.floor(abs / 60)} h ${abs % 60} min`;
  return min >= 0 ? `in ${span}` : `${span} ago`;
}

/** A CRS or ICANS grade as a coloured badge that always says the grade in words. */
export function GradeBadge({
  syndrome,
  grade,
  pending = false,
}: {
  syndrome: 'CRS' | 'ICANS';
  grade: number | null | undefined;
  pending?: boolean;
}) {
  const g = grade ?? null;
  const level = g === null ? 'none' : String(Math.min(g, 4));
  return (
    <span
      className={`grade-badge grade-badge--${level}`}
      title={pending ? `${syndrome} grade ${g ?? 'not graded'}, review pending` : undefined}
    >
      {syndrome} {g === null ? '–' : g}
      {pending && <span className="grade-badge__pending"> (unreviewed)</span>}
    </span>
  );
}

const SEVERITY_LABELS: Record<AlertSeverity, string> = {
  critical: 'Critical',
  high: 'High',
  warning: 'Warning',
  info: 'Info',
};

export function SeverityBadge({ severity }: { severity: AlertSeverity | null }) {
  if (!severity) return null;
  return <span className={`sev-badge sev-badge--${severity}`}>{SEVERITY_LABELS[severity]}</span>;
}
