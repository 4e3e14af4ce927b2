import { VACCINE_GROUP_LABELS } from '@cellwatch/clinical';
import { VaccineDoseRequest } from '@cellwatch/contracts';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { formatLocalDate } from '../format/time.ts';
import { useFollowUpEntryForm } from './follow-up-form.tsx';
import { vaccinesQuery } from './prophylaxis-queries.ts';
import { QuerySection, SaveRow } from './QuerySection.tsx';
import { localInputToIso, nowLocalInput } from './queries.ts';
import { StatusTag } from './StatusTag.tsx';

const EMPTY = { group: 'influenza', vaccine: '', givenAt: '', lot: '' };
type Entry = typeof EMPTY;

/** Chart a vaccine dose given, checked by the contract before it is sent. */
function VaccineDoseForm({ patientId }: { patientId: number }) {
  const { onSubmit, error, pending, input, select } = useFollowUpEntryForm({
    patientId,
    path: 'vaccine-doses',
    schema: VaccineDoseRequest,
    defaultValues: { ...EMPTY, givenAt: nowLocalInput() },
    toRequest: (v: Entry): z.input<typeof VaccineDoseRequest> => ({
      group: v.group as z.input<typeof VaccineDoseRequest>['group'],
      vaccine: v.vaccine.trim(),
      givenAt: localInputToIso(v.givenAt),
      lot: v.lot.trim() || undefined,
    }),
  });
  return (
    <form className="fu-inline-form" onSubmit={onSubmit} noValidate>
      {select('group', 'Vaccine group', VACCINE_GROUP_LABELS)}
      {input('vaccine', 'Vaccine', 'text')}
      {input('givenAt', 'Given', 'datetime-local')}
      {input('lot', 'Vaccine lot', 'text')}
      <SaveRow error={error} pending={pending} label="Add vaccine dose" />
    </form>
  );
}

/** Revaccination: each vaccine group due, blocked with every reason, or given; doses charted. */
export function VaccinesSection({ patientId }: { patientId: number }) {
  const view = useQuery(vaccinesQuery(patientId));
  return (
    <QuerySection title="Revaccination" query={view} what="vaccines">
      {(data) => (
        <>
          <ul className="fu-doses">
            {data.vaccines.groups.map((g) => (
              <li key={g.group}>
                <strong>{g.label}</strong> <StatusTag status={g.status} />
                {g.status === 'blocked' ? (
                  <ul className="fu-reasons">
                    {g.blockedBy.map((b) => (
                      <li key={b.block}>{b.reason}</li>
                    ))}
                  </ul>
                ) : (
                  <p>{g.reason}</p>
                )}
              </li>
            ))}
          </ul>
          {data.doses.length > 0 && (
            <ul className="fu-plain" aria-label="Vaccine doses given">
              {data.doses.map((d) => (
                <li key={d.id}>
                  {formatLocalDate(d.givenAt)}: {d.vaccine}
                  {d.lot && ` (lot ${d.lot})`}
                </li>
              ))}
            </ul>
          )}
          <p className="muted">
            {data.vaccines.source} · rules {data.ruleVersion}
          </p>
          <VaccineDoseForm patientId={patientId} />
        </>
      )}
    </QuerySection>
  );
}
