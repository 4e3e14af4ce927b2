import { PROPHYLAXIS_LABELS } from '@cellwatch/clinical';
import { ProphylaxisRecordRequest } from '@cellwatch/contracts';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { formatLocalDate } from '../format/time.ts';
import { TableScroller } from '../ui/TableScroller.tsx';
import { CmvPcrPanel } from './CmvPcrPanel.tsx';
import { useFollowUpEntryForm } from './follow-up-form.tsx';
import { prophylaxisQuery } from './prophylaxis-queries.ts';
import { QuerySection, SaveRow } from './QuerySection.tsx';
import { localInputToIso, nowLocalInput } from './queries.ts';
import { StatusTag } from './StatusTag.tsx';

const EMPTY = { kind: 'antiviral_hsv_vzv', drug: '', startedAt: '', plannedStopAt: '' };
type Entry = typeof EMPTY;

/** Chart a prophylaxis: kind, drug, start and planned stop, checked by the contract before it is sent. */
function ProphylaxisForm({ patientId }: { patientId: number }) {
  const { onSubmit, error, pending, input, select } = useFollowUpEntryForm({
    patientId,
    path: 'prophylaxis-records',
    schema: ProphylaxisRecordRequest,
    defaultValues: { ...EMPTY, startedAt: nowLocalInput() },
    toRequest: (v: Entry): z.input<typeof ProphylaxisRecordRequest> => ({
      kind: v.kind as z.input<typeof ProphylaxisRecordRequest>['kind'],
      drug: v.drug.trim(),
      startedAt: localInputToIso(v.startedAt),
      plannedStopAt: v.plannedStopAt ? localInputToIso(v.plannedStopAt) : undefined,
    }),
  });
  return (
    <form className="fu-inline-form" onSubmit={onSubmit} noValidate>
      {select('kind', 'Prophylaxis', PROPHYLAXIS_LABELS)}
      {input('drug', 'Drug and dose', 'text')}
      {input('startedAt', 'Started', 'datetime-local')}
      {input('plannedStopAt', 'Planned stop', 'datetime-local')}
      <SaveRow error={error} pending={pending} label="Add prophylaxis" />
    </form>
  );
}

/** Infection prophylaxis: each kind's status with its stop rule, HBV, CMV PCR, and the charting form. */
export function ProphylaxisSection({ patientId }: { patientId: number }) {
  const view = useQuery(prophylaxisQuery(patientId));
  return (
    <QuerySection title="Infection prophylaxis" query={view} what="prophylaxis">
      {(data) => (
        <>
          <TableScroller label="Prophylaxis by kind">
            <table>
              <thead>
                <tr>
                  <th scope="col">Prophylaxis</th>
                  <th scope="col">Status</th>
                  <th scope="col">Why</th>
                  <th scope="col">Earliest stop</th>
                </tr>
              </thead>
              <tbody>
                {data.prophylaxis.kinds.map((k) => (
                  <tr key={k.kind}>
                    <th scope="row">{k.label}</th>
                    <td>
                      <StatusTag status={k.status} />
                    </td>
                    <td>
                      {k.reason}
                      {k.stopRule && !k.stopRule.met && (
                        <ul className="fu-reasons">
                          {k.stopRule.reasons.map((r) => (
                            <li key={r}>{r}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td>
                      {k.earliestStopAt === null
                        ? '—'
                        : formatLocalDate(new Date(k.earliestStopAt).toISOString())}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroller>
          <ul className="fu-plain">
            <li>{data.prophylaxis.hbvScreening.reason}</li>
          </ul>
          <p className="muted">
            {data.prophylaxis.source} · rules {data.ruleVersion}
          </p>
          <ProphylaxisForm patientId={patientId} />
          <CmvPcrPanel patientId={patientId} reason={data.prophylaxis.cmvMonitoring.reason} />
        </>
      )}
    </QuerySection>
  );
}
