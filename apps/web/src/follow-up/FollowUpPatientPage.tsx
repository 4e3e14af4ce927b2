import { useQuery } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useUnitTimeZone } from '../auth/unit-time-zone.ts';
import { LabForm } from '../bedside/LabForm.tsx';
import { dayLabel } from '../format/clinical.ts';
import { formatLocalDate, formatLocalDateTime } from '../format/time.ts';
import { EmptyState, ErrorState, LoadingState } from '../ui/states.tsx';
import { TableScroller } from '../ui/TableScroller.tsx';
import { TextField } from '../ui/TextField.tsx';
import { Cd19Chart, IggChart } from './FollowUpCharts.tsx';
import { FormError, useFollowUpWrite } from './follow-up-write.tsx';
import { DosePlanWarning, PlanIvigWarning } from './IvigWarnings.tsx';
import { MilestonesTable } from './MilestonesSection.tsx';
import {
  type Dose,
  type FollowUp,
  followUpPatientQuery,
  followUpQuery,
  localInputToIso,
  nowLocalInput,
} from './queries.ts';
import { StatusTag } from './StatusTag.tsx';
import './follow-up.css';

const B_CELL_LABELS: Record<string, string> = {
  not_yet_depleted: 'Not yet depleted',
  aplasia: 'B-cell aplasia',
  reconstituted: 'B cells reconstituted',
  no_data: 'No CD19 data',
};
const IVIG_LABELS: Record<string, string> = {
  indicated: 'IVIG indicated',
  clinician_decision: "Clinician's decision",
  not_indicated: 'IVIG not indicated',
  no_recent_igg: 'No recent IgG',
};

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="card fu-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Reasons({ reasons }: { reasons: string[] }) {
  if (!reasons.length) return null;
  return (
    <ul className="fu-reasons">
      {[...new Set(reasons)].map((r) => (
        <li key={r}>{r}</li>
      ))}
    </ul>
  );
}

function DoseActions({
  patientId,
  dose,
  defaultG,
}: {
  patientId: number;
  dose: Dose;
  defaultG: number | null;
}) {
  const [mode, setMode] = useState<'given' | 'cancel' | null>(null);
  const [givenAt, setGivenAt] = useState(nowLocalInput);
  const [doseG, setDoseG] = useState(defaultG ? String(defaultG) : '');
  const [lot, setLot] = useState('');
  const [reason, setReason] = useState('');
  const write = useFollowUpWrite(patientId);
  const base = `ivig-doses/${dose.id}`;
  const due = formatLocalDate(dose.dueAt);
  if (dose.status === 'given' || dose.status === 'cancelled' || dose.status === 'missed') return null;
  const submitGiven = (e: FormEvent) => {
    e.preventDefault();
    write.mutate(
      {
        path: `${base}/given`,
        body: { givenAt: localInputToIso(givenAt), doseG: Number(doseG), lot: lot.trim() },
      },
      { onSuccess: () => setMode(null) },
    );
  };
  const submitCancel = (e: FormEvent) => {
    e.preventDefault();
    write.mutate(
      { path: `${base}/cancel`, body: { reason: reason.trim() } },
      { onSuccess: () => setMode(null) },
    );
  };
  if (mode === 'given')
    return (
      <form className="fu-inline-form" onSubmit={submitGiven} noValidate>
        <TextField
          label="Given at"
          type="datetime-local"
          value={givenAt}
          onChange={(e) => setGivenAt(e.target.value)}
          required
        />
        <TextField
          label="Dose (g)"
          type="number"
          inputMode="decimal"
          min={1}
          max={200}
          step="0.5"
          value={doseG}
          onChange={(e) => setDoseG(e.target.value)}
          required
        />
        <TextField
          label="Lot number"
          value={lot}
          onChange={(e) => setLot(e.target.value)}
          required
          maxLength={60}
        />
        <FormError error={write.error} />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={write.isPending}>
            {write.isPending ? 'Saving…' : `Record dose due ${due} as given`}
          </button>
          <button type="button" className="button button--quiet" onClick={() => setMode(null)}>
            Cancel
          </button>
        </div>
      </form>
    );
  if (mode === 'cancel')
    return (
      <form className="fu-inline-form" onSubmit={submitCancel} noValidate>
        <TextField
          label="Why is this dose cancelled?"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          minLength={3}
        />
        <FormError error={write.error} />
        <div className="form__actions">
          <button type="submit" className="button button--danger" disabled={write.isPending}>
            Cancel dose due {due}
          </button>
          <button type="button" className="button button--quiet" onClick={() => setMode(null)}>
            Keep it
          </button>
        </div>
      </form>
    );
  return (
    <div className="row-actions">
      <button type="button" className="button" onClick={() => setMode('given')}>
        Given<span className="visually-hidden"> (dose due {due})</span>
      </button>
      <button
        type="button"
        className="button"
        disabled={write.isPending}
        onClick={() => write.mutate({ path: `${base}/missed`, body: { at: new Date().toISOString() } })}
      >
        Missed<span className="visually-hidden"> (dose due {due})</span>
      </button>
      <button type="button" className="button button--quiet" onClick={() => setMode('cancel')}>
        Cancel dose<span className="visually-hidden"> due {due}</span>
      </button>
      <FormError error={write.error} />
    </div>
  );
}

