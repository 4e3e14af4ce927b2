import { AcknowledgeAlertRequest, ResolveAlertRequest } from '@cellwatch/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import type { z } from 'zod';
import { describeError } from '../api/client.ts';
import { fieldError } from '../bedside/shared.tsx';
import { formatLocalDateTime } from '../format/time.ts';
import { useRequestForm } from '../forms/request-form.ts';
import { EmptyState, ErrorState, LoadingState } from '../ui/states.tsx';
import { SeverityBadge } from './badges.tsx';
import {
  type AlertItem,
  type AlertNoteRequest,
  type AlertStatusFilter,
  alertsQuery,
  SEVERITY_LABELS,
  type Severity,
  saveAlertNote,
} from './queries.ts';
import './alerts.css';
import { queryKeys } from '../api/query-keys.ts';

const STATUS_LABELS: Record<AlertItem['status'], string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};

/** The note sent trimmed; an empty acknowledgement note is left out (it is optional). */
const noteRequest = (kind: 'acknowledge' | 'resolve', note: string): AlertNoteRequest =>
  kind === 'acknowledge' && note.trim() === '' ? {} : { note: note.trim() };

function NoteForm({
  alert,
  kind,
  onDone,
}: {
  alert: AlertItem;
  kind: 'acknowledge' | 'resolve';
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const id = useId();
  const mutation = useMutation({
    mutationFn: (body: AlertNoteRequest) => saveAlertNote(alert.id, kind, body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.alerts() });
      queryClient.invalidateQueries({ queryKey: queryKeys.ward() });
      queryClient.invalidateQueries({ queryKey: queryKeys.patient(alert.patientId) });
      onDone();
    },
  });
  const schema: z.ZodType<unknown, AlertNoteRequest> =
    kind === 'acknowledge' ? AcknowledgeAlertRequest : ResolveAlertRequest;
  const { form, onSubmit, error } = useRequestForm({
    schema,
    defaultValues: { note: '' },
    toRequest: (values: { note: string }) => noteRequest(kind, values.note),
    mutation,
    send: (body) => mutation.mutate(body),
  });
  // A resolution note too short is said in the clinic's words; any other refusal in the contract's.
  const refused = form.formState.errors.note;
  const noteError = refused
    ? refused.type === 'too_small'
      ? 'Say how it was resolved (at least 3 characters).'
      : refused.message
    : fieldError(error, 'note');
  const label = kind === 'acknowledge' ? 'Acknowledgement note (optional)' : 'Resolution note (required)';
  return (
    <form className="alert-card__form" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-note`}>{label}</label>
        <textarea
          id={`${id}-note`}
          rows={2}
          maxLength={1000}
          {...form.register('note', { onChange: () => form.clearErrors('note') })}
          aria-invalid={noteError ? true : undefined}
          aria-describedby={noteError ? `${id}-err` : undefined}
        />
        {noteError && (
          <p className="field__error" id={`${id}-err`}>
            <span aria-hidden="true">✕ </span>
            {noteError}
          </p>
        )}
      </div>
      {error && !noteError ? (
        <p className="notice notice--error" role="alert">
          <span className="notice__icon" aria-hidden="true">
            ✕
          </span>
          {describeError(error)}
        </p>
      ) : null}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={mutation.isPending}>
          {mutation.isPending
            ? 'Saving…'
            : kind === 'acknowledge'
              ? 'Save acknowledgement'
              : 'Save resolution'}
          <span className="visually-hidden"> for {alert.patient.name}</span>
        </button>
        <button type="button" className="button button--quiet" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** "Possible CRS onset" from `possible_crs_onset`: what the alert is about, in words. */
function ruleLabel(rule: string): string {
  const words = rule.replace(/_/g, ' ');
  return words
    .charAt(0)
    .toUpperCase()
    .concat(words.slice(1))
    .replace(/\b(crs|icans|ice|spo2|anc|igg|ivig|pjp|hsv|vzv|hbv|cmv|pcr)\b/gi, (w) =>
      w.toLowerCase() === 'spo2' ? 'SpO2' : w.toUpperCase(),
    );
}

function AlertCard({ alert }: { alert: AlertItem }) {
  const { hash } = useLocation();
  // "Acknowledge with note…" on the live banner opens this alert's note form here.
  const linkedHere = hash === `#alert-${alert.id}`;
  const [form, setForm] = useState<'acknowledge' | 'resolve' | null>(
    linkedHere && alert.status === 'open' ? 'acknowledge' : null,
  );
  const titleId = useId();
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (linkedHere) ref.current?.scrollIntoView({ block: 'center' });
  }, [linkedHere]);
  return (
    <li
      ref={ref}
      id={`alert-${alert.id}`}
      data-alert-id={alert.id}
      className={`alert-card alert-card--${alert.severity} alert-card--${alert.status}`}
      aria-labelledby={titleId}
    >
      <div className="alert-card__head">
        <SeverityBadge severity={alert.severity} />
        <h3 className="alert-card__rule" id={titleId}>
          {ruleLabel(alert.rule)}
          <span className="visually-hidden"> for {alert.patient.name}</span>
        </h3>
        <span className={`alert-status alert-status--${alert.status}`}>{STATUS_LABELS[alert.status]}</span>
      </div>
      <p className="alert-card__message">{alert.message}</p>
      <dl className="alert-card__facts">
        <div>
          <dt>Raised</dt>
          <dd>{formatLocalDateTime(alert.raisedAt)}</dd>
        </div>
        {/* Only an alert whose rule really fired again while it was unresolved says so. */}
        {alert.fireCount > 1 && (
          <div>
            <dt>Raised again</dt>
            <dd>
              {alert.fireCount - 1}× (last {formatLocalDateTime(alert.lastFiredAt)})
            </dd>
          </div>
        )}
        {/* The same condition with a newer reason (a new CD4 count): the message above is current. */}
        {alert.updateCount > 0 && alert.updatedAt && (
          <div>
            <dt>Updated</dt>
            <dd>
              {alert.updateCount}× (last {formatLocalDateTime(alert.updatedAt)})
            </dd>
          </div>
        )}
        {alert.acknowledgedAt && (
          <div>
            <dt>Acknowledged</dt>
            <dd>
              {formatLocalDateTime(alert.acknowledgedAt)}
              {alert.acknowledgedBy != null && <> by user #{alert.acknowledgedBy}</>}
              {alert.acknowledgeNote && <> — “{alert.acknowledgeNote}”</>}
            </dd>
          </div>
        )}
        {alert.resolvedAt && (
          <div>
            <dt>Resolved</dt>
            <dd>
              {formatLocalDateTime(alert.resolvedAt)}
              {alert.resolvedBy != null && <> by user #{alert.resolvedBy}</>}
              {alert.resolveNote && <> — “{alert.resolveNote}”</>}
            </dd>
          </div>
        )}
      </dl>
      {alert.status !== 'resolved' &&
        (form ? (
          <NoteForm alert={alert} kind={form} onDone={() => setForm(null)} />
        ) : (
          <div className="row-actions">
            {alert.status === 'open' && (
              <button type="button" className="button" onClick={() => setForm('acknowledge')}>
                Acknowledge<span className="visually-hidden"> alert for {alert.patient.name}</span>
              </button>
            )}
            <button type="button" className="button" onClick={() => setForm('resolve')}>
              Resolve<span className="visually-hidden"> alert for {alert.patient.name}</span>
            </button>
          </div>
        ))}
    </li>
  );
}

interface PatientAlerts {
  patient: AlertItem['patient'];
  patientId: number;
  alerts: AlertItem[];
}

/** One group per patient, in the order the API sorts (most severe first): the sickest first. */
export function groupByPatient(alerts: readonly AlertItem[]): PatientAlerts[] {
  const groups = new Map<number, PatientAlerts>();
  for (const alert of alerts) {
    const group = groups.get(alert.patientId);
    if (group) group.alerts.push(alert);
    else groups.set(alert.patientId, { patient: alert.patient, patientId: alert.patientId, alerts: [alert] });
  }
  return [...groups.values()];
}

function PatientAlertGroup({ group }: { group: PatientAlerts }) {
  const headingId = useId();
  const open = group.alerts.filter((a) => a.status !== 'resolved').length;
  return (
    <li className="alert-group" aria-labelledby={headingId} data-alert-patient={group.patient.name}>
      <div className="alert-group__head">
        <h2 className="alert-group__patient" id={headingId}>
          <Link to={`/patients/${group.patientId}`}>{group.patient.name}</Link>
        </h2>
        <span className="cell-sub">
          MRN {group.patient.mrn} · {group.alerts.length} {group.alerts.length === 1 ? 'alert' : 'alerts'}
          {open !== group.alerts.length && <>, {open} unresolved</>}
        </span>
      </div>
      <ul className="alert-list" aria-labelledby={headingId}>
        {group.alerts.map((alert) => (
          <AlertCard key={alert.id} alert={alert} />
        ))}
      </ul>
    </li>
  );
}

export function AlertsPage() {
  const [status, setStatus] = useState<AlertStatusFilter>('unresolved');
  const [severity, setSeverity] = useState<Severity | ''>('');
  const alerts = useQuery(alertsQuery(status, severity));

  return (
    <section className="stack" aria-labelledby="alerts-title">
      <title>Alerts · CellWatch</title>
      <h1 id="alerts-title">Alerts</h1>
      <form className="form--filters alerts-filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="alerts-status">Status</label>
          <select
            id="alerts-status"
            value={status}
            onChange={(e) => setStatus(e.target.value as AlertStatusFilter)}
          >
            <option value="unresolved">Unresolved (open and acknowledged)</option>
            <option value="acknowledged">Acknowledged</option>
            <option value="resolved">Resolved</option>
            <option value="all">All</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="alerts-severity">Severity</label>
          <select
            id="alerts-severity"
            value={severity}
            onChange={(e) => setSeverity(e.target.value as Severity | '')}
          >
            <option value="">All severities</option>
            {(['critical', 'high', 'warning', 'info'] as const).map((s) => (
              <option key={s} value={s}>
                {SEVERITY_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
      </form>
      {alerts.isPending ? (
        <LoadingState label="Loading alerts…" />
      ) : alerts.isError ? (
        <ErrorState
          title="Alerts could not be loaded"
          error={alerts.error}
          onRetry={() => alerts.refetch()}
        />
      ) : alerts.data.alerts.length === 0 ? (
        <EmptyState title="No alerts match">
          <p>New alerts appear here as soon as they are raised.</p>
        </EmptyState>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {alerts.data.alerts.length} {alerts.data.alerts.length === 1 ? 'alert' : 'alerts'} for{' '}
            {groupByPatient(alerts.data.alerts).length}{' '}
            {groupByPatient(alerts.data.alerts).length === 1 ? 'patient' : 'patients'}, grouped by patient,
            most severe first.
          </p>
          <ul className="alert-groups" aria-label="Alerts">
            {groupByPatient(alerts.data.alerts).map((group) => (
              <PatientAlertGroup key={group.patientId} group={group} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
