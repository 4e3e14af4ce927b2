import type { DiseaseRemission } from '@cellwatch/contracts';
import { formatLocalDate } from '../format/time.ts';
import { Reasons } from './FollowUpSection.tsx';
import { StatusTag } from './StatusTag.tsx';

/** Whether the protocol's remission definition holds for the patient's disease, with its basis and source. */
export function DiseaseRemissionSummary({ remission }: { remission: DiseaseRemission }) {
  return (
    <div data-testid="disease-remission">
      <p className="fu-big">
        <StatusTag status={remission.status} /> {remission.definition ?? 'No remission definition'}:{' '}
        <strong>
          {remission.status === 'in_remission'
            ? 'holds'
            : remission.status === 'not_in_remission'
              ? 'does not hold'
              : remission.status === 'no_assessment'
                ? 'no assessment yet'
                : 'not defined for this diagnosis'}
        </strong>
        {remission.assessedAt !== null && <> (assessed {formatLocalDate(remission.assessedAt)})</>}
        {remission.level && <> · {remission.level.replaceAll('_', ' ')}</>}
      </p>
      <Reasons reasons={remission.basis} />
      <p className="muted small">
        {remission.source && <>{remission.source} · </>}rules {remission.ruleVersion}
      </p>
    </div>
  );
}