function PlanDosesForm({ patientId, data }: { patientId: number; data: FollowUp }) {
  const [firstDueAt, setFirstDueAt] = useState(nowLocalInput);
  const [count, setCount] = useState('3');
  const [intervalWeeks, setIntervalWeeks] = useState('4');
  const write = useFollowUpWrite(patientId);
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Plan IVIG doses
      </button>
    );
  return (
    <form
      className="fu-inline-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        write.mutate(
          {
            path: 'ivig-doses',
            body: {
              firstDueAt: localInputToIso(firstDueAt),
              count: Number(count),
              intervalWeeks: Number(intervalWeeks),
            },
          },
          { onSuccess: () => setOpen(false) },
        );
      }}
    >
      <TextField
        label="First dose due"
        type="datetime-local"
        value={firstDueAt}
        onChange={(e) => setFirstDueAt(e.target.value)}
        required
      />
      <TextField
        label="Number of doses"
        type="number"
        min={1}
        max={26}
        value={count}
        onChange={(e) => setCount(e.target.value)}
        required
      />
      <TextField
        label="Every (weeks)"
        type="number"
        min={1}
        max={12}
        value={intervalWeeks}
        onChange={(e) => setIntervalWeeks(e.target.value)}
      />
      <p className="muted small">
        Each dose: <strong>{data.plannedDose.doseG} g</strong> ({data.plannedDose.reason}).
      </p>
      <PlanIvigWarning ivig={data.ivig} threshold={data.ivigProtocol.igGIndicatedBelowMgDl} />
      <FormError error={write.error} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={write.isPending}>
          Plan doses
        </button>
        <button type="button" className="button button--quiet" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function InfectionForm({ patientId }: { patientId: number }) {
  const id = useId();
  const [onsetAt, setOnsetAt] = useState(nowLocalInput);
  const [site, setSite] = useState('');
  const [organism, setOrganism] = useState('');
  const [grade, setGrade] = useState('2');
  const [bacterial, setBacterial] = useState(false);
  const [hospitalised, setHospitalised] = useState(false);
  const write = useFollowUpWrite(patientId);
  return (
    <form
      className="fu-inline-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        write.mutate(
          {
            path: 'infections',
            body: {
              onsetAt: localInputToIso(onsetAt),
              site: site.trim(),
              ...(organism.trim() ? { organism: organism.trim() } : {}),
              ctcaeGrade: Number(grade),
              bacterial,
              hospitalised,
            },
          },
          {
            onSuccess: () => {
              setSite('');
              setOrganism('');
            },
          },
        );
      }}
    >
      <h3>Add an infection</h3>
      <TextField
        label="Onset"
        type="datetime-local"
        value={onsetAt}
        onChange={(e) => setOnsetAt(e.target.value)}
        required
      />
      <TextField label="Site" value={site} onChange={(e) => setSite(e.target.value)} required />
      <TextField label="Organism (if known)" value={organism} onChange={(e) => setOrganism(e.target.value)} />
      <div className="field">
        <label htmlFor={`${id}-grade`}>CTCAE grade</label>
        <select id={`${id}-grade`} value={grade} onChange={(e) => setGrade(e.target.value)}>
          {[1, 2, 3, 4, 5].map((g) => (
            <option key={g} value={g}>
              Grade {g}
            </option>
          ))}
        </select>
      </div>
      <div className="fu-checks">
        <label>
          <input type="checkbox" checked={bacterial} onChange={(e) => setBacterial(e.target.checked)} />{' '}
          Bacterial
        </label>
        <label>
          <input type="checkbox" checked={hospitalised} onChange={(e) => setHospitalised(e.target.checked)} />{' '}
          Hospitalised
        </label>
      </div>
      <FormError error={write.error} />
      <button type="submit" className="button button--primary" disabled={write.isPending || !site.trim()}>
        {write.isPending ? 'Saving…' : 'Add infection'}
      </button>
    </form>
  );
}

