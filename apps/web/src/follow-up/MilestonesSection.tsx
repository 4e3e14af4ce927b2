import type { MilestoneState } from '@cellwatch/contracts';
import { formatCalendarDate, formatLocalDate } from '../format/time.ts';
import { TableScroller } from '../ui/TableScroller.tsx';
import { MilestoneActions } from './MilestoneActions.tsx';
import { StatusTag } from './StatusTag.tsx';

/** The visit schedule from Day 0, with what each visit needs and whether it happened. */
export function MilestonesTable({
  patientId,
  milestones,
}: {
  patientId: number;
  milestones: MilestoneState[];
}) {
  return (
    <TableScroller label="Follow-up milestones">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Visit</th>
            <th scope="col">Due</th>
            <th scope="col">Status</th>
            <th scope="col">Items</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {milestones.map((m) => (
            <tr key={m.id} className={m.status === 'overdue' ? 'fu-row--overdue' : undefined}>
              <th scope="row">{m.label}</th>
              <td className="nowrap">{formatCalendarDate(m.dueDate)}</td>
              <td>
                <StatusTag status={m.status} />
                {m.completedAt && (
                  <span className="cell-sub">
                    {m.completedBy === 'data' ? 'data charted' : 'done'} {formatLocalDate(m.completedAt)}
                  </span>
                )}
                {m.completedBy === 'data' && m.missingItems && m.missingItems.length > 0 && (
                  <span className="cell-sub">
                    not charted: {m.missingItems.map((i) => i.replaceAll('_', ' ')).join(', ')}
                  </span>
                )}
              </td>
              <td>{m.items.map((i) => i.replaceAll('_', ' ')).join(', ')}</td>
              <td>
                <MilestoneActions patientId={patientId} m={m} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroller>
  );
}
