import { type AuditEntry, AuditQuery } from '@cellwatch/contracts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Controller, type Resolver, useForm } from 'react-hook-form';
import { useSearchParams } from 'react-router';
import { formatLocalDate, formatLocalTime } from '../format/time.ts';
import { requestResolver } from '../forms/request-form.ts';
import { EmptyState, ErrorState, LoadingState } from '../ui/states.tsx';
import { TableScroller } from '../ui/TableScroller.tsx';
import { TextField } from '../ui/TextField.tsx';
import { AccountChanges } from './AccountChanges.tsx';
import { type AuditFilters, auditTrailQuery, useVerifyAuditChain } from './audit-queries.ts';
import { usersQuery } from './users-queries.ts';

/** What the API records today; free text is allowed too, as later resources add their own. */
const KNOWN_ENTITIES = [
  'user',
  'session',
  'patient',
  'vital_set',
  'neuro_assessment',
  'medication_administration',
  'vasopressor_infusion',
  'lab_panel',
];

function positiveInt(value: string | null): number | undefined {
  if (!value) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Filters live in the address, so a filtered view can be reloaded, bookmarked or shared. */
function useAuditFilters(): [AuditFilters, (next: AuditFilters) => void] {
  const [params, setParams] = useSearchParams();
  const filters: AuditFilters = {
    entity: params.get('entity')?.trim() || undefined,
    userId: positiveInt(params.get('userId')),
    patientId: positiveInt(params.get('patientId')),
  };
  const setFilters = (next: AuditFilters) => {
    const out = new URLSearchParams();
    if (next.entity) out.set('entity', next.entity);
    if (next.userId) out.set('userId', String(next.userId));
    if (next.patientId) out.set('patientId', String(next.patientId));
    setParams(out);
  };
  return [filters, setFilters];
}

/** The filters as typed: a record type, a user chosen from the list, a patient ID. */
type FilterEntry = { entity: string; userId: string; patientId: string };

/** The filters the audit query accepts (AuditQuery, the API's own check of them). */
const AuditFilterQuery = AuditQuery.pick({ entity: true, userId: true, patientId: true });

/** The typed filters as the query sends them: empty ones left out, the IDs as numbers. */
function filterQuery(v: FilterEntry): AuditFilters {
  const id = (text: string | undefined) => (text?.trim() ? Number(text.trim()) : undefined);
  return { entity: v.entity.trim() || undefined, userId: id(v.userId), patientId: id(v.patientId) };
}

const entered = (f: AuditFilters): FilterEntry => ({
  entity: f.entity ?? '',
  userId: f.userId ? String(f.userId) : '',
  patientId: f.patientId ? String(f.patientId) : '',
});

function FilterForm({ filters, onApply }: { filters: AuditFilters; onApply: (f: AuditFilters) => void }) {
  const users = useQuery(usersQuery());
  const form = useForm<FilterEntry, unknown, AuditFilters>({
    defaultValues: entered(filters),
    resolver: requestResolver(AuditFilterQuery, filterQuery) as Resolver<FilterEntry, unknown, AuditFilters>,
    mode: 'onSubmit',
    reValidateMode: 'onSubmit',
    shouldFocusError: false,
  });
  const { errors } = form.formState;
  const submit = form.handleSubmit((query) => onApply(query));

  const clear = () => {
    form.reset(entered({}));
    onApply({});
  };

  return (
    <form
      className="form form--filters"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-label="Filter the audit trail"
    >
      <TextField
        label="Record type"
        hint="e.g. user, session, patient"
        list="audit-entities"
        autoComplete="off"
        {...form.register('entity')}
        error={errors.entity && 'A record type is at most 64 characters.'}
      />
      <datalist id="audit-entities">
        {KNOWN_ENTITIES.map((e) => (
          <option key={e} value={e} />
        ))}
      </datalist>
      <div className="field">
        <label htmlFor="audit-user">Done by</label>
        <p className="field__hint" id="audit-user-hint">
          {users.isError ? 'The user list could not be loaded.' : 'Anyone, or one user.'}
        </p>
        {/* Controlled, so a user filtered by shows as chosen once the list has loaded. */}
        <Controller
          control={form.control}
          name="userId"
          render={({ field }) => (
            <select id="audit-user" aria-describedby="audit-user-hint" {...field} disabled={!users.data}>
              <option value="">Anyone</option>
              {users.data?.users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.displayName} ({u.username})
                </option>
              ))}
            </select>
          )}
        />
      </div>
      <TextField
        label="Patient ID"
        hint="Only entries about this patient."
        inputMode="numeric"
        autoComplete="off"
        {...form.register('patientId')}
        error={errors.patientId && 'A patient ID is a whole number, e.g. 12.'}
      />
      <div className="form__actions">
        <button className="button button--primary" type="submit">
          Apply filters
        </button>
        <button className="button" type="button" onClick={clear}>
          Clear filters
        </button>
      </div>
    </form>
  );
}

