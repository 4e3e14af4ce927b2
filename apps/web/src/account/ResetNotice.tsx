import type { MeResponse } from '@cellwatch/contracts';
import { formatLocalDateTime } from '../format/time.ts';

/** "Your password was reset by …": the user is always told who set their password, and when. */
export function ResetNotice({ notice }: { notice: MeResponse['resetNotice'] }) {
  if (!notice) return null;
  return (
    <p className="notice notice--warning" role="status" data-testid="reset-notice">
      <span className="notice__icon" aria-hidden="true">
        !
      </span>
      Your password was reset by administrator {notice.byDisplayName} ({notice.by}) on{' '}
      {formatLocalDateTime(notice.at)}. If you did not ask for this, tell your unit's administrator.
    </p>
  );
}
