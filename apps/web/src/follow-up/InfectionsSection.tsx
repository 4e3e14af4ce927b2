import type { FollowUpPicture as FollowUp } from '@cellwatch/contracts';
import { formatLocalDateTime } from '../format/time.ts';
import { TableScroller } from '../ui/TableScroller.tsx';
import { FollowUpSection } from './FollowUpSection.tsx';
import { InfectionForm } from './InfectionForm.tsx';

/** The infections charted since infusion, and the form to add one. */
export function InfectionsSection({ patientId, data }: { patientId: number; data: FollowUp }) {
  return (
    <FollowUpSection title="Infections">
      {data.infections.length === 0 ? (
        <p className="muted">No infections recorded.</p>
      ) : (
        <TableScroller label="Infections">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Onset</th>
                <th scope="col">Site</th>
                <th scope="col">Organism</th>
                <th scope="col">CTCAE</th>
                <th scope="col">Bacterial</th>
                <th scope="col">Hospitalised</th>
              </tr>
            </thead>
            <tbody>
              {data.infections.map((i) => (
                <tr key={i.id}>
                  <td>{formatLocalDateTime(i.onsetAt)}</td>
                  <td>{i.site}</td>
                  <td>{i.organism ?? '—'}</td>
                  <td>Grade {i.ctcaeGrade}</td>
                  <td>{i.bacterial ? 'Yes' : 'No'}</td>
                  <td>{i.hospitalised ? 'Yes' : 'No'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroller>
      )}
      <InfectionForm patientId={patientId} />
    </FollowUpSection>
  );
}
