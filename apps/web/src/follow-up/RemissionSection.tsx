import type { FollowUpPicture as FollowUp } from '@cellwatch/contracts';
import { formatLocalDate } from '../format/time.ts';
import { FollowUpSection, Reasons } from './FollowUpSection.tsx';
import { StatusTag } from './StatusTag.tsx';

/** Remission status and each autoantibody's course. */
export function RemissionSection({ data }: { data: FollowUp }) {
  return (
    <FollowUpSection title="Autoantibodies and remission">
      <p className="fu-big">
        <StatusTag status={data.remission.status} /> Remission: {data.remission.status.replaceAll('_', ' ')}
        {data.remission.since && <> since {formatLocalDate(data.remission.since)}</>}
      </p>
      <Reasons reasons={data.remission.reasons} />
      {data.autoantibodies.length === 0 ? (
        <p className="muted">No autoantibody results.</p>
      ) : (
        <ul className="fu-plain">
          {data.autoantibodies.map((a) => (
            <li key={a.antibody}>
              <strong>{a.antibody}</strong>: {a.status.replaceAll('_', ' ')}
              {a.change && (
                <>
                  {' '}
                  ({a.change.from} → {a.change.to}, {a.change.percent > 0 ? '+' : ''}
                  {Math.round(a.change.percent)}%)
                </>
              )}
              <span className="cell-sub">
                {a.points
                  .map(
                    (p) =>
                      `${p.day === null ? formatLocalDate(p.at) : `Day +${p.day}`}: ${p.value ?? (p.negative ? 'negative' : '—')}`,
                  )
                  .join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </FollowUpSection>
  );
}
