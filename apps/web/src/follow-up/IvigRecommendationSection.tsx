import type { FollowUpPicture as FollowUp } from '@cellwatch/contracts';
import { FollowUpSection, Reasons } from './FollowUpSection.tsx';
import { StatusTag } from './StatusTag.tsx';

const IVIG_LABELS: Record<string, string> = {
  indicated: 'IVIG indicated',
  clinician_decision: "Clinician's decision",
  not_indicated: 'IVIG not indicated',
  no_recent_igg: 'No recent IgG',
};

/** Whether IVIG is indicated, at what dose, and whether it could stop. */
export function IvigRecommendationSection({ data }: { data: FollowUp }) {
  return (
    <FollowUpSection title="IVIG recommendation">
      <p className="fu-big">
        <StatusTag status={data.ivig.status} /> {IVIG_LABELS[data.ivig.status] ?? data.ivig.status}
        {data.ivig.doseG !== null && <> — {data.ivig.doseG} g per dose</>}
      </p>
      <Reasons reasons={data.ivig.reasons} />
      {data.ivigStop.suggested && (
        <p className="notice notice--warning">
          <span className="notice__icon" aria-hidden="true">
            !
          </span>
          Stopping IVIG may be considered.
        </p>
      )}
      <details>
        <summary>When IVIG could stop</summary>
        <Reasons reasons={data.ivigStop.reasons} />
      </details>
    </FollowUpSection>
  );
}
