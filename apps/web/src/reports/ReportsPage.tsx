import { useQuery } from '@tanstack/react-query';
import { formatLocalDateTime } from '../format/time.ts';
import { EmptyState, ErrorState, LoadingState } from '../ui/states.tsx';
import { CohortSummaryTable } from './CohortSummaryTable.tsx';
import { withUnit } from './format.ts';
import { CIBMTR_CSV_PATH, TOXICITY_CSV_PATH, toxicityReportQuery } from './queries.ts';
import { ToxicityTable } from './ToxicityTable.tsx';
import './reports.css';

/** The same CIBMTR extract as JSON (one row per infusion episode, each field with its basis). */
const CIBMTR_JSON_PATH = '/api/reports/cibmtr.json';

/** The trial toxicity report: cohort summary and per-patient table, on screen, on paper and as CSV. */
export function ReportsPage() {
  const report = useQuery(toxicityReportQuery());
  const patients = report.isSuccess ? report.data.summary.patients : null;
  return (
    <section className="stack report" aria-labelledby="report-title">
      <title>Toxicity report · CellWatch</title>
      <div className="report-head">
        <div className="report-head__title">
          <p className="report-print-only">CellWatch</p>
          <h1 id="report-title">Toxicity report</h1>
          {patients !== null && (
            <p className="report-head__meta">
              Generated{' '}
              <time dateTime={new Date(report.dataUpdatedAt).toISOString()}>
                {formatLocalDateTime(report.dataUpdatedAt)}
              </time>
              {` · ${withUnit(patients, 'infused patient')}`}
            </p>
          )}
        </div>
        <div className="report-actions">
          <button
            type="button"
            className="button button--primary"
            disabled={!report.isSuccess}
            onClick={() => window.print()}
          >
            Print
          </button>
          <a className="button" href={TOXICITY_CSV_PATH} download>
            Download CSV
          </a>
          <a className="button" href={CIBMTR_CSV_PATH} download>
            CIBMTR Form 4100 extract (CSV)
          </a>
          <a className="button" href={CIBMTR_JSON_PATH} download="cellwatch-cibmtr-4100.json">
            CIBMTR Form 4100 extract (JSON)
          </a>
        </div>
      </div>
      {report.isPending ? (
        <LoadingState label="Loading the toxicity report…" />
      ) : report.isError ? (
        <ErrorState
          title="The toxicity report could not be loaded"
          error={report.error}
          onRetry={() => report.refetch()}
        />
      ) : report.data.rows.length === 0 ? (
        <EmptyState title="No infused patients yet">
          <p>The report lists every patient from their Day 0 on.</p>
        </EmptyState>
      ) : (
        <>
          <section className="stack report-section--summary" aria-labelledby="report-summary-title">
            <h2 id="report-summary-title">Cohort summary</h2>
            <p className="muted">Maximum grade per patient, ASTCT 2019 consensus grading.</p>
            <CohortSummaryTable summary={report.data.summary} />
          </section>
          <section className="stack" aria-labelledby="report-patients-title">
            <h2 id="report-patients-title">Patients</h2>
            <p className="muted">
              Onset as the study day of the first episode, duration summed over all episodes (an episode still
              going counts up to now).
            </p>
            <ToxicityTable rows={report.data.rows} />
          </section>
        </>
      )}
    </section>
  );
}
