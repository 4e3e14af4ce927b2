import type { FollowUpPicture as FollowUp } from '@cellwatch/contracts';
import { Cd19Chart, IggChart } from './FollowUpCharts.tsx';
import { FollowUpSection, Reasons } from './FollowUpSection.tsx';
import { StatusTag } from './StatusTag.tsx';

const B_CELL_LABELS: Record<string, string> = {
  not_yet_depleted: 'Not yet depleted',
  aplasia: 'B-cell aplasia',
  reconstituted: 'B cells reconstituted',
  no_data: 'No CD19 data',
};

/** B-cell status (aplasia, reconstitution) with the IgG and CD19 charts. */
export function BCellSection({ data }: { data: FollowUp }) {
  const b = data.bCells;
  return (
    <FollowUpSection title="B cells and IgG">
      <p className="fu-big">
        <StatusTag status={b?.status ?? 'no_data'} /> {B_CELL_LABELS[b?.status ?? 'no_data'] ?? b?.status}
        {b?.status === 'aplasia' && b.daysInAplasia !== null && (
          <>
            {' '}
            — {b.daysInAplasia} days, since Day +{b.aplasiaBeganDay}
          </>
        )}
        {b?.status === 'reconstituted' && b.reconstitutedDay !== null && <> on Day +{b.reconstitutedDay}</>}
      </p>
      {b && <Reasons reasons={b.reasons} />}
      <IggChart data={data} />
      <Cd19Chart data={data} />
    </FollowUpSection>
  );
}
