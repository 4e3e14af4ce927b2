import type { FollowUpPicture as FollowUp } from '@cellwatch/contracts';
import { formatLocalDate, formatLocalDateTime } from '../format/time.ts';
import { EmptyState } from '../ui/states.tsx';
import { FollowUpSection } from './FollowUpSection.tsx';
import { IvigDoseActions } from './IvigDoseActions.tsx';
import { DosePlanWarning } from './IvigWarnings.tsx';
import { PlanIvigDosesForm } from './PlanIvigDosesForm.tsx';
import { StatusTag } from './StatusTag.tsx';

/** The planned IVIG doses, what happened to each, and the IgG checks around them. */
export function IvigScheduleSection({ patientId, data }: { patientId: number; data: FollowUp }) {
  return (
    <FollowUpSection title="IVIG dose schedule">
      {data.doses.length === 0 ? (
        <EmptyState title="No IVIG doses planned" />
      ) : (
        <ul className="fu-doses">
          {data.doses.map((d) => (
            <li key={d.id} className={d.status === 'overdue' ? 'fu-row--overdue' : undefined}>
              <p>
                <StatusTag status={d.status} /> <strong>Due {formatLocalDate(d.dueAt)}</strong>
                {d.given && (
                  <>
                    {' '}
                    — given {formatLocalDateTime(d.given.at)}: {d.given.doseG} g, lot {d.given.lot ?? '—'}
                    {d.given.by && <> by {d.given.by}</>}
                  </>
                )}
                {d.cancelledReason && <> — cancelled: {d.cancelledReason}</>}
              </p>
              {d.trough && <p className="muted small">Trough IgG: {d.trough.status.replaceAll('_', ' ')}</p>}
              <DosePlanWarning warning={d.planWarning} />
              <IvigDoseActions patientId={patientId} dose={d} defaultG={d.plannedDoseG ?? data.ivig.doseG} />
            </li>
          ))}
        </ul>
      )}
      <PlanIvigDosesForm patientId={patientId} data={data} />
      <h3>IgG checks</h3>
      <ul className="fu-plain">
        {data.iggChecks.map((c) => (
          <li key={`${c.kind}-${c.dueAt}`}>
            <StatusTag status={c.status} /> {c.label} (due {formatLocalDate(c.dueAt)})
            {c.reason && <span className="muted"> — {c.reason}</span>}
          </li>
        ))}
      </ul>
    </FollowUpSection>
  );
}