function FollowUpBody({ patientId, data }: { patientId: number; data: FollowUp }) {
  const b = data.bCells;
  return (
    <div className="fu-grid-layout">
      <Section title="B cells and IgG">
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
      </Section>
      <Section title="IVIG recommendation">
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
      </Section>
      <Section title="IVIG dose schedule">
        {data.doses.length === 0 ? (
          <EmptyState title="No IVIG doses planned" />
        ) : (
          <ul className="fu-doses">
            {data.doses.map((d) => (
              <li key={d.id} className={d.status === 'overdue' ? 'fu-row--overdue' : undefined}>
                <p>
                  <StatusTag status={d.status} /> <strong>Due {formatLocalDate(d.dueAt)}</strong>
                  {d.given && (
                    <>
                      {' '}
                      — given {formatLocalDateTime(d.given.at)}: {d.given.doseG} g, lot {d.given.lot ?? '—'}
                      {d.given.by && <> by {d.given.by}</>}
                    </>
                  )}
                  {d.cancelledReason && <> — cancelled: {d.cancelledReason}</>}
                </p>
                {d.trough && (
                  <p className="muted small">Trough IgG: {d.trough.status.replaceAll('_', ' ')}</p>
                )}
                <DosePlanWarning warning={d.planWarning} />
                <DoseActions patientId={patientId} dose={d} defaultG={d.plannedDoseG ?? data.ivig.doseG} />
              </li>
            ))}
          </ul>
        )}
        <PlanDosesForm patientId={patientId} data={data} />
        <h3>IgG checks</h3>
        <ul className="fu-plain">
          {data.iggChecks.map((c) => (
            <li key={`${c.kind}-${c.dueAt}`}>
              <StatusTag status={c.status} /> {c.label} (due {formatLocalDate(c.dueAt)})
              {c.reason && <span className="muted"> — {c.reason}</span>}
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Infections">
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
      </Section>
      <Section title="Autoantibodies and remission">
        <p className="fu-big">
          <StatusTag status={data.remission.status} /> Remission: {data.remission.status.replaceAll('_', ' ')}
          {data.remission.since && <> since {formatLocalDate(data.remission.since)}</>}
        </p>
        <Reasons reasons={data.remission.reasons} />
        {data.autoantibodies.length === 0 ? (
          <p className="muted">No autoantibody results.</p>
        ) : (
          <ul className="fu-plain">
            {data.autoantibodies.map((a) => (
              <li key={a.antibody}>
                <strong>{a.antibody}</strong>: {a.status.replaceAll('_', ' ')}
                {a.change && (
                  <>
                    {' '}
                    ({a.change.from} → {a.change.to}, {a.change.percent > 0 ? '+' : ''}
                    {Math.round(a.change.percent)}%)
                  </>
                )}
                <span className="cell-sub">
                  {a.points
                    .map(
                      (p) =>
                        `${p.day === null ? formatLocalDate(p.at) : `Day +${p.day}`}: ${p.value ?? (p.negative ? 'negative' : '—')}`,
                    )
                    .join(' · ')}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Milestones">
        <MilestonesTable patientId={patientId} milestones={data.milestones} />
      </Section>
    </div>
  );
}

export function FollowUpPatientPage() {
  const params = useParams();
  const patientId = Number(params.id);
  const patient = useQuery({ ...followUpPatientQuery(patientId), enabled: Number.isInteger(patientId) });
  const followUp = useQuery({ ...followUpQuery(patientId), enabled: Number.isInteger(patientId) });
  const p = patient.data?.patient;
  const name = p ? `${p.familyName}, ${p.givenName}` : 'Patient';
  const timeZone = useUnitTimeZone();
  const day = p ? dayLabel(p.infusionAt, Date.now(), timeZone) : null;
  return (
    <section className="stack" aria-labelledby="fu-title">
      <title>{`Follow-up: ${name} · CellWatch`}</title>
      <p>
        <Link to="/follow-up">← Follow-up worklist</Link>
      </p>
      <div className="page-head">
        <h1 id="fu-title">Follow-up: {name}</h1>
        {p && (
          <p className="muted">
            MRN {p.mrn}
            {day && (
              <>
                {' '}
                · <strong>{day}</strong>
              </>
            )}
            {p.infusionAt && <> · infused {formatLocalDate(p.infusionAt)}</>}
            {p.weightKg != null && <> · {p.weightKg} kg</>}
            {' · '}
            <Link to={`/patients/${patientId}`}>Patient page</Link>
          </p>
        )}
      </div>
      {followUp.isPending ? (
        <LoadingState label="Loading the follow-up picture…" />
      ) : followUp.isError ? (
        <ErrorState
          title="The follow-up picture could not be loaded"
          error={followUp.error}
          onRetry={() => followUp.refetch()}
        />
      ) : (
        <FollowUpBody patientId={patientId} data={followUp.data} />
      )}
      {Number.isInteger(patientId) && <LabForm patientId={patientId} />}
    </section>
  );
}
