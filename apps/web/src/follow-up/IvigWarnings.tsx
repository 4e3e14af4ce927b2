import type { FollowUpPicture } from '@cellwatch/contracts';

function Warning({ children }: { children: React.ReactNode }) {
  return (
    <p className="notice notice--warning">
      <span className="notice__icon" aria-hidden="true">
        !
      </span>
      {children}
    </p>
  );
}

/**
 * Before planning: the IVIG rule does not indicate IVIG (IgG ≥ threshold without serious or
 * recurrent infections, or no recent IgG). Planning stays possible; the warning is recorded.
 */
export function PlanIvigWarning({ ivig, threshold }: { ivig: FollowUpPicture['ivig']; threshold: number }) {
  if (ivig.status !== 'not_indicated' && ivig.status !== 'no_recent_igg') return null;
  return (
    <Warning>
      {ivig.status === 'not_indicated'
        ? `The IgG does not indicate IVIG (IVIG is indicated below ${threshold} mg/dL, or with serious or recurrent infections up to the clinician's band).`
        : 'There is no recent IgG to decide on IVIG.'}{' '}
      You can still plan doses: this warning is recorded with the plan. {ivig.reasons[0]}
    </Warning>
  );
}

/** The warning recorded when this dose was planned. */
export function DosePlanWarning({ warning }: { warning: string | null | undefined }) {
  if (!warning) return null;
  return <Warning>Planned with a warning: {warning}</Warning>;
}
