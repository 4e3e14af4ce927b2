/** A follow-up item's status (overdue, due, given…) as a coloured tag with its word. */
export function StatusTag({ status }: { status: string }) {
  const icon =
    status === 'overdue' || status === 'missed'
      ? '!'
      : status === 'given' || status === 'completed' || status === 'done'
        ? '✓'
        : '';
  return (
    <span className={`fu-status fu-status--${status}`}>
      {icon && <span aria-hidden="true">{icon} </span>}
      {status.replaceAll('_', ' ')}
    </span>
  );
}
