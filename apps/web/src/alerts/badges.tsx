import { SEVERITY_LABELS, type Severity } from './queries.ts';
import './badges.css';

/** Severity as colour, icon and word: never colour alone. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  const icon = severity === 'critical' ? '‼' : severity === 'high' ? '!' : severity === 'warning' ? '▲' : 'i';
  return (
    <span className={`sev sev--${severity}`}>
      <span aria-hidden="true">{icon} </span>
      {SEVERITY_LABELS[severity]}
    </span>
  );
}

/** A CRS/ICANS grade: the number in text on a colour that rises with it. */
export function GradeBadge({ syndrome, grade }: { syndrome?: 'crs' | 'icans'; grade: number | null }) {
  const label = syndrome ? `${syndrome.toUpperCase()} ` : '';
  if (grade === null) return <span className="grade grade--none">{label}not graded</span>;
  return <span className={`grade grade--${Math.min(grade, 5)}`}>{`${label}grade ${grade}`}</span>;
}