function VerifyChain() {
  const verify = useVerifyAuditChain();
  const result = verify.data;
  return (
    <div className="verify">
      <button
        type="button"
        className="button"
        disabled={verify.isPending}
        onClick={() => verify.mutate()}
        aria-describedby="verify-explained"
      >
        {verify.isPending ? 'Verifying…' : 'Verify chain'}
      </button>
      <p className="muted small" id="verify-explained">
        Recomputes every entry's keyed hash and re-reads every charted fact it covers, to prove none was
        changed or removed.
      </p>
      <div aria-live="polite">
        {verify.isError && (
          <ErrorState
            title="The chain could not be verified"
            error={verify.error}
            onRetry={() => verify.mutate()}
          />
        )}
        {result?.ok && (
          <p className="notice notice--success" data-testid="verify-result">
            <span className="notice__icon" aria-hidden="true">
              ✓
            </span>
            Chain intact: all {result.rows} entries verified at {formatLocalTime(result.checkedAt)}.
          </p>
        )}
        {result && !result.ok && (
          <p className="notice notice--error" role="alert" data-testid="verify-result">
            <span className="notice__icon" aria-hidden="true">
              ✕
            </span>
            {result.firstBrokenSeq === null
              ? 'Charted facts differ from what the trail recorded.'
              : `Chain broken at entry #${result.firstBrokenSeq}: the trail was altered from that entry on.`}{' '}
            Checked {result.rows} entries at {formatLocalTime(result.checkedAt)}. Report this to your security
            officer.
          </p>
        )}
        {result && (result.problems?.length || result.notes?.length) ? (
          <ul className="muted small" data-testid="verify-details">
            {result.problems?.map((p) => (
              <li key={`problem-${p.seq}-${p.table}-${p.message}`}>{p.message}</li>
            ))}
            {result.notes?.map((note) => (
              <li key={`note-${note}`}>{note}</li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}

function describeActor(entry: AuditEntry): string {
  if (entry.username) return entry.username;
  // An alert brought up to date by the rules themselves (the charting write's own row is next).
  if (entry.userId === null && entry.entity === 'alert') return 'CellWatch alert rules';
  return entry.userId === null ? 'nobody signed in' : `user #${entry.userId}`;
}

function Changes({ entry }: { entry: AuditEntry }) {
  if (entry.before == null && entry.after == null) return <span className="muted">—</span>;
  return (
    <details className="changes">
      <summary>Changes</summary>
      {entry.before != null && (
        <>
          <p className="small">Before</p>
          <pre>{JSON.stringify(entry.before, null, 2)}</pre>
        </>
      )}
      {entry.after != null && (
        <>
          <p className="small">After</p>
          <pre>{JSON.stringify(entry.after, null, 2)}</pre>
        </>
      )}
    </details>
  );
}

function AuditTable({ filters }: { filters: AuditFilters }) {
  const trail = useInfiniteQuery(auditTrailQuery(filters));
  if (trail.isPending) return <LoadingState label="Loading the audit trail…" />;
  if (trail.isLoadingError)
    return (
      <ErrorState
        title="The audit trail could not be loaded"
        error={trail.error}
        onRetry={() => trail.refetch()}
      />
    );
  const entries = trail.data.pages.flatMap((p) => p.entries);
  if (entries.length === 0) {
    return <EmptyState title="No audit entries match these filters" />;
  }
  return (
    <>
      <TableScroller label="Audit entries">
        <table className="table table--dense">
          <caption className="visually-hidden">Audit entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Time</th>
              <th scope="col">Done by</th>
              <th scope="col">Action</th>
              <th scope="col">Record</th>
              <th scope="col">Patient</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.seq}>
                <td className="num">{entry.seq}</td>
                <td>
                  {/* Date and time wrap as units on a narrow screen, never mid-date. */}
                  <time dateTime={entry.at}>
                    <span className="nowrap">{formatLocalDate(entry.at)}</span>{' '}
                    <span className="nowrap">{formatLocalTime(entry.at)}</span>
                  </time>
                </td>
                <td>{describeActor(entry)}</td>
                <td>{entry.action.replaceAll('_', ' ')}</td>
                <td className="nowrap">
                  {entry.entity}
                  {entry.entityId && <span className="muted"> #{entry.entityId}</span>}
                </td>
                <td>{entry.patientId ?? <span className="muted">—</span>}</td>
                <td>
                  <Changes entry={entry} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroller>
      <p className="muted small" aria-live="polite">
        Showing {entries.length} {entries.length === 1 ? 'entry' : 'entries'}
        {trail.hasNextPage ? '; older entries exist.' : ', back to the first.'}
      </p>
      {trail.hasNextPage && (
        <button
          type="button"
          className="button"
          disabled={trail.isFetchingNextPage}
          onClick={() => trail.fetchNextPage()}
        >
          {trail.isFetchingNextPage ? 'Loading…' : 'Load older entries'}
        </button>
      )}
      {trail.isFetchNextPageError && (
        <ErrorState
          title="Older entries could not be loaded"
          error={trail.error}
          onRetry={() => trail.fetchNextPage()}
        />
      )}
      {trail.isRefetchError && (
        <ErrorState
          title="The audit trail could not be refreshed; these entries may be out of date"
          error={trail.error}
          onRetry={() => trail.refetch()}
        />
      )}
    </>
  );
}

export function AuditTrailPage() {
  const [filters, setFilters] = useAuditFilters();
  // Re-mount the form when the address changes (back button), so its fields show the filters in force.
  const formKey = JSON.stringify(filters);
  return (
    <div className="stack stack--large">
      <title>Audit trail · CellWatch</title>
      <div className="page-head">
        <h1>Audit trail</h1>
        <VerifyChain />
      </div>
      <AccountChanges />
      <section className="card stack" aria-label="Filters">
        <FilterForm key={formKey} filters={filters} onApply={setFilters} />
      </section>
      <div className="stack">
        <AuditTable filters={filters} />
      </div>
    </div>
  );
}
